/**
 * Attack: padding that parses as SQL but decides nothing (`1+1+1+...`, `(1)+(1)+...`, `a,a,a,...`), placed before a
 * payload so that the detector's work budget runs out before the payload is read. The detector reads a value within
 * a fixed budget of tokens per call, and used to clear a value whose readings ran out of budget unless they had met
 * many SQL keywords: `"1+".repeat(5000) + "1 UNION SELECT password FROM users--"` (10 KiB) was clean. The same trick
 * works on every other bound the detector keeps: the escapes decoded in a long value (`%20` a few thousand times,
 * then an encoded payload), the escapes inside a literal (`\'` or `''` a few thousand times), the parentheses looked
 * at for a delay call, the `%` looked at to decide whether `+` is a space. Each test sends a padded payload and fails
 * if it comes back clean; the last ones check that long benign values of the same shapes stay clean.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectSqlInjection } from '../../src/inspect/sql/index.js';

const PAYLOADS = [
  ' UNION SELECT password FROM users--',
  '; DROP TABLE users--',
  ' OR 1=1--',
  ' AND SLEEP(5)--',
];
/** Units that keep every reading of the value valid SQL, whatever their number. */
const PADDING = ['1+', 'a,', '(1)+', 'a.b+', '$1+', '中+', '1,', '-1*'];

function assertDetected(value: string, label: string): void {
  const verdict = detectSqlInjection(value);
  assert.equal(verdict.detected, true, `${label} (${value.length} characters) came back clean`);
}

describe('SQL detector: padding before a payload', () => {
  it('finds a payload behind padding that outlasts the work budget, as-is and after a quote', () => {
    for (const unit of PADDING) {
      for (const count of [5_000, 50_000]) {
        const padding = `${unit.repeat(count)}1`;
        for (const payload of PAYLOADS) {
          assertDetected(padding + payload, `${unit} x ${count} +${payload}`);
          assertDetected(`x'+${padding}${payload}`, `x'+ ${unit} x ${count} +${payload}`);
        }
      }
    }
  });

  // Signals whose first half comes before the padding and whose second half after it: a reading that started
  // afresh after the padding would miss them, so the value is reported rather than read on.
  it('finds a signal split by the padding', () => {
    const cases = {
      'OR, padding, comparison': `1 OR ${'1+'.repeat(6_000)}1=1`,
      'quote, OR, padding, comparison': `x' OR ${'1+'.repeat(6_000)}1='1`,
      'ORDER BY a long list': `1 ORDER BY ${Array.from({ length: 6_000 }, (_, i) => i + 1).join(',')}`,
      'UNION after parentheses': `${'('.repeat(6_000)}1 UNION SELECT 1--`,
    };
    for (const [label, value] of Object.entries(cases)) assertDetected(value, label);
  });

  // A long value's decoding stops after a few thousand escapes; the rest used to be left undecoded and unread.
  it('finds an encoded payload behind thousands of escapes', () => {
    const cases = {
      'spaces, then an encoded quote': `${'%20'.repeat(5_000)}1%27%20OR%201=1--`,
      'words and spaces, then an encoded payload': `${'x%20'.repeat(5_000)}x%27%20OR%201=1--`,
      'encoded operators, then an encoded union': `${'x%2B'.repeat(5_000)}%27%20UNION%20SELECT%20password%20FROM%20users--`,
      'HTML references, then a referenced quote': `${'&amp;'.repeat(5_000)}&#39; OR 1=1--`,
      'HTML references, then a referenced double quote': `${'&amp;'.repeat(5_000)}&quot; OR &quot;1&quot;=&quot;1`,
      'fullwidth arithmetic, then fullwidth SQL': `${'１＋'.repeat(6_000)}１　ＯＲ　１＝１－－`,
      'spaces, then a delay call': `${'x%20'.repeat(5_000)}SLEEP(5)`,
      'spaces, then an encoded delay call': `${'x%20'.repeat(5_000)}%53LEEP%285%29`,
      'spaces, then a delay call with an encoded parenthesis': `${'x%20'.repeat(5_000)}SLEEP%285%29`,
      'spaces, then a delay call with a zero-padded reference': `${'x%20'.repeat(5_000)}SLEEP&#${'0'.repeat(20)}40;5)`,
      'spaces, then a fullwidth delay call': `${'x%20'.repeat(5_000)}ＳＬＥＥＰ（５）`,
      'a delay call split by the end of the decoding': `${'%20'.repeat(1_365)}x%20SLEEP%285%29`,
      'encoded spaces, then an encoded union without a quote': `${'%20'.repeat(5_000)}1%20UNION%20SELECT%20password%20FROM%20users--`,
      'spaces, then a delay call with a long encoded number': `${'x%20'.repeat(5_000)}SLEEP%28${'%35'.repeat(40)}%29`,
      'HTML references, then a zero-padded referenced quote': `${'&amp;'.repeat(5_000)}&#${'0'.repeat(16)}39; OR 1=1--`,
    };
    for (const [label, value] of Object.entries(cases)) assertDetected(value, label);
  });

  it('finds a payload behind thousands of escaped or doubled quotes', () => {
    assertDetected(`${"\\'".repeat(6_000)}' OR 1=1--`, 'backslash-escaped quotes (MySQL)');
    assertDetected(`${'x\\"'.repeat(6_000)}" OR 1=1--`, 'backslash-escaped double quotes');
    // An even run of backslashes escapes itself, not the quote after it: the literal closes there.
    assertDetected(`${"\\'".repeat(6_000)}\\\\' OR 1=1--`, 'escaped quotes, then an escaped backslash');
    assertDetected(
      `${'x\\"'.repeat(6_000)}\\\\\\\\" OR 1=1--`,
      'escaped double quotes, then two escaped backslashes',
    );
    assertDetected(`x${"''".repeat(6_000)}' OR 1=1--`, 'doubled quotes');
  });

  it('finds a payload after padding whose first SQL word is inside a literal', () => {
    // The fresh reading of what the padding left unread starts near its first SQL word; read from the word, the
    // literal's closing quote opens one and the payload reads as its content.
    const payloads = {
      "1+'a union' UNION SELECT password FROM users--": '1+',
      "1+'rock and roll' OR 1=1--": '(1)+',
      "1+'x or y'; DROP TABLE users--": '1,',
      '1+"a union" UNION SELECT password FROM users--': '1+',
      '1+`a union` UNION SELECT password FROM users--': '1+',
      '1+[a union] UNION SELECT password FROM users--': '1+',
    };
    for (const [payload, padding] of Object.entries(payloads)) {
      assertDetected(padding.repeat(3_000) + payload, `${padding} padding, then ${payload}`);
    }
    assertDetected(`${'1+'.repeat(500_000)}1+'a or b' OR 1=1--`, 'a mebibyte of padding');
    // The literal holds another opening character, the word is far from its quote, or padding follows it.
    const padding = '1+'.repeat(3_000);
    assertDetected(`${padding}1+"it's a union" UNION SELECT password FROM users--`, 'a quote in the literal');
    assertDetected(`${padding}1+'say "hi" or bye' OR 1=1--`, 'a double quote in the literal');
    assertDetected(
      `${padding}1+'http://x union' UNION SELECT password FROM users--`,
      'a slash in the literal',
    );
    assertDetected(`${padding}1+'${'z'.repeat(2_000)} or b' OR 1=1--`, 'a word far from its quote');
    assertDetected(
      `${padding}1+'a union'${'+1'.repeat(3_000)} UNION SELECT password FROM users--`,
      'padding after',
    );
  });

  it('finds a payload after padding whose word is glued to a number after a quote or a slash', () => {
    // The first SQL word's match begins at the break before its number: the quote of `'1.5UNION`. Read from there,
    // the payload was a literal's content; the fresh reading begins after such a break, and a probe reads from it.
    const padding = '1+'.repeat(5_000);
    const payloads = [
      "'1.5UNION SELECT password FROM users--",
      "'15UNION SELECT password FROM users--",
      '/5.e+5where 1=1',
      '`1e+5having 1=1--',
      '"1..5like 1=1#',
    ];
    for (const payload of payloads) assertDetected(padding + payload, `padding, then ${payload}`);
    // Quotes before the payload that a reading from the word's break takes for closing ones (a reviewer's cases).
    assertDetected(`${padding}"'''chr"UNION SELECT password FROM users--`, 'decoy quotes, then UNION');
    assertDetected(`${padding}"''[date"or""="`, 'decoy quotes and a bracket, then OR');
    assertDetected(
      `${'1,'.repeat(2_424)}'log'order by 5--${'1,'.repeat(481)}1`,
      'a quoted word, then ORDER BY',
    );
  });

  it('keeps a long list of numbers that ends in a quoted statement clean', () => {
    // A reading from inside the literal would take its content for a statement: `Delete account`, `drop table`.
    const benign = {
      'a CSV row, then a quoted label': `${Array.from({ length: 3_000 }, (_, i) => i).join(',')},"Delete account"`,
      'numbers, then a quoted phrase': `${'1,'.repeat(5_000)}, "drop table"`,
      'a formula, then a bracketed name': `${'1+'.repeat(2_430)}[delete t`,
      'numbers, then a quoted query': `${'1,'.repeat(5_000)}"select id from users where id = 1", 3, 4`,
    };
    for (const [label, value] of Object.entries(benign)) {
      assert.equal(detectSqlInjection(value).detected, false, `${label} was flagged`);
    }
  });

  it('finds a payload behind more character references than a long value decodes', () => {
    // Past the 4,096th, `&#32;` is read raw: `&`, then a `#` that is no comment once the reference is decoded.
    assertDetected(`x'${'&#32;'.repeat(5_000)} OR 1=1--`, 'decimal references, then a tautology');
    assertDetected(`admin'${'&#32;'.repeat(5_000)}--`, 'decimal references, then a comment');
    assertDetected(
      `1)${'&#x20;'.repeat(5_000)} UNION SELECT password FROM users--`,
      'hex references, then UNION',
    );
    assertDetected(`x"${'&#160;'.repeat(5_000)} OR 1=1--`, 'no-break spaces, then a tautology');
    // Spaced out, each reference costs the decoding a search, and the budget ran out between a `&` and its `#`.
    assertDetected(`x'${' &#32;'.repeat(1_000)} OR 1=1--`, 'spaced references, then a tautology');
    assertDetected(
      `1${' &#32;'.repeat(1_000)} UNION SELECT password FROM users--`,
      'spaced references, then UNION',
    );
    // After a quote the first token is the literal, even when the value starts with `#` or `-`.
    const spaces = 'x%20'.repeat(5_000);
    assertDetected(`#x%27%27${spaces}%27 OR 1=1--`, 'a literal starting with #, past the cut');
    assertDetected(`-x\\%27${spaces}%27 OR 1=1--`, 'a literal starting with -, past the cut');
  });

  it('keeps long lists of numbers and quoted prose with SQL words clean', () => {
    const list = Array.from({ length: 30_000 }, (_, i) => (i % 50 === 0 ? `'rock and roll ${i}'` : `${i}`));
    assert.equal(detectSqlInjection(list.join(',')).detected, false);
    const formula = Array.from({ length: 20_000 }, (_, i) =>
      i % 100 === 0 ? `"a and b"&A${i}` : `A${i}*B${i}`,
    );
    assert.equal(detectSqlInjection(`=${formula.join('+')}`).detected, false);
  });

  it('finds a delay call behind thousands of parentheses', () => {
    assertDetected(`x x ${'('.repeat(5_000)}SLEEP(5)`, 'parentheses before SLEEP(5)');
  });

  it('reads + as a space when a valid escape follows many bogus %', () => {
    assertDetected(`${'%'.repeat(70)}%27+OR+1=1--`, 'bogus % before %27+OR+1=1--');
  });

  it('keeps long benign values of the same shapes clean', () => {
    const bytes = new Uint8Array(786_432);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2_654_435_761) >>> 24;
    const base64 = Buffer.from(bytes).toString('base64');
    const words = ['apple', 'order', 'plain', 'x'];
    // Values with more than 4,096 escapes stay under 256 KiB: past that they fail closed (next test).
    const cases = {
      '100,000 comma-separated ids': Array.from({ length: 100_000 }, (_, i) => 1000 + i * 7).join(','),
      'a mebibyte of base64': base64,
      'URL-encoded base64': encodeURIComponent(base64.slice(0, 200_000)),
      'a JSON array of numbers': JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i * 3.5)),
      'a long spreadsheet formula': `=${Array.from({ length: 20_000 }, (_, i) => `A${i}*B${i}`).join('+')}`,
      'long arithmetic': Array.from({ length: 50_000 }, (_, i) => `(${i}+1)*2`).join('-'),
      'a hex string': '0123456789abcdef'.repeat(65_536),
      'a list of quoted ids': Array.from({ length: 20_000 }, (_, i) => `"id${i}"`).join(','),
      'multi-line CSV with quoted fields': Array.from(
        { length: 8_000 },
        (_, i) => `${i},"${words[i % 4]} ${i}",${i * 3}`,
      ).join('\n'),
      'JSON text escaped into a string': JSON.stringify(
        JSON.stringify(Array.from({ length: 5_000 }, (_, i) => ({ id: i, name: `n${i}` }))),
      ).slice(1, -1),
      'URL-encoded prose': encodeURIComponent("It's the union's view that we select a few. ".repeat(3_000)),
      'HTML-escaped prose with numeric references': 'it&#39;s fine &#8212; caf&#233; &#38; more. '.repeat(
        4_000,
      ),
      'an HTML-escaped document': '<p>Tom &amp; Jerry &quot;say&quot; hi, it&#39;s fine.</p>\n'.repeat(3_000),
      // Thousands of parentheses past the end of the decoding: a draft decoded a window around each and gave up.
      'Japanese text with URLs and fullwidth parentheses':
        'これはテスト（テスト）です：「引用」。URL: https://例え.jp/パス?q=値&r=1 '.repeat(4_000),
      'URLs with parentheses and encoded quotes':
        'https://example.com/a/b?c=d&e=f%20g#h https://x.org/p(1)?q=%22z%22 '.repeat(3_000),
      'URL-encoded prose with parentheses': encodeURIComponent(
        'Some text (see above) and more. '.repeat(3_000),
      ),
      'URL-encoded formulas': encodeURIComponent('f(x) = g (y) + h(z); '.repeat(4_000)),
      'HTML-escaped code': 'if (a &lt; b &amp;&amp; f(c)) { return g(d); } // it&#39;s (ok)\n'.repeat(2_000),
      'JavaScript with escapes': 'var s = "\\u0041\\x42 (c) \\n \\"q\\" f(x)";\n'.repeat(3_000),
      'URL-encoded CJK text': encodeURIComponent('中文字符测试，包括标点。'.repeat(2_000)),
      'a URL-encoded form body':
        'name=John%20Smith&email=john%40example.com&msg=Hello%2C%20how%20are%20you%3F&x=1+2&'.repeat(2_500),
    };
    for (const [label, value] of Object.entries(cases)) {
      assert.equal(detectSqlInjection(value).detected, false, label);
    }
  });

  it('fails closed on a long value whose decoding leaves more than 256 KiB undecoded', () => {
    // Past 4,096 escapes a long value is not decoded further; searching a longer undecoded rest would take it
    // past its time, so it is reported as too dense to read, never as clean.
    const form = 'name=John%20Smith&msg=Hello%2C%20how%20are%20you%3F&'.repeat(8_000);
    assert.deepEqual(detectSqlInjection(form), { detected: true, fingerprint: 'sqli:work-limit' });
    assert.deepEqual(detectSqlInjection(form.slice(0, 200_000)), { detected: false });
  });
});
