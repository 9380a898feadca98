/**
 * Fixed tables of names (elements, attributes, event handlers, functions) looked up straight from code units: no
 * lower-cased copy, no string per lookup. A lookup hashes the length and three code units, then compares the few
 * candidates in place; the tables are built once at load time.
 */

/** Longest name any table holds; longer text is no name we know. */
export const MAX_TABLE_NAME_UNITS = 48;

function hashOf(length: number, first: number, middle: number, last: number, mask: number): number {
  return (
    (Math.imul(length * 31 + (first | 0x20) * 7 + (middle | 0x20) * 3 + (last | 0x20), 0x9e3779b1) >>> 16) &
    mask
  );
}

/**
 * A read-only map from names to values. Case-insensitive for ASCII (names are stored lower case) unless built
 * `caseSensitive`, as JavaScript identifiers are.
 */
export class NameTable<T> {
  private readonly mask: number;
  private readonly heads: Int32Array;
  private readonly next: Int32Array;
  /** Every name's code units, one after the other; entry `e` starts at `offsets[e]`. */
  private readonly pool: Uint16Array;
  private readonly offsets: Int32Array;
  private readonly lengths: Int32Array;
  private readonly values: T[];
  private readonly caseSensitive: boolean;

  constructor(entries: Iterable<readonly [string, T]>, caseSensitive = false) {
    this.caseSensitive = caseSensitive;
    const names: string[] = [];
    this.values = [];
    for (const [name, value] of entries) {
      if (name.length === 0 || name.length > MAX_TABLE_NAME_UNITS)
        throw new RangeError(`bad table name ${name}`);
      names.push(caseSensitive ? name : name.toLowerCase());
      this.values.push(value);
    }
    this.pool = new Uint16Array(names.reduce((sum, name) => sum + name.length, 0));
    this.offsets = new Int32Array(names.length);
    this.lengths = new Int32Array(names.length);
    let size = 16;
    while (size < names.length * 4) size *= 2;
    this.mask = size - 1;
    this.heads = new Int32Array(size).fill(-1);
    this.next = new Int32Array(names.length).fill(-1);
    let offset = 0;
    for (let entry = 0; entry < names.length; entry++) {
      const name = names[entry] as string;
      const n = name.length;
      this.offsets[entry] = offset;
      this.lengths[entry] = n;
      for (let k = 0; k < n; k++) this.pool[offset++] = name.charCodeAt(k);
    }
    for (let entry = names.length - 1; entry >= 0; entry--) {
      const name = names[entry] as string;
      const n = name.length;
      const slot = hashOf(n, name.charCodeAt(0), name.charCodeAt(n >> 1), name.charCodeAt(n - 1), this.mask);
      this.next[entry] = this.heads[slot] as number;
      this.heads[slot] = entry;
    }
  }

  /** The value of the name `codes[start..end)`, or undefined. */
  get(codes: Uint16Array, start: number, end: number): T | undefined {
    const n = end - start;
    if (n <= 0 || n > MAX_TABLE_NAME_UNITS) return undefined;
    const slot = hashOf(
      n,
      codes[start] as number,
      codes[start + (n >> 1)] as number,
      codes[end - 1] as number,
      this.mask,
    );
    const pool = this.pool;
    for (let entry = this.heads[slot] as number; entry >= 0; entry = this.next[entry] as number) {
      if (this.lengths[entry] !== n) continue;
      const offset = (this.offsets[entry] as number) - start;
      let k = start;
      if (this.caseSensitive) while (k < end && codes[k] === pool[offset + k]) k++;
      else {
        for (; k < end; k++) {
          const c = codes[k] as number;
          const expected = pool[offset + k] as number;
          // An upper-case ASCII letter matches its lower case; nothing else is folded.
          if (c !== expected && !(c + 0x20 === expected && c >= 0x41 && c <= 0x5a)) break;
        }
      }
      if (k === end) return this.values[entry];
    }
    return undefined;
  }
}
