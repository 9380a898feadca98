import { FUNCTIONS, PACKAGES } from './functions.js';
import { ROLES, Role } from './roles.js';

/**
 * Every word the SQL detector knows, in one table: keywords (`roles.ts`), function and package names
 * (`functions.ts`), and the words the grammar names without giving them a keyword's role (`GOTO`, `DESCRIBE`,
 * `IF`...). The tokenizer hashes a word while it reads it and looks it up once; a token then carries the word's id,
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

/** FNV-1a over ASCII-lower-cased code units: `SELECT`, `select` and `SeLeCt` hash the same. */
export const HASH_SEED = 0x811c9dc5 | 0;

/** One step of the word hash; the tokenizer and the screen call it per character as they read a word. */
export function hashStep(hash: number, c: number): number {
  return Math.imul(hash ^ (c | 0x20), 0x01000193);
}

function hashName(name: string): number {
  let hash = HASH_SEED;
  for (let i = 0; i < name.length; i++) hash = hashStep(hash, name.charCodeAt(i));
  return hash;
}

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

/** The longest word in the table: a longer word is an identifier whatever it spells. */
export const MAX_WORD = Math.max(...NAMES.map((name) => name.length));

/** The bit of an ASCII letter (case-insensitive) or of `_` (bit 26); 0 for anything else. */
function firstLetterBit(c: number): number {
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x7a) return 1 << (lower - 0x61);
  return c === 0x5f ? 1 << 26 : 0;
}

/** Per word length, a bit per first letter of the names of that length: most words are rejected here. */
const SHAPES = new Int32Array(MAX_WORD + 1);
/** Open addressing by hash: `SLOTS[i]` is a name's id (-1: empty), `HASHES[i]` its hash. */
let size = 16;
while (size < NAMES.length * 4) size *= 2;
const MASK = size - 1;
const SLOTS = new Int16Array(size).fill(-1);
const HASHES = new Int32Array(size);
NAMES.forEach((name, id) => {
  SHAPES[name.length] = (SHAPES[name.length] as number) | firstLetterBit(name.charCodeAt(0));
  const hash = hashName(name);
  let slot = hash & MASK;
  while ((SLOTS[slot] as number) >= 0) {
    // A collision would make one word unreachable: fail at load time, where a test sees it, never per request.
    if (HASHES[slot] === hash) throw new Error(`sql lexicon hash collision: ${name}`);
    slot = (slot + 1) & MASK;
  }
  SLOTS[slot] = id;
  HASHES[slot] = hash;
});

/**
 * The id of the word `value[start, end)`, whose {@link hashStep} hash over those characters is `hash`, or -1.
 * Case-insensitive; compares the characters only when the hash matches.
 */
export function lookupHashed(value: string, start: number, end: number, hash: number): number {
  const length = end - start;
  if (length > MAX_WORD || ((SHAPES[length] as number) & firstLetterBit(value.charCodeAt(start))) === 0) {
    return -1;
  }
  let slot = hash & MASK;
  let id = SLOTS[slot] as number;
  while (id >= 0 && HASHES[slot] !== hash) {
    slot = (slot + 1) & MASK;
    id = SLOTS[slot] as number;
  }
  if (id < 0) return -1;
  const name = NAMES[id] as string;
  if (name.length !== length) return -1;
  for (let i = 0; i < length; i++) {
    // Both sides folded: the table holds letters, digits and `_`, and `_ | 0x20` is DEL, never inside a word.
    if ((value.charCodeAt(start + i) | 0x20) !== (name.charCodeAt(i) | 0x20)) return -1;
  }
  return id;
}

/**
 * The id of the word `value[start, end)`, or -1.
 * @example roleOf(lookupWord('1 union select', 2, 7)) === Role.union
 */
export function lookupWord(value: string, start: number, end: number): number {
  if (end - start > MAX_WORD) return -1;
  let hash = HASH_SEED;
  for (let i = start; i < end; i++) hash = hashStep(hash, value.charCodeAt(i));
  return lookupHashed(value, start, end, hash);
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
