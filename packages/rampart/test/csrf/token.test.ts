import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createTokenSigner } from '../../src/csrf/index.js';

const sessionA = 'A'.repeat(43);
const sessionB = 'B'.repeat(43);
const t0 = Date.UTC(2026, 0, 1);

describe('CSRF token signer', () => {
  const signer = createTokenSigner({ secret: 'k'.repeat(64), tokenBytes: 32, ttlMs: 86_400_000 });

  it('verifies its own token for the same session until it expires', () => {
    const token = signer.sign(sessionA, t0);
    assert.match(token, /^v1\.[0-9a-z]+\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/);
    assert.equal(signer.verify(token, sessionA, t0), 'valid');
    assert.equal(signer.verify(token, sessionA, t0 + 86_399_000), 'valid');
    assert.equal(signer.verify(token, sessionA, t0 + 86_400_000), 'expired');
  });

  // The expiry is in whole seconds. Rounded down, a token signed 400 ms into a second lived 400 ms short of its ttl,
  // and one with a ttl under a second was born expired half the time.
  it('never expires before its ttl, and at most a second after, whatever millisecond it is signed at', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 86_400_000 }),
        fc.integer({ min: 1000, max: 3_600_000 }),
        (at, ttlMs) => {
          const short = createTokenSigner({ secret: 'k'.repeat(64), tokenBytes: 32, ttlMs });
          const now = t0 + at;
          const token = short.sign(sessionA, now);
          assert.equal(short.verify(token, sessionA, now + ttlMs - 1), 'valid');
          assert.equal(short.verify(token, sessionA, now + ttlMs + 1000), 'expired');
        },
      ),
    );
  });

  it('rejects a token minted for another session, or by another secret', () => {
    const token = signer.sign(sessionA, t0);
    assert.equal(signer.verify(token, sessionB, t0), 'mismatch');
    const other = createTokenSigner({ secret: 'j'.repeat(64), tokenBytes: 32, ttlMs: 86_400_000 });
    assert.equal(other.verify(token, sessionA, t0), 'mismatch');
  });

  it('refuses an extended expiry: the expiry is under the MAC', () => {
    const [v, , nonce, mac] = signer.sign(sessionA, t0).split('.');
    const later = Math.floor((t0 + 10 * 86_400_000) / 1000).toString(36);
    assert.equal(signer.verify([v, later, nonce, mac].join('.'), sessionA, t0), 'mismatch');
  });

  it('accepts only the canonical spelling of the MAC (no malleable padding bits)', () => {
    const token = signer.sign(sessionA, t0);
    const head = token.slice(0, -1);
    const last = token.at(-1) ?? '';
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const ch of alphabet) {
      if (ch === last) continue;
      assert.notEqual(signer.verify(head + ch, sessionA, t0), 'valid', `last character ${last} -> ${ch}`);
    }
  });

  it('refuses a session id that issue() could not have made, before any MAC work', () => {
    const token = signer.sign(sessionA, t0);
    for (const session of ['', 'A'.repeat(42), 'A'.repeat(44), `${'A'.repeat(42)}=`, `${'A'.repeat(42)}.`]) {
      assert.equal(signer.verify(token, session, t0), 'no_session', JSON.stringify(session));
    }
  });

  it('remembers a verified token only for the session it was verified for', () => {
    const token = signer.sign(sessionA, t0);
    assert.equal(signer.verify(token, sessionA, t0), 'valid');
    // The second call is answered from the cache: it must still hold the session and the clock to account.
    assert.equal(signer.verify(token, sessionA, t0 + 1000), 'valid');
    assert.equal(signer.verify(token, sessionB, t0), 'mismatch');
    assert.equal(signer.verify(token, `${'A'.repeat(42)}!`, t0), 'no_session');
    assert.equal(signer.verify(token, sessionA, t0 + 86_400_000), 'expired');
  });

  it('issues a fresh nonce every time', () => {
    assert.notEqual(signer.sign(sessionA, t0), signer.sign(sessionA, t0));
  });

  it('never accepts, and never throws on, arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (token) => {
        assert.notEqual(signer.verify(token, sessionA, t0), 'valid');
      }),
      { numRuns: 2000 },
    );
    for (const token of [
      '',
      'v1...',
      'v1.x.y.z',
      `v2.${'a'.repeat(5)}.${'a'.repeat(43)}.${'a'.repeat(43)}`,
      'v1.zzzzzzzzzzzz.a.b',
    ]) {
      assert.equal(signer.verify(token, sessionA, t0), 'malformed', token);
    }
  });
});
