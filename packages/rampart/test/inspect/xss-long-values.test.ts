// XSS detector on long values: a value of up to 1 MiB is read within a work budget counted in units, so that no
// value, however dense or diluted, takes more than a few milliseconds (the denial of service it stops), and
// ordinary long text reads to its end rather than failing closed as `work-limit`.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectXss, detectXssInRichText, detectXssInUrl } from '../../src/inspect/xss/index.js';
import { fastest } from '../helpers/timing.js';

const MIB = 1 << 20;

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

describe('diluted long values', () => {
  // A trigger, then k filler units, repeated to 1 MiB. Each trigger's rules read the filler (spaces skipped after
  // an escape or an operator, a name read back): charged too little per unit read, the filler cost time without
  // budget, and these shapes took 7 to 9 ms at the k just under the work limit, four to six times a dense value
  // that spends the whole budget.
  const shapes: ReadonlyArray<readonly [string, string]> = [
    ['`', '\n'],
    ['%20', '\n'],
    ['&#32;', '\n'],
    ['[', '\n'],
    ['%20', 'x'],
    ['x%22y%22', 'x'],
    ['\\x20', '\n'],
    ['=', '\n'],
    // A `)` before `=` matched back for the page write's chain, over the whole reach when unmatched: 10 ms.
    [')=', '\n'],
    // A comment's end before `=` read back to its start, over the whole reach when there is none: 6.6 ms.
    ['*/a.b=', '\t'],
    // A numeric reference's digits, however many, read again by each rule that decodes it: 5.7 ms on main.
    ['%27&#', '1'],
    // Found by timing random token mixes diluted with filler, 5 to 7.6 ms each on this branch before their reads
    // were charged: the name before `["`, the word after `url(`, the spaces after a quote's `]`, and a named
    // reference decoded again by each rule after `%20`.
    ['["', '1'],
    [':url(x', '\n'],
    ['%22]', '\t'],
    ['&amp;%20', '\t'],
    // The name after an escaped `<`, and the look back for an escape before `(`: 5.5 ms each.
    ['%3Cself', '1'],
    [';url(', '1'],
    // The word after a handler's `=` before two-byte text: 5.2 ms.
    [' ona=b&', '\u4e2d'],
    // A comment's end before `(` read back for its start, 64 units a call when there is none: 6.5 ms.
    ['*/(', 'a'],
    // A quote in a tag's name checked as a script-string breakout, at each quote of a one-tag mebibyte: 12 ms.
    ["'<b", "'"],
  ];
  const diluted = (trigger: string, filler: string, k: number) => repeatTo(trigger + filler.repeat(k), MIB);
  const limited = (value: string) => detectXss(value).fingerprint === 'work-limit';
  const once = (value: string) => fastest(() => detectXss(value), 1);

  it('reads each diluted shape at its costliest dilution within a small multiple of a dense value', () => {
    // The reference spends the whole budget on dense candidates; its time is what the budget allows.
    const dense = repeatTo('%27', MIB);
    assert.equal(detectXss(dense).fingerprint, 'work-limit');
    for (const [trigger, filler] of shapes) {
      // The costliest dilution reads the whole value with the budget nearly spent: the fewest filler units that
      // read clean (the verdict is counted, never timed, so the search is exact).
      let low = 0;
      let high = 2048;
      if (!limited(diluted(trigger, filler, low))) high = low;
      while (high - low > 1) {
        const middle = (low + high) >> 1;
        if (limited(diluted(trigger, filler, middle))) low = middle;
        else high = middle;
      }
      const value = diluted(trigger, filler, high);
      // Interleaved, the fastest of each: a collection or another test file lands on one run, not on a whole side.
      let valueMs = Number.POSITIVE_INFINITY;
      let denseMs = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 21; run++) {
        valueMs = Math.min(valueMs, once(value));
        denseMs = Math.min(denseMs, once(dense));
      }
      const ratio = valueMs / denseMs;
      // 0.5 to 1.5 measured alone, up to 3 beside another test file on two cores; 3.7 to 5.9 for the first
      // shapes before reads were charged by their length.
      assert.ok(
        ratio < 3.5,
        `${JSON.stringify(trigger)} + ${high} x ${JSON.stringify(filler)}: ${ratio.toFixed(2)}x`,
      );
    }
  });
});

describe('two-byte values in rich text', () => {
  // A native search for `<` or `＜` in a two-byte string filters on one byte of the character: 1 MiB of a
  // character sharing that byte (`丼` is U+4E3C, `（` U+FF08) took 8 ms before a single tag was read, a hundred
  // times a character that shares none (`中`, U+4E2D).
  it('looks for a tag in 1 MiB of any character at the same pace', () => {
    const reference = '\u4e2d'.repeat(MIB);
    detectXssInRichText(reference);
    const base = fastest(() => detectXssInRichText(reference));
    for (const unit of ['\u4e3c', '\uff08', '\u1cff', '\u3c3c']) {
      const value = unit.repeat(MIB);
      assert.deepEqual(detectXssInRichText(value), { detected: false });
      const ratio = fastest(() => detectXssInRichText(value)) / base;
      // 0.9 to 1.5 measured alone, 2.4 to 2.7 beside other work (the reference takes a tenth of a millisecond, so
      // a little noise weighs much); about 100 before (the reference then took 0.08 ms, these 8 ms).
      assert.ok(ratio < 10, `U+${unit.charCodeAt(0).toString(16)}: ${ratio.toFixed(2)}x`);
    }
  });
});

describe('ordinary long text', () => {
  const rep = (unit: string) => (length: number) => repeatTo(unit, length);
  const KIB = 1024;
  // Each shape at a length it failed closed at when a long value's budget shrank with its length (from 194 KiB to
  // 232 KiB for Python, Markdown, the form body and the log), or at 1 MiB where it reads clean there.
  const shapes: ReadonlyArray<readonly [string, (length: number) => string, number]> = [
    [
      'Python source',
      rep('def f(a, b=None):\n    return [x * 2 for x in a if x % 2 == 0]  # comment\nprint(f([1, 2, 3]))\n'),
      384 * KIB,
    ],
    [
      'Markdown',
      rep(
        '# Title\n\nSome *text* with [a link](https://example.com/a?b=c&d=e) and `code()`.\n- item (one)\n- item: two\n',
      ),
      384 * KIB,
    ],
    [
      'a URL-encoded form body',
      rep('name=John%20Smith&email=john%40example.com&msg=Hello%2C%20how%20are%20you%3F&x=1+2&'),
      256 * KIB,
    ],
    [
      'an access log',
      rep(
        '2026-12-07T06:00:00Z INFO [http] GET /api/v1/items?id=5&sort=desc 200 (12ms) ua="Mozilla/5.0 (X11; Linux)"\n',
      ),
      512 * KIB,
    ],
    [
      'a style sheet',
      rep(
        '.btn:hover { color: rgb(0, 0, 0); background: url("/img/a.png"); } @media (max-width: 600px) { .x { margin: 0 } }\n',
      ),
      768 * KIB,
    ],
    ['LaTeX', rep('\\frac{a}{b} + \\sqrt{x^2} = \\alpha_{i}(t) \\cdot [0, 1] \\\\ '), 512 * KIB],
    [
      'URLs with escapes',
      rep('https://example.com/a/b?c=d&e=f%20g#h https://x.org/p(1)?q=%22z%22 '),
      256 * KIB,
    ],
    [
      'HTML-escaped prose',
      rep('Tom &amp; Jerry &quot;say&quot; hello &lt;b&gt;world&lt;/b&gt; it&#39;s fine. '),
      160 * KIB,
    ],
    [
      'Chinese with fullwidth punctuation',
      rep('这是一段中文（包括括号）：“引号”、「书名号」，以及ＡＢＣ１２３。'),
      768 * KIB,
    ],
    ['Chinese with code', rep('中文说明：调用 foo(bar) 然后 a.b = c[0]; 结束。'), 256 * KIB],
    ['chat with emoji', rep('lol 😂😂 that was great!!! (seriously) :) <3 #fun @friend '), 512 * KIB],
  ];
  for (const [name, shape, length] of shapes) {
    it(`reads ${length / KIB} KiB of ${name} clean, every time`, () => {
      const value = shape(length);
      for (let run = 0; run < 2; run++) {
        for (const detect of [detectXss, detectXssInUrl]) {
          assert.deepEqual(detect(value), { detected: false }, `${detect.name} run ${run}`);
        }
      }
    });
  }

  it('reads 160 KiB of an ordinary HTML document clean as rich text', () => {
    const page = repeatTo(
      '<div class="card"><p>Hello <b>world</b>, see <a href="/x?a=1&amp;b=2">this</a>.</p><img src="/a.png" alt="x"></div>\n',
      160 * KIB,
    );
    assert.deepEqual(detectXssInRichText(page), { detected: false });
  });
});

// A URL's leading blanks are read up to 64 KiB; past that the value is too much input and is reported, never read
// from the middle of its blanks. The limit once cut the escape it fell inside, which then read as no blank: the
// blanks after it were taken for the URL, and a value of `%20` past the limit read clean.
describe('leading blanks of a long URL', () => {
  it('reports blanks past 64 KiB wherever the limit falls, in an escape or not', () => {
    for (const value of [
      `${' '.repeat(65_536)}x`,
      `${' '.repeat(65_535)}%20${'x'.repeat(100)}`,
      `${'%20'.repeat(21_846)}x`,
      `${'&#32;'.repeat(13_108)}x`,
    ]) {
      assert.equal(
        detectXssInUrl(value).fingerprint,
        'work-limit',
        JSON.stringify(value.slice(65_530, 65_545)),
      );
    }
    assert.equal(detectXssInUrl(`${' '.repeat(65_535)}x`).detected, false);
    assert.equal(detectXssInUrl(`${'%20'.repeat(21_845)}x`).detected, false);
  });
});
