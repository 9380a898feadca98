import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readCookie, serializeCookie } from '../../src/lib/cookies.js';

/** The obvious reading of RFC 6265 §5.4 pairs, as a reference: split on `;`, then on the first `=`. */
function referenceRead(header: string, name: string): string | undefined {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1) continue;
    if (pair.slice(0, eq).replace(/^[ \t]+|[ \t]+$/g, '') === name) {
      return pair.slice(eq + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    }
  }
  return undefined;
}

describe('readCookie', () => {
  it('reads a cookie wherever it sits in the header', () => {
    assert.equal(readCookie('sid=abc', 'sid'), 'abc');
    assert.equal(readCookie('a=1; sid=abc; b=2', 'sid'), 'abc');
    assert.equal(readCookie('a=1;sid=abc', 'sid'), 'abc');
    assert.equal(readCookie('a=1; sid = abc ;b=2', 'sid'), 'abc');
    assert.equal(readCookie('sid=', 'sid'), '');
  });

  it('takes the first of repeated cookies, as browsers send the most specific first', () => {
    assert.equal(readCookie('sid=first; sid=second', 'sid'), 'first');
  });

  it('does not mistake a longer name, a value or a name without "=" for the cookie', () => {
    assert.equal(readCookie('xsid=1', 'sid'), undefined);
    assert.equal(readCookie('sidx=1', 'sid'), undefined);
    assert.equal(readCookie('a=sid=1', 'sid'), undefined);
    assert.equal(readCookie('sid; a=1', 'sid'), undefined);
    assert.equal(readCookie('a=sid=1; sid=real', 'sid'), 'real');
    assert.equal(readCookie('__Host-sid=secure; sid=plain', 'sid'), 'plain');
    assert.equal(readCookie('__Host-sid=secure; sid=plain', '__Host-sid'), 'secure');
  });

  it('gives nothing for an absent or empty header', () => {
    assert.equal(readCookie(undefined, 'sid'), undefined);
    assert.equal(readCookie('', 'sid'), undefined);
    assert.equal(readCookie(';;;', 'sid'), undefined);
  });

  it('agrees with a split-based reading on arbitrary headers', () => {
    const piece = fc.constantFrom('sid', 'sidx', 'xsid', '=', ';', ' ', '\t', 'a', '1', '"');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }), (pieces) => {
        const header = pieces.join('');
        assert.equal(readCookie(header, 'sid'), referenceRead(header, 'sid'), JSON.stringify(header));
      }),
      { numRuns: 5000 },
    );
  });

  it('reads back what serializeCookie wrote', () => {
    const value = serializeCookie('sid', 'abc_-1', { httpOnly: true, secure: true, sameSite: 'Strict' });
    assert.equal(readCookie(value.split(';')[0], 'sid'), 'abc_-1');
  });
});
