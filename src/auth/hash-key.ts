// `npm run hash-key [key]`: the SHA-256 to put in API_KEYS for a key (a new random key when none given).
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './authenticate.ts';

const key = process.argv[2] ?? `sbk_${randomBytes(24).toString('base64url')}`;
console.log(JSON.stringify({ key, sha256: sha256Hex(key) }, null, 2));
console.log('Give the key to the client; put only the sha256 in API_KEYS, e.g.');
console.log(`API_KEYS='[{"client":"web","sha256":"${sha256Hex(key)}","scopes":["customers:read"]}]'`);
