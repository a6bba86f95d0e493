// How each kind of configuration variable is read and checked: flags, secrets, proxy lists, API keys,
// per-vendor numbers.
import proxyAddr from 'proxy-addr';
import { z } from 'zod';
import { SCOPES } from './auth/principal.ts';
import { parsePerSource } from './sources/budgets.ts';

export const secret = z.string().min(1, 'must not be empty');
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
export const FLAG_VALUES = ['1', '0', 'true', 'false', 'yes', 'no'] as const;
export const flag = z
  .enum(FLAG_VALUES)
  .default('0')
  .transform((value) => ['1', 'true', 'yes'].includes(value));
/** Unset means "the default for this environment". */
export const optionalFlag = z
  .enum(FLAG_VALUES)
  .optional()
  .transform((value) => (value === undefined ? undefined : ['1', 'true', 'yes'].includes(value)));

export const cursorSecret = z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -base64 32)');
export const trustProxy = z
  .string()
  .transform((text) =>
    text
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .superRefine((entries, context) => {
    try {
      proxyAddr.compile(entries);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `${error instanceof Error ? error.message : 'invalid'} (addresses, CIDR ranges, loopback, linklocal, uniquelocal)`,
      });
    }
  });

export const apiKeys = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({ code: 'custom', message: 'must be JSON: [{"client":"web","sha256":"<hex>","scopes":["customers:read"]}]' });
      return z.NEVER;
    }
  })
  .pipe(
    z.array(
      z.object({
        client: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'client must be a short name'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/i, 'sha256 must be the hex SHA-256 of the key (npm run hash-key)'),
        scopes: z.array(z.enum(SCOPES)),
      }),
    ),
  );

/** One number for every vendor, or some vendors' own: `8` or `AMELIA=8,KB_SUPPORT=6`. */
export const perSource = (min: number) =>
  z.string().transform((text, context) => {
    const parsed = parsePerSource(text, min);
    if ('problem' in parsed) {
      context.addIssue({ code: 'custom', message: parsed.problem });
      return z.NEVER;
    }
    return parsed;
  });
