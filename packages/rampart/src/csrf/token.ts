import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF tokens are signed, not stored: `v1.<expiry>.<nonce>.<mac>` where mac = HMAC-SHA256 over the session id,
 * the expiry and the nonce. Binding to the session id means a token minted for session A is worthless with
 * session B's cookie; signing instead of storing means an attacker cannot flood a token table to evict honest
 * users' tokens, and every instance that shares the secret can verify without shared state.
 */
const VERSION = 'v1';
const MAC_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Verified tokens remembered, so a client's repeated requests cost a Map lookup instead of an HMAC. */
const VERIFIED_CACHE_SIZE = 10_000;

/** `no_session`: the session id is not one `issue` could have made, so no token can be bound to it. */
export type TokenVerdict = 'valid' | 'malformed' | 'expired' | 'mismatch' | 'no_session';

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A session id's shape: 32 random bytes in base64url, as the CSRF guard issues them. */
export function isSessionId(value: string): boolean {
  return SESSION_ID.test(value);
}

export interface TokenSigner {
  sign(sessionId: string, nowMs: number): string;
  verify(token: string, sessionId: string, nowMs: number): TokenVerdict;
}

export function createTokenSigner(options: {
  secret: string;
  tokenBytes: number;
  ttlMs: number;
}): TokenSigner {
  // A key of its own, derived from the application secret, so no other feature's MAC can be replayed as ours.
  const key = createHmac('sha256', options.secret).update('rampart/csrf/v1').digest();
  const mac = (sessionId: string, expiry: string, nonce: string): Buffer =>
    createHmac('sha256', key).update(`${sessionId}.${expiry}.${nonce}`).digest();
  const nonceLength = Math.ceil((options.tokenBytes * 4) / 3);
  // token -> the session it verified for, and its expiry. Only tokens whose MAC checked out for that session are
  // stored, so a guessed token can never be found here; a hit still has to match the session and the clock.
  const verified = new Map<string, { readonly sessionId: string; readonly expiresAtMs: number }>();

  return {
    sign(sessionId, nowMs) {
      // Whole seconds, rounded up: a token lives at least its ttl, and at most a second more.
      const expiry = Math.ceil((nowMs + options.ttlMs) / 1000).toString(36);
      const nonce = randomBytes(options.tokenBytes).toString('base64url');
      return `${VERSION}.${expiry}.${nonce}.${mac(sessionId, expiry, nonce).toString('base64url')}`;
    },

    verify(token, sessionId, nowMs) {
      const known = verified.get(token);
      // A hit also vouches for the session id's shape: it was checked when the token was verified for it.
      if (known !== undefined && known.sessionId === sessionId)
        return known.expiresAtMs > nowMs ? 'valid' : 'expired';
      if (!isSessionId(sessionId)) return 'no_session';
      if (token.length > 256) return 'malformed';
      const parts = token.split('.');
      if (parts.length !== 4 || parts[0] !== VERSION) return 'malformed';
      const [, expiry = '', nonce = '', signature = ''] = parts;
      if (!/^[0-9a-z]{1,11}$/.test(expiry) || nonce.length !== nonceLength || !BASE64URL.test(nonce))
        return 'malformed';
      if (!BASE64URL.test(signature)) return 'malformed';
      const given = Buffer.from(signature, 'base64url');
      // Canonical encodings only: the last character of 32 bytes in base64url carries two padding bits, so without
      // this check several spellings of one MAC would verify (malleable tokens).
      if (given.length !== MAC_BYTES || given.toString('base64url') !== signature) return 'malformed';
      // The MAC is checked before the expiry, so a forged token cannot probe which expiries we would accept.
      if (!timingSafeEqual(given, mac(sessionId, expiry, nonce))) return 'mismatch';
      const expiresAtMs = Number.parseInt(expiry, 36) * 1000;
      if (expiresAtMs <= nowMs) return 'expired';
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value as string);
      verified.set(token, { sessionId, expiresAtMs });
      return 'valid';
    },
  };
}
