import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DEFAULTS } from '../../src/config/defaults.js';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/index.js';
import { type JsonLimits, type JsonParseResult, parseJsonBody } from '../../src/limits/json.js';

const LIMITS: JsonLimits = { maxJsonDepth: 4, maxJsonKeys: 6, maxJsonStringLength: 10 };

/** Asserts a refusal: 400, the code, the registry's message, and the limit when the code names one. */
function assertRefused(result: JsonParseResult, code: ErrorCode, label: string, limit?: number): void {
  assert.equal(result.ok, false, `${label}: expected ${code}, got ok`);
  if (result.ok) return;
  assert.equal(result.denial.allowed, false, label);
  assert.equal(result.denial.status, 400, label);
  assert.equal(result.denial.body?.code, code, label);
  assert.equal(result.denial.body?.error, ERROR_CODES[code].message, label);
  if (limit !== undefined) assert.equal(result.denial.body?.limit, limit, label);
}

function assertParsed(text: string, limits: JsonLimits, label = text): void {
  const result = parseJsonBody(text, limits);
  assert.equal(result.ok, true, `${label}: refused (${result.ok ? '' : result.denial.body?.code})`);
  if (result.ok) assert.deepEqual(result.value, JSON.parse(text), label);
}

const nestArrays = (depth: number, inner = '1'): string => '['.repeat(depth) + inner + ']'.repeat(depth);
const nestObjects = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const nestMixed = (depth: number): string => {
  let text = '0';
  for (let i = 0; i < depth; i++) text = i % 2 === 0 ? `[${text}]` : `{"k${i}":${text}}`;
  return text;
};
const objectWithKeys = (count: number): string =>
  `{${Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',')}}`;

describe('parseJsonBody', () => {
  describe('depth', () => {
    const builders: [string, (depth: number) => string][] = [
      ['arrays', (d) => nestArrays(d)],
      ['objects', nestObjects],
      ['arrays and objects', nestMixed],
      ['empty innermost array', (d) => nestArrays(d, '')],
      ['deep last element', (d) => `[1,2,${nestArrays(d - 1)}]`],
    ];
    for (const [name, build] of builders) {
      it(`${name}: exactly the limit passes, one more is JSON_TOO_DEEP`, () => {
        for (const limit of [1, 2, 4, 32]) {
          const limits = { ...LIMITS, maxJsonDepth: limit, maxJsonKeys: 1000 };
          assertParsed(build(limit), limits, `${name} depth ${limit}`);
          assertRefused(
            parseJsonBody(build(limit + 1), limits),
            'JSON_TOO_DEEP',
            `${name} depth ${limit + 1}`,
            limit,
          );
        }
      });
    }

    it('counts the deepest point, not the number of containers', () => {
      // Many siblings at depth 2 are fine under a limit of 2.
      assertParsed(`[${Array.from({ length: 50 }, () => '[1]').join(',')}]`, { ...LIMITS, maxJsonDepth: 2 });
      assertParsed(`{"a":[1],"b":{"c":2},"d":[[]]}`, { ...LIMITS, maxJsonDepth: 3 });
    });

    it('does not count brackets inside strings as nesting', () => {
      const limits = { ...LIMITS, maxJsonDepth: 1, maxJsonStringLength: 100 };
      for (const text of [
        '["[[[[[[[[[["]',
        '{"a":"{{{{{{{{{{"}',
        '["]]]]]][[[[[[{{{{"]',
        '{"[[[[[[":"}}}}}}"}',
        '["\\"[[[[[[[[[[\\""]',
        '["\\\\", "[[[[[[["]',
      ]) {
        assertParsed(text, limits);
      }
    });

    it('ends a string at the first unescaped quote, so an escaped quote cannot hide brackets', () => {
      const limits = { ...LIMITS, maxJsonDepth: 2, maxJsonStringLength: 100 };
      // `\\` is an escaped backslash: the quote after it closes the string, and the brackets after it are real.
      assertRefused(
        parseJsonBody('["\\\\",[[[1]]]]', limits),
        'JSON_TOO_DEEP',
        'escaped backslash then brackets',
        2,
      );
      // `\"` is an escaped quote: the string goes on and the brackets are inside it.
      assertParsed('["\\"[[[1]]]"]', limits);
      assertParsed('["a\\\\\\"[[[[[[[", "b"]', limits);
    });
  });

  describe('key count', () => {
    it('exactly the limit passes, one more is JSON_TOO_MANY_KEYS', () => {
      for (const limit of [1, 6, 100]) {
        const limits = { ...LIMITS, maxJsonKeys: limit };
        assertParsed(objectWithKeys(limit), limits);
        assertRefused(
          parseJsonBody(objectWithKeys(limit + 1), limits),
          'JSON_TOO_MANY_KEYS',
          `${limit + 1} keys`,
          limit,
        );
      }
    });

    it('counts keys across every object of the document', () => {
      const limits = { ...LIMITS, maxJsonKeys: 4 };
      const table: [string, boolean][] = [
        ['{"a":{"b":{"c":{"d":1}}}}', true],
        ['[{"a":1},{"b":2},{"c":3},{"d":4}]', true],
        ['[{"a":1},{"b":2},{"c":3},{"d":4},{"e":5}]', false],
        ['{"a":{"b":1},"c":[{"d":2}],"e":3}', false],
        ['{"a":[1,"x",{"b":2}],"c":3,"d":4}', true],
        ['{"a":[1,"x",{"b":2}],"c":3,"d":4,"e":5}', false],
      ];
      for (const [text, ok] of table) {
        if (ok) assertParsed(text, limits);
        else assertRefused(parseJsonBody(text, limits), 'JSON_TOO_MANY_KEYS', text, 4);
      }
    });

    it('does not count string values, in objects or arrays, as keys', () => {
      const limits = { ...LIMITS, maxJsonKeys: 1 };
      assertParsed('{"a":["b","c","d","e","f","g"]}', limits);
      assertParsed('["a","b","c","d","e","f","g","h"]', limits);
      assertParsed('{"a":"b"}', limits);
    });
  });

  describe('string length', () => {
    it('exactly the limit passes, one more is JSON_STRING_TOO_LONG, for values and keys', () => {
      for (const limit of [0, 1, 10, 1000]) {
        const limits = { ...LIMITS, maxJsonStringLength: limit };
        const at = 'x'.repeat(limit);
        const over = 'x'.repeat(limit + 1);
        assertParsed(JSON.stringify([at]), limits);
        assertParsed(JSON.stringify({ [at]: 1 }), limits);
        assertRefused(
          parseJsonBody(JSON.stringify([over]), limits),
          'JSON_STRING_TOO_LONG',
          `value ${limit + 1}`,
          limit,
        );
        assertRefused(
          parseJsonBody(JSON.stringify({ [over]: 1 }), limits),
          'JSON_STRING_TOO_LONG',
          `key ${limit + 1}`,
          limit,
        );
        assertRefused(
          parseJsonBody(JSON.stringify({ a: { b: [1, over] } }), limits),
          'JSON_STRING_TOO_LONG',
          `nested ${limit + 1}`,
          limit,
        );
      }
    });

    it('refuses an unterminated long string without parsing it', () => {
      assertRefused(parseJsonBody(`["${'x'.repeat(11)}`, LIMITS), 'JSON_STRING_TOO_LONG', 'unterminated', 10);
    });
  });

  describe('forbidden keys', () => {
    const table: [string, string][] = [
      ['__proto__ at the top', '{"__proto__":{"isAdmin":true}}'],
      ['constructor at the top', '{"constructor":{"prototype":{"isAdmin":true}}}'],
      ['prototype at the top', '{"prototype":1}'],
      ['__proto__ after another key', '{"a":1,"__proto__":{"x":1}}'],
      ['__proto__ after an array value', '{"a":[1,2],"__proto__":{"x":1}}'],
      ['__proto__ after a nested object', '{"a":{"b":1},"__proto__":{"x":1}}'],
      ['__proto__ nested in an object', '{"user":{"__proto__":{"isAdmin":true}}}'],
      ['constructor nested in an array', '[1,{"constructor":{"prototype":{"x":1}}}]'],
      ['prototype deep', '{"a":[{"b":{"c":[{"prototype":1}]}}]}'],
      ['unicode-escaped underscore', '{"\\u005f_proto__":{"isAdmin":true}}'],
      ['fully unicode-escaped', '{"\\u005f\\u005f\\u0070\\u0072\\u006f\\u0074\\u006f\\u005f\\u005f":1}'],
      ['upper-case escape digits', '{"\\u005F_proto__":1}'],
      ['escaped constructor', '{"\\u0063onstructor":{"prototype":{}}}'],
      ['escaped prototype, nested', '{"a":{"\\u0070rototype":1}}'],
      ['an escape in the middle of __proto__', '{"a":1,"__\\u0070roto__":1}'],
    ];
    for (const [name, text] of table) {
      it(`refuses ${name}`, () => {
        const limits = { ...LIMITS, maxJsonDepth: 32, maxJsonStringLength: 100 };
        assertRefused(parseJsonBody(text, limits), 'JSON_FORBIDDEN_KEY', name);
      });
    }

    it('accepts the same words as values, and keys that only contain them', () => {
      const limits = { ...LIMITS, maxJsonStringLength: 100 };
      for (const text of [
        '{"a":"__proto__"}',
        '{"a":"constructor","b":"prototype"}',
        '["__proto__","constructor","prototype"]',
        '{"a":["__proto__",{"b":"constructor"}]}',
        '{"a":"\\u005f_proto__"}',
        '{"__proto":1,"proto__":2,"Constructor":3,"prototypes":4}',
        '"__proto__"',
      ]) {
        assertParsed(text, limits);
      }
    });

    it('never lets a parsed value carry an own __proto__ key', () => {
      const result = parseJsonBody('{"a":{"b":"__proto__"}}', { ...LIMITS, maxJsonStringLength: 100 });
      assert.equal(result.ok, true);
      if (result.ok) assert.equal(Object.hasOwn(result.value as object, '__proto__'), false);
    });
  });

  describe('syntax', () => {
    it('answers INVALID_JSON for documents that are not JSON', () => {
      const limits = { ...LIMITS, maxJsonStringLength: 100 };
      for (const text of [
        '',
        ' ',
        '{',
        '[1,2',
        '{"a":1,}',
        '[1,]',
        "{'a':1}",
        '{a:1}',
        'undefined',
        'NaN',
        '01',
        '"abc',
        '["\\x"]',
        '[1] [2]',
        '{"a" 1}',
        ']',
        '}{',
        '\u0000',
      ]) {
        assertRefused(parseJsonBody(text, limits), 'INVALID_JSON', JSON.stringify(text));
      }
    });

    it('parses the JSON scalars and whitespace', () => {
      for (const text of [
        '1',
        '-0.5e3',
        'true',
        'false',
        'null',
        '"s"',
        ' \n\t[ 1 , { "a" : null } ] \r\n',
      ]) {
        assertParsed(text, LIMITS);
      }
    });

    it('keeps escaped quotes and backslashes in strings', () => {
      const limits = { ...LIMITS, maxJsonStringLength: 100 };
      const result = parseJsonBody('{"q":"say \\"hi\\" \\\\ ok","k\\"ey":1}', limits);
      assert.equal(result.ok, true);
      if (result.ok) assert.deepEqual(result.value, { q: 'say "hi" \\ ok', 'k"ey': 1 });
    });
  });

  describe('properties', () => {
    const measure = (
      value: unknown,
      depth = 0,
    ): { depth: number; keys: number; longest: number; forbidden: boolean } => {
      if (typeof value === 'string')
        return { depth, keys: 0, longest: JSON.stringify(value).length - 2, forbidden: false };
      if (typeof value !== 'object' || value === null)
        return { depth, keys: 0, longest: 0, forbidden: false };
      const out = { depth: depth + 1, keys: 0, longest: 0, forbidden: false };
      const entries: [string | undefined, unknown][] = Array.isArray(value)
        ? value.map((item) => [undefined, item])
        : Object.entries(value);
      for (const [key, item] of entries) {
        if (key !== undefined) {
          out.keys++;
          out.longest = Math.max(out.longest, JSON.stringify(key).length - 2);
          if (key === '__proto__' || key === 'constructor' || key === 'prototype') out.forbidden = true;
        }
        const inner = measure(item, depth + 1);
        out.depth = Math.max(out.depth, inner.depth);
        out.keys += inner.keys;
        out.longest = Math.max(out.longest, inner.longest);
        out.forbidden ||= inner.forbidden;
      }
      return out;
    };

    it('any JSON value within the default limits parses to exactly what JSON.parse gives', () => {
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 10 }), fc.boolean(), (value, pretty) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          const m = measure(value);
          fc.pre(!m.forbidden);
          assert.ok(m.depth <= DEFAULTS.limits.maxJsonDepth && m.keys <= DEFAULTS.limits.maxJsonKeys);
          const result = parseJsonBody(text, DEFAULTS.limits);
          assert.equal(result.ok, true, `refused ${text.slice(0, 200)}`);
          if (result.ok) assert.deepEqual(result.value, JSON.parse(text));
        }),
        { numRuns: 500 },
      );
    });

    it('under tight limits, accepts exactly the documents within them and refuses the rest with the right code', () => {
      const limits: JsonLimits = { maxJsonDepth: 3, maxJsonKeys: 5, maxJsonStringLength: 6 };
      fc.assert(
        fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => {
          const text = JSON.stringify(value);
          const m = measure(value);
          const broken = new Set<ErrorCode>();
          if (m.depth > limits.maxJsonDepth) broken.add('JSON_TOO_DEEP');
          if (m.keys > limits.maxJsonKeys) broken.add('JSON_TOO_MANY_KEYS');
          if (m.longest > limits.maxJsonStringLength) broken.add('JSON_STRING_TOO_LONG');
          if (m.forbidden) broken.add('JSON_FORBIDDEN_KEY');
          const result = parseJsonBody(text, limits);
          if (broken.size === 0) {
            assert.equal(result.ok, true, `refused ${text}`);
            if (result.ok) assert.deepEqual(result.value, JSON.parse(text));
          } else {
            assert.equal(result.ok, false, `accepted ${text} (breaks ${[...broken].join(', ')})`);
            if (!result.ok) {
              const code = result.denial.body?.code;
              assert.ok(
                code !== undefined && broken.has(code),
                `${text}: ${code} not in ${[...broken].join(', ')}`,
              );
            }
          }
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('pathological input', () => {
    const FIVE_MB = 5 * 1024 * 1024;
    const cases: [string, () => string, ErrorCode, JsonLimits][] = [
      ['5 MB of [', () => '['.repeat(FIVE_MB), 'JSON_TOO_DEEP', DEFAULTS.limits],
      ['5 MB of {"a":', () => '{"a":'.repeat(FIVE_MB / 5), 'JSON_TOO_DEEP', DEFAULTS.limits],
      [
        'a string of 5 MB of \\\\ runs',
        () => `"${'\\\\'.repeat(FIVE_MB / 2)}"`,
        'JSON_STRING_TOO_LONG',
        DEFAULTS.limits,
      ],
      [
        'an unterminated string of \\" runs',
        () => `"${'\\"'.repeat(FIVE_MB / 2)}`,
        'JSON_STRING_TOO_LONG',
        DEFAULTS.limits,
      ],
      [
        'an unterminated string of \\\\ runs under a huge string limit',
        () => `"${'\\\\'.repeat(FIVE_MB / 2)}`,
        'INVALID_JSON',
        { ...DEFAULTS.limits, maxJsonStringLength: 100 * FIVE_MB },
      ],
      [
        'a million keys',
        () => `{${'"a":1,'.repeat(FIVE_MB / 6)}"z":1}`,
        'JSON_TOO_MANY_KEYS',
        DEFAULTS.limits,
      ],
      [
        '5 MB of ][ pairs (never deeper than 1)',
        () => ']['.repeat(FIVE_MB / 2),
        'INVALID_JSON',
        DEFAULTS.limits,
      ],
    ];
    for (const [name, build, code, limits] of cases) {
      it(`refuses ${name} quickly and without throwing`, () => {
        const text = build();
        assert.ok(text.length >= FIVE_MB - 8, `${name}: built ${text.length} chars`);
        let result: JsonParseResult | undefined;
        const started = performance.now();
        assert.doesNotThrow(() => {
          result = parseJsonBody(text, limits);
        });
        const elapsedMs = performance.now() - started;
        assert.ok(result !== undefined);
        assertRefused(result, code, name);
        assert.ok(elapsedMs < 1000, `${name}: took ${elapsedMs.toFixed(0)} ms`);
      });
    }
  });
});
