import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ERROR_CODES } from '../../src/errors/index.js';
import { escapeHtml, sanitizeJson, sanitizeString } from '../../src/inspect/sanitize.js';

describe('sanitizeString', () => {
  it('returns ordinary text unchanged, apostrophes, markup characters and emoji included', () => {
    for (const text of [
      "O'Connell",
      'D’Amore',
      'a < b && c > d',
      '👩‍💻 naïve café',
      'line one\nline two\ttab',
      '',
    ]) {
      assert.deepEqual(sanitizeString(text), { ok: true, value: text });
    }
  });

  it('refuses, rather than truncates, text over maxLength characters (code points, not UTF-16 units)', () => {
    assert.equal(sanitizeString('a'.repeat(100), { maxLength: 100 }).ok, true);
    const long = sanitizeString('a'.repeat(101), { maxLength: 100 });
    assert.equal(long.ok, false);
    assert.equal(!long.ok && long.code, 'STRING_TOO_LONG');
    // 100 emoji are 200 UTF-16 units but 100 characters.
    assert.equal(sanitizeString('😀'.repeat(100), { maxLength: 100 }).ok, true);
  });

  it('refuses NUL and control characters, and line breaks when they are not allowed', () => {
    // C1 too: U+009B begins an escape sequence on some terminals (log injection).
    for (const text of ['a\0b', 'a\u0001', 'a\u001b[31m', 'a\u007f', 'a\u0085b', 'a\u009b31m']) {
      const result = sanitizeString(text);
      assert.equal(!result.ok && result.code, 'INVALID_STRING', JSON.stringify(text));
    }
    assert.equal(sanitizeString('a\nb', { allowLineBreaks: false }).ok, false);
  });

  it('refuses lone surrogates and non-strings', () => {
    for (const value of ['\ud800', 'a\udc00b', '\ud83d', 42, null, undefined, ['a'], { a: 1 }]) {
      const result = sanitizeString(value);
      assert.equal(!result.ok && result.code, 'INVALID_STRING', String(value));
    }
  });

  it('answers with codes from the registry', () => {
    const result = sanitizeString('\0');
    assert.ok(!result.ok && result.code in ERROR_CODES);
  });
});

describe('sanitizeJson', () => {
  it('returns the very same value when it is fine: types preserved, nothing copied or dropped', () => {
    const body = {
      amount: 1250,
      memo: "<b>rent</b> it's due",
      tags: ['a', null, true, 1.5],
      nested: { ok: false },
    };
    const result = sanitizeJson(body);
    assert.equal(result.ok, true);
    assert.equal(result.ok && result.value, body);
  });

  it('accepts every JSON value within the limits, unless it uses a forbidden key', () => {
    // fast-check generates "__proto__" and "constructor" keys on purpose; JSON.stringify shows them.
    const forbidden = /"(?:__proto__|constructor|prototype)":/;
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        const result = sanitizeJson(value, { maxKeys: 10_000, maxKeyLength: 10_000 });
        assert.equal(result.ok, !forbidden.test(JSON.stringify(value)), JSON.stringify(value));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses __proto__, constructor and prototype keys at any depth, with the path', () => {
    const cases: [string, string][] = [
      ['{"__proto__":{"isAdmin":true}}', '$.__proto__'],
      ['{"a":{"b":[{"constructor":{"prototype":1}}]}}', '$.a.b[0].constructor'],
      ['[{"prototype":1}]', '$[0].prototype'],
    ];
    for (const [text, path] of cases) {
      const result = sanitizeJson(JSON.parse(text));
      assert.equal(!result.ok && result.code, 'JSON_FORBIDDEN_KEY', text);
      assert.equal(!result.ok && result.path, path, text);
    }
  });

  it('refuses values past the depth, key-count, key-length and string-length limits', () => {
    // Six arrays, one inside the other: depth 6.
    let deep: unknown = 1;
    for (let i = 0; i < 6; i++) deep = [deep];
    const tooDeep = sanitizeJson(deep, { maxDepth: 5 });
    assert.equal(!tooDeep.ok && tooDeep.code, 'JSON_TOO_DEEP');
    assert.equal(sanitizeJson(deep, { maxDepth: 6 }).ok, true);

    const manyKeys = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, i]));
    const tooMany = sanitizeJson(manyKeys, { maxKeys: 10 });
    assert.equal(!tooMany.ok && tooMany.code, 'JSON_TOO_MANY_KEYS');

    const longKey = sanitizeJson({ ['k'.repeat(300)]: 1 });
    assert.equal(!longKey.ok && longKey.code, 'JSON_KEY_TOO_LONG');

    const longString = sanitizeJson({ memo: 'x'.repeat(11) }, { maxStringLength: 10 });
    assert.equal(!longString.ok && longString.code, 'JSON_STRING_TOO_LONG');
    assert.equal(!longString.ok && longString.path, '$.memo');
  });

  it('refuses what JSON cannot hold, and cycles, without throwing', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const cases: unknown[] = [
      { when: new Date(0) },
      { f: () => 1 },
      { n: Number.NaN },
      { n: Number.POSITIVE_INFINITY },
      { b: 1n },
      { u: undefined },
      new Map(),
      { [Symbol('s')]: 1 },
    ];
    for (const value of cases) {
      const result = sanitizeJson(value);
      assert.equal(!result.ok && result.code, 'JSON_UNSUPPORTED_VALUE');
    }
    const cycle = sanitizeJson(cyclic);
    assert.equal(!cycle.ok && cycle.code, 'JSON_UNSUPPORTED_VALUE');
  });

  it('stays linear on shared references: arrays that each hold the next one twice', () => {
    let shared: unknown[] = ['leaf'];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    const started = performance.now();
    const result = sanitizeJson(shared, { maxDepth: 100 });
    assert.ok(performance.now() - started < 100);
    assert.equal(!result.ok && result.code, 'JSON_UNSUPPORTED_VALUE');
  });

  it('refuses options that would silently turn a limit off, and never overflows the stack', () => {
    for (const bad of [Number.NaN, 0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      assert.throws(() => sanitizeString('x', { maxLength: bad }), TypeError);
      assert.throws(() => sanitizeJson({}, { maxDepth: bad }), TypeError);
    }
    assert.throws(() => sanitizeJson({}, { maxDepth: 1_000_000 }), TypeError);
    assert.equal(sanitizeString('x'.repeat(10_001), { maxLength: undefined }).ok, false);
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const result = sanitizeJson(deep, { maxDepth: 1000 });
    assert.equal(!result.ok && result.code, 'JSON_TOO_DEEP');
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true }),
        (value) => {
          sanitizeJson(value);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('sanitizeJson on strings and keys', () => {
  // The README promised what sanitizeString refuses; strings and keys inside JSON were only measured (a reviewer
  // session stored `x\u0000y`, which PostgreSQL's jsonb refuses with a 500).
  it('refuses NUL, control characters and lone surrogates in strings and keys, with a path', () => {
    const cases: [unknown, string][] = [
      [{ a: 'x\u0000y' }, '$.a'],
      [{ a: ['ok', '\ud800'] }, '$.a[1]'],
      [{ a: '\u001b[31m' }, '$.a'],
      [{ a: 'x\u009by' }, '$.a'],
      [{ 'k\u0000': 1 }, '$[?]'],
      [{ ok: { 'x\ny': 1 } }, '$.ok[?]'],
    ];
    for (const [value, path] of cases) {
      const result = sanitizeJson(value);
      assert.equal(!result.ok && result.code, 'INVALID_STRING', JSON.stringify(value));
      assert.equal(!result.ok && result.path, path, JSON.stringify(value));
    }
    const text = { memo: 'line one\nline two\ttab', 'first name': 'Ann' };
    assert.deepEqual(sanitizeJson(text), { ok: true, value: text });
  });

  it('names a key that is no plain name as [?] in the path, never echoing it', () => {
    const result = sanitizeJson({ '<img src=x onerror=alert(1)>': { a: 1n } });
    assert.equal(!result.ok && result.path, '$[?].a');
    const named = sanitizeJson({ 'first name': { a: 1n } });
    assert.equal(!named.ok && named.path, '$["first name"].a');
  });

  it('refuses, never throws on, a value whose getter throws', () => {
    const value = {
      get a() {
        throw new Error('boom');
      },
    };
    const result = sanitizeJson(value);
    assert.equal(!result.ok && result.code, 'JSON_UNSUPPORTED_VALUE');
  });
});

describe('escapeHtml', () => {
  it('escapes what a template passes that is not a string, and returns a string', () => {
    assert.equal(escapeHtml(['<b>', 'x']), '&lt;b&gt;,x');
    assert.equal(escapeHtml(42), '42');
    assert.equal(escapeHtml(null), '');
    assert.equal(escapeHtml(undefined), '');
    assert.equal(escapeHtml(Object.create(null)), '[object Object]');
  });

  it('escapes the five characters that matter in content and quoted attributes', () => {
    assert.equal(
      escapeHtml(`<a href="x" title='y'>&</a>`),
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    assert.equal(escapeHtml('plain text'), 'plain text');
  });

  it('never leaves a character that could open a tag or close an attribute', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        assert.doesNotMatch(escapeHtml(text), /[<>"']/);
      }),
    );
  });
});
