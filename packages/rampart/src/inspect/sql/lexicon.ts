import * as functions from './functions.js';
import * as roles from './roles.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { FunctionKind, FUNCTIONS, PACKAGES } = functions;
const { ROLES, Role } = roles;

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

/**
 * Every word the SQL detector knows, in one table: keywords (`roles.ts`), function and package names
 * (`functions.ts`), and the words the grammar names without giving them a keyword's role (`GOTO`, `DESCRIBE`,
 * `IF`...). The tokenizer looks a word up once, when it has read it; a token then carries the word's id,
 * so the grammar compares small integers instead of characters. The benign screen (`screen.ts`) relies on this
 * table being the only way the grammar recognises a word: a value with none of these words and none of the
 * screen's characters cannot make any reading report anything.
 */

/**
 * Words the grammar compares by name that are neither keywords nor functions: statements and clauses that only a
 * keyword or a `;` can lead to (`; DESCRIBE t`, `1 GOTO x`, `BEGIN TRY`, `LOCK IN SHARE MODE`, `COPY t TO PROGRAM`).
 */
const GRAMMAR_WORDS = [
  'boolean',
  'current',
  'date',
  'describe',
  'goto',
  'if',
  'ignore',
  'immediate',
  'language',
  'lock',
  'log',
  'low_priority',
  'mode',
  'program',
  'quick',
  'separator',
  'share',
  'stdin',
  'stdout',
  'time',
  'timestamp',
  'to',
  'tran',
  'transaction',
  'try',
  'use',
  'while',
  'with',
  'xml',
];

// `then` cannot be an object literal key in `ROLES` (it would make the object a thenable), so it joins here.
const ROLE_ENTRIES: ReadonlyArray<readonly [string, number]> = [
  ...Object.entries(ROLES),
  ['then', Role.when],
];
const NAMES = [
  ...new Set([
    ...ROLE_ENTRIES.map(([name]) => name),
    ...Object.keys(FUNCTIONS),
    ...Object.keys(PACKAGES),
    ...GRAMMAR_WORDS,
  ]),
];
const ROLE = new Uint8Array(NAMES.length);
const FUNCTION_KIND = new Uint8Array(NAMES.length);
const PACKAGE_KIND = new Uint8Array(NAMES.length);
for (const [name, role] of ROLE_ENTRIES) ROLE[NAMES.indexOf(name)] = role;
for (const [name, kind] of Object.entries(FUNCTIONS)) FUNCTION_KIND[NAMES.indexOf(name)] = kind;
for (const [name, kind] of Object.entries(PACKAGES)) PACKAGE_KIND[NAMES.indexOf(name)] = kind;

/** Every word of the table, lower-case: what `unread.ts` searches the parts of a value no reading reached for. */
export const WORDS: readonly string[] = Object.freeze(NAMES.map((name) => name.toLowerCase()));

/** The names of the delay functions (`sleep`, `pg_sleep_for`...), longest first, as the native searches need them. */
export const DELAY_NAMES: readonly string[] = Object.freeze(
  Object.keys(FUNCTIONS)
    .filter((name) => FUNCTIONS[name] === FunctionKind.delay)
    .sort((a, b) => b.length - a.length),
);

/** The longest word in the table: a longer word is an identifier whatever it spells. */
export const MAX_WORD = Math.max(...NAMES.map((name) => name.length));

/**
 * The class of a word's first or last character: a letter (case-insensitive, 0-25), `_` (26), a digit (27); 31 for
 * anything no word of the table holds. A table, so that a class costs one load.
 */
const CHAR_KIND = (() => {
  const kinds = new Uint8Array(0x10000).fill(31);
  for (let c = 0x61; c <= 0x7a; c++) {
    kinds[c] = c - 0x61;
    kinds[c - 0x20] = c - 0x61;
  }
  kinds[0x5f] = 26;
  kinds.fill(27, 0x30, 0x3a);
  return kinds;
})();

/**
 * A word's bucket: its length, first and last characters' classes. Names of one shape are one or two, and most
 * words (an identifier, an English word, a run of base64) fall in an empty bucket: a lookup costs a few loads and
 * at most a comparison or two, and a word is never hashed, which cost a multiplication per character read.
 */
function shapeOf(length: number, first: number, last: number): number {
  return ((length * 32 + (CHAR_KIND[first] as number)) << 5) | (CHAR_KIND[last] as number);
}

/**
 * Per length and first character, a bit per last character of the names of that shape: a filter small enough to
 * stay in the first-level cache (the buckets below span 40 KiB), which rejects most words before a bucket is read.
 */
const SHAPES = new Int32Array((MAX_WORD + 1) * 32);
/** The first name of each bucket (-1: none), and after each name the next one of its bucket (-1: none). */
const HEAD = new Int16Array((MAX_WORD + 1) * 1024).fill(-1);
const NEXT = new Int16Array(NAMES.length).fill(-1);
/** Each name's characters ASCII-lower-cased (`c | 0x20`, as a value's characters are compared), end to end. */
const CHARS = new Uint8Array(NAMES.reduce((total, name) => total + name.length, 0));
const OFFSET = new Int32Array(NAMES.length);
{
  let offset = 0;
  NAMES.forEach((name, id) => {
    // A lookup compares from the second character on: a first letter or `_` is settled by the bucket, a first
    // digit would not be (and the tokenizer reads a word starting with a digit as a number anyway).
    if ((CHAR_KIND[name.charCodeAt(0)] as number) > 26) throw new Error(`sql lexicon: bad word ${name}`);
    const shape = shapeOf(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1));
    SHAPES[shape >> 5] = (SHAPES[shape >> 5] as number) | (1 << (shape & 31));
    NEXT[id] = HEAD[shape] as number;
    HEAD[shape] = id;
    OFFSET[id] = offset;
    for (let i = 0; i < name.length; i++) CHARS[offset++] = name.charCodeAt(i) | 0x20;
  });
  // Two names equal but for case would make one unreachable: fail at load time, where a test sees it.
  const folded = new Set(NAMES.map((name) => name.toLowerCase()));
  if (folded.size !== NAMES.length) throw new Error('sql lexicon: two words differ only by case');
}

/**
 * The id of the word `value[start, end)`, or -1. Case-insensitive.
 * @example roleOf(lookupWord('1 union select', 2, 7)) === Role.union
 */
export function lookupWord(value: string, start: number, end: number): number {
  if (end - start > MAX_WORD || end <= start) return -1;
  return lookupRun(value, start, end, charCodeAt.call(value, start), charCodeAt.call(value, end - 1));
}

/**
 * {@link lookupWord} for a run of at most {@link MAX_WORD} characters whose first and last characters the caller
 * has just read: reading them again would cost more than the rest of most lookups.
 */
export function lookupRun(value: string, start: number, end: number, first: number, last: number): number {
  const shape = shapeOf(end - start, first, last);
  if ((((SHAPES[shape >> 5] as number) >>> (shape & 31)) & 1) === 0) return -1;
  for (let id = HEAD[shape] as number; id >= 0; id = NEXT[id] as number) {
    const offset = (OFFSET[id] as number) - start;
    let i = start + 1;
    // Both sides folded: the table holds letters, digits and `_`; `_ | 0x20` is DEL, never inside a word, and the
    // control characters that fold onto digits are not word characters either.
    while (i < end && (charCodeAt.call(value, i) | 0x20) === CHARS[offset + i]) i++;
    if (i === end) return id;
  }
  return -1;
}

/** The keyword role (`roles.ts`) of a word id; 0 for -1 and for words that are not keywords. */
export function roleOf(id: number): number {
  return id < 0 ? 0 : (ROLE[id] as number);
}

/** The `FunctionKind` of a word id, 0 for a function of no interest or not a function. */
export function functionKindOf(id: number): number {
  return id < 0 ? 0 : (FUNCTION_KIND[id] as number);
}

/** The `FunctionKind` of an Oracle package (`utl_http` in `utl_http.request(...)`), or 0. */
export function packageKindOf(id: number): number {
  return id < 0 ? 0 : (PACKAGE_KIND[id] as number);
}

/**
 * The `FunctionKind` of a function name in `value[start, end)`, or 0.
 * @example functionKindAt('x sleep(5)', 2, 7) === FunctionKind.delay
 */
export function functionKindAt(value: string, start: number, end: number): number {
  return functionKindOf(lookupWord(value, start, end));
}

/** The id of a word in the table; throws on a word that is not in it (a programming error, at load time). */
export function wordId(name: string): number {
  const id = lookupWord(name, 0, name.length);
  if (id < 0) throw new Error(`not an sql lexicon word: ${name}`);
  return id;
}

/** The id of a keyword; throws on a word that has no keyword role (a programming error, at load time). */
export function keywordId(name: string): number {
  const id = wordId(name);
  if (roleOf(id) === 0) throw new Error(`not an sql keyword: ${name}`);
  return id;
}
