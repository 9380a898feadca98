/**
 * Scratch buffers for the decoding passes. Reusing them keeps the per-value path free of allocation for ordinary
 * values; a value larger than the cached size gets a buffer of its own, so one huge request does not pin megabytes
 * of memory for the life of the process.
 */

/** Largest buffer kept between calls, in UTF-16 code units. */
const MAX_CACHED_UNITS = 64 * 1024;
/**
 * Largest copy buffer of a long value ({@link LONG_COPY_SLOT}) kept between calls: 2.5 MiB, room for a 1 MiB body
 * and its framing. Writing into warm memory costs a fifth of writing into a fresh allocation; one such buffer per
 * process is worth it.
 */
const MAX_CACHED_COPY_UNITS = 1.25 * 1024 * 1024;

/**
 * Slots 0-2 hold the copied and percent-decoded value, 8-9 its reference-decoded form, 3-5 decoded attribute values
 * (one per nesting depth), 6 the UTF-7 reading, 7 normalised CSS, 10 the copy of a long value, which stays in use
 * while windows of it are read through the other slots.
 */
export const SLOT_COUNT = 11;

/** The slot of a long value's copy. */
export const LONG_COPY_SLOT = 10;

const cache: Uint16Array[] = [];
for (let slot = 0; slot < SLOT_COUNT; slot++) cache.push(new Uint16Array(256));

/**
 * A buffer of at least `minUnits` code units for `slot`. Its previous content is garbage; a caller owns the slot
 * until it returns, and nested scanners use distinct slots.
 */
export function acquireBuffer(slot: number, minUnits: number): Uint16Array {
  const cached = cache[slot] as Uint16Array;
  if (cached.length >= minUnits) return cached;
  const max = slot === LONG_COPY_SLOT ? MAX_CACHED_COPY_UNITS : MAX_CACHED_UNITS;
  if (minUnits > max) return new Uint16Array(minUnits);
  const grown = new Uint16Array(Math.min(max, Math.max(minUnits, cached.length * 2)));
  cache[slot] = grown;
  return grown;
}

/** A byte view of the long copy's slot, for native copies into it; rebuilt when the slot grows. */
let copyBytes = Buffer.from((cache[LONG_COPY_SLOT] as Uint16Array).buffer);

/**
 * `value`'s code units copied into {@link LONG_COPY_SLOT} (or a buffer of its own when large), natively: a
 * JavaScript loop pays a nanosecond or more per code unit, a native copy a fifth of that.
 */
export function copyToBuffer(value: string): Uint16Array {
  const codes = acquireBuffer(LONG_COPY_SLOT, value.length);
  let bytes = copyBytes;
  if (codes.buffer !== bytes.buffer) {
    bytes = Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength);
    if (codes === cache[LONG_COPY_SLOT]) copyBytes = bytes;
  }
  bytes.write(value, 0, 'utf16le');
  return codes;
}

/**
 * `codes[start..end)` of the long copy read back as a string, natively (a fifth of the cost of a `TextDecoder`).
 */
export function bufferText(codes: Uint16Array, start: number, end: number): string {
  const bytes = codes.buffer === copyBytes.buffer ? copyBytes : Buffer.from(codes.buffer, codes.byteOffset);
  return bytes.toString('ucs2', 2 * start, 2 * end);
}

/** The shadow of a two-byte long value (`wide-values.ts`), cached up to the size of the long copy. */
let shadowCache = Buffer.from(new ArrayBuffer(256));

/**
 * A byte buffer of at least `minBytes` for a long value's shadow, starting at offset 0 of its own memory so that
 * 16-bit views of it are aligned. Its previous content is garbage.
 */
export function acquireShadow(minBytes: number): Buffer {
  if (shadowCache.length >= minBytes) return shadowCache;
  const bytes = Buffer.from(
    new ArrayBuffer(Math.max(minBytes, Math.min(MAX_CACHED_COPY_UNITS, 2 * shadowCache.length))),
  );
  if (bytes.length <= MAX_CACHED_COPY_UNITS) shadowCache = bytes;
  return bytes;
}

/** A view of decoded text: `codes[0..length)` is meaningful. Mutable and reused, never exported to callers. */
export interface DecodedText {
  codes: Uint16Array;
  length: number;
}
