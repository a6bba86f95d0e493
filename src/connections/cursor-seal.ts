// Connection cursors are sealed: the payload as base64url JSON, a dot, and an HMAC-SHA256 of that
// text. Only what a gateway holding the same CURSOR_SECRET handed out is read back; anything else
// (hand-made, edited, cut short, from another deployment) opens to null and costs no vendor call.
// CURSOR_SECRET_PREVIOUS keeps the cursors of the secret before a rotation open.
import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';

export interface CursorSecrets {
  /** Seals every new cursor. */
  current: string;
  /** Still opens the cursors it sealed (during a rotation); null when there is none. */
  previous: string | null;
}

export interface CursorSeal {
  seal(payload: unknown): string;
  /** The payload this gateway sealed, or null for anything else. */
  open(cursor: string): unknown;
}

/** 128 bits of the HMAC: a forgery is a 2^-128 guess. */
const TAG_BYTES = 16;
const TAG_LENGTH = Math.ceil((TAG_BYTES * 8) / 6);

/** A secret for this process alone (development): cursors do not survive a restart. */
export function randomCursorSecrets(): CursorSecrets {
  return { current: randomBytes(32).toString('base64url'), previous: null };
}

export function createCursorSeal(secrets: CursorSecrets): CursorSeal {
  // Key objects made once: an HMAC over a string key would prepare the key again for every cursor.
  const toKey = (secret: string) => createSecretKey(Buffer.from(secret, 'utf8'));
  const current = toKey(secrets.current);
  const keys = [current, ...(secrets.previous ? [toKey(secrets.previous)] : [])];
  const tagOf = (key: KeyObject, body: string) =>
    createHmac('sha256', key).update(body).digest().subarray(0, TAG_BYTES).toString('base64url');
  const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return {
    seal(payload) {
      const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
      return `${body}.${tagOf(current, body)}`;
    },
    open(cursor) {
      const dot = cursor.lastIndexOf('.');
      if (dot <= 0 || cursor.length - dot - 1 !== TAG_LENGTH) return null;
      const body = cursor.slice(0, dot);
      const tag = cursor.slice(dot + 1);
      if (!keys.some((key) => sameText(tagOf(key, body), tag))) return null;
      try {
        return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      } catch {
        return null;
      }
    },
  };
}
