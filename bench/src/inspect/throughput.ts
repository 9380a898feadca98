/** Detector speed: values per second at the corpus's sizes and at 32 bytes, and the worst case for 1 MiB. */
import type { Detectors } from './evaluate.js';

export interface Throughput {
  readonly values: number;
  readonly valuesPerSecond: number;
  readonly megabytesPerSecond: number;
}

export interface WorstCase {
  readonly label: string;
  /** The slower detector's time on this value once its code is compiled (fastest of the timed runs), in ms. */
  readonly ms: number;
  /** The slower detector's first call on the full value, before the warm-up on this shape, in ms. */
  readonly firstMs: number;
}

const MIB = 1024 * 1024;

/** Runs both detectors over `values` repeatedly for at least `minMs`, after one warm-up pass. */
export function measureThroughput(values: readonly string[], detectors: Detectors, minMs = 1000): Throughput {
  let bytes = 0;
  for (const value of values) bytes += Buffer.byteLength(value);
  let sink = 0;
  const pass = (): void => {
    for (const value of values) {
      if (detectors.sqli(value).detected) sink++;
      if (detectors.xss(value).detected) sink++;
    }
  };
  pass();
  let passes = 0;
  const start = process.hrtime.bigint();
  let elapsedMs = 0;
  do {
    pass();
    passes++;
    elapsedMs = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsedMs < minMs);
  // Keeps the detector calls observable, so no engine can drop them.
  if (sink < 0) throw new Error('unreachable');
  const seconds = elapsedMs / 1000;
  return {
    values: values.length,
    valuesPerSecond: (values.length * passes) / seconds,
    megabytesPerSecond: (bytes * passes) / seconds / 1e6,
  };
}

/**
 * A string with its own storage, as `JSON.parse` or a query parser hands values to an application. (`slice`
 * returns a view into the longer string, which engines read more slowly.)
 */
export function flat(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

/** The first 32 bytes of every payload that long: the first 32 characters, when they are one byte each in UTF-8. */
export function thirtyTwoByteValues(payloads: readonly string[]): string[] {
  const out: string[] = [];
  for (const payload of payloads) {
    if (payload.length < 32) continue;
    const slice = payload.slice(0, 32);
    if (Buffer.byteLength(slice) === 32) out.push(flat(slice));
  }
  return out;
}

/** Deterministic pseudo-random generator (mulberry32), so every run times the same "random" values. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function repeatTo(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function mixOf(tokens: readonly string[], length: number, seed: number): string {
  const random = seeded(seed);
  let out = '';
  while (out.length < length) out += tokens[Math.floor(random() * tokens.length)] ?? '';
  return out.slice(0, length);
}

/**
 * 1 MiB values built to provoke backtracking, deep nesting or quadratic scans, and the shapes found slowest per
 * budget unit: two-byte text (folded and shadowed before any search), ASCII made two-byte by one wide character,
 * dense escapes of quotes, spaces and dots (each judged by what follows it), lone `%` and `&` that SQL reads to
 * the end of its budget, and `%22`-dense JSON.
 */
export function pathologicalValues(): { readonly label: string; readonly value: string }[] {
  const sqlTokens = [
    "'",
    '"',
    '(',
    ')',
    ' or ',
    ' and ',
    '1=1',
    '--',
    '/*',
    '*/',
    '#',
    ';',
    'select ',
    'union ',
    ',',
  ];
  const htmlTokens = [
    '<',
    '>',
    '<a ',
    ' on',
    '=',
    '"',
    "'",
    '&#',
    '&lt;',
    '%3C',
    'javascript:',
    '/',
    'script',
    ' ',
  ];
  const random = seeded(7);
  let bytes = '';
  while (bytes.length < MIB) bytes += String.fromCharCode(Math.floor(random() * 128));
  return [
    ...["'", '(', '/*', '-- ', '%27', '&#39;', '<', '<a ', ' on', '&#', 'javascript:', 'a'].map((unit) => ({
      label: unit,
      value: repeatTo(unit, MIB),
    })),
    ...['%22%2C', '%20', 'a%2Eb', 'x%22y', '中a(b', 'u%', 'java%0', 'a&Tab', '*/(', "'<b'"].map((unit) => ({
      label: unit,
      value: repeatTo(unit, MIB),
    })),
    // Two-byte text: a native search for `-` or `'` in it may stop at every character that holds that byte.
    { label: 'CJK prose', value: repeatTo('中文的句子，包括标点符号。', MIB) },
    { label: 'kana prose', value: repeatTo('これは日本語の文章です。「引用」も含む、', MIB) },
    { label: 'CJK with ASCII', value: repeatTo('中文 the text，包括 a=b (x) 标点。', MIB) },
    { label: 'fullwidth', value: repeatTo('ａｂｃ（）＜＞', MIB) },
    { label: 'fullwidth G', value: repeatTo('Ｇ', MIB) },
    // ASCII made two-byte by one wide character at its end: every native pass reads it at half the speed.
    { label: "ASCII, then U+3000 '", value: `${repeatTo('x y ab ', MIB - 2)}\u3000'` },
    { label: "ASCII, then emoji U+3000 '", value: `${repeatTo('x y ab ', MIB - 4)}😀\u3000'` },
    // Dense `%` that begins no escape, one or two bytes per character: every native pass that looks for escapes
    // stops at each one, and the lexicon's search tries each letter (the two-byte one is over 5 ms; see the README).
    { label: "a%u, then \\'", value: `${repeatTo('a%u', MIB - 2)}\\'` },
    { label: "a%u, then emoji U+3000 \\'", value: `${repeatTo('a%u', MIB - 5)}😀\u3000\\'` },
    // Two-byte text ending in a backslash and a quote: each of the raw value's and its decoding's two quoted
    // readings searches the whole value for quotes and backslashes (in its one-byte shadow since 2026-12-07).
    { label: "CJK and spaces, then emoji U+3000 \\'", value: `${repeatTo('中 ', MIB - 5)}😀\u3000\\'` },
    // Found by a reviewer session's fuzzers (2026-12-07): backquoted names, each of which searched the rest of the
    // value for a line break (14.6 ms); a wide character every 8 KiB, whose fresh readings each built a shadow of
    // their own (25 ms); fullwidth quotes every 2 KiB among `\'`, over 5 ms before the shadow too.
    { label: '-`x`%20', value: repeatTo('-`x`%20', MIB) },
    { label: "1, then '中' || every 8 KiB", value: repeatTo(`${'1,'.repeat(4197)}'中' || `, MIB) },
    { label: "＇, @a+, /*x*/ \\' every 2 KiB", value: repeatTo(`＇${'@a+'.repeat(627)}/*x*/ \\'`, MIB) },
    // Found by a reviewer session (2026-12-07): one escape early, then a mebibyte on which the lexicon's search
    // tries deep (`selec` is one letter short of `select`). The raw value's search stops at the `\x41`; its
    // decoding's reads the rest, at about 5 ms a mebibyte. With `%41` both the raw value and its decoding read it
    // (12.5 ms until the decoding's searches reused the raw value's after its last escape). The `abcd.` misled the
    // choice of search, made on the first KiB, until the sample was spread over the whole text (3 ms a mebibyte).
    {
      label: 'abcd., then \\x41 and ,1.5e5selec',
      value: `${repeatTo('abcd.', 100_000)} \\x41${repeatTo(',1.5e5selec', MIB - 100_005)}`,
    },
    {
      label: "abcd., then %41 and ,1.5e5selec, then \\'",
      value: `${repeatTo('abcd.', 100_000)} %41${repeatTo(',1.5e5selec', MIB - 100_006)}\\'`,
    },
    // Found by a reviewer session (2026-12-07, evening): a fullwidth letter, then backslashes and quotes. Every
    // quote is escaped or not depending on the reading, and the value is two-byte: 5.2 to 6.2 ms.
    { label: "ｓ\\'\\'\\", value: repeatTo("ｓ\\'\\'\\", MIB) },
    { label: '%22 JSON', value: JSON.stringify({ a: 'x%22y'.repeat(200000) }) },
    { label: 'SQL token mix', value: mixOf(sqlTokens, MIB, 1) },
    { label: 'HTML token mix', value: mixOf(htmlTokens, MIB, 2) },
    { label: 'random ASCII', value: bytes.slice(0, MIB) },
  ];
}

function timeMs(detect: (value: string) => unknown, value: string): number {
  const start = process.hrtime.bigint();
  detect(value);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function fastestMs(detect: (value: string) => unknown, value: string, runs: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs; run++) best = Math.min(best, timeMs(detect, value));
  return best;
}

/** Lengths of the warm-up slices: past the long-value threshold (4 KiB), each a little different. */
const WARM_UP_SLICES = 20;
const WARM_UP_LENGTH = 4096;

/**
 * Times each detector on each value; slowest value first. The first call on the full value is reported apart:
 * V8 then runs the value's long-value paths before compiling them, and a busy machine compiles late. The bound is
 * on the algorithm, so the figure judged is the fastest of `runs` after a warm-up on slices of the same shape,
 * which also leaves out GC pauses.
 */
export function measureWorstCases(
  values: readonly { readonly label: string; readonly value: string }[],
  detectors: Detectors,
  runs = 5,
): WorstCase[] {
  const both = [detectors.sqli, detectors.xss];
  const timed = values.map(({ label, value }) => {
    const firstMs = Math.max(...both.map((detect) => timeMs(detect, value)));
    for (let run = 0; run < WARM_UP_SLICES; run++) {
      for (const detect of both) detect(value.slice(0, WARM_UP_LENGTH + run));
    }
    return { label, ms: Math.max(...both.map((detect) => fastestMs(detect, value, runs))), firstMs };
  });
  return timed.sort((a, b) => b.ms - a.ms);
}
