/**
 * The windows of a long value read in full: the neighbourhood of each escape that hides a rule's start, merged when
 * they overlap. Each window is wide enough to hold an encoded payload (`%3Cimg%20src%3Dx%20onerror%3D...`) and the
 * markup or attribute it closes, and starts and ends between words, so no rule sees a word cut in two.
 */

import { isDigit, isLetter } from './chars.js';

/** Code units read before a window's first mark and after its last. */
const BEFORE = 96;
const AFTER = 192;
/** Longest window: past this, the next mark starts a window of its own. */
const MAX_WINDOW = 4096;
/** How far a window's edge moves to leave a word whole. */
const MAX_WORD_SHIFT = 32;

function isWordUnit(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

/** Marks (indexes of escapes) collected by the passes, then read back as merged windows in order. */
export class Windows {
  private marks = new Int32Array(256);
  private count = 0;
  private index = 0;
  /** The current window, `[start, end)`. */
  start = 0;
  end = 0;

  clear(): void {
    this.count = 0;
    this.index = 0;
  }

  add(at: number): void {
    if (this.count === this.marks.length) {
      const grown = new Int32Array(this.count * 2);
      grown.set(this.marks);
      this.marks = grown;
    }
    this.marks[this.count++] = at;
  }

  /** Sorts the marks and moves to the first window; false when there is none. */
  first(codes: Uint16Array, length: number): boolean {
    this.marks.subarray(0, this.count).sort();
    this.index = 0;
    this.end = 0;
    return this.next(codes, length);
  }

  /** Moves to the next window; false when there is none. */
  next(codes: Uint16Array, length: number): boolean {
    const marks = this.marks;
    // Marks inside the window just read were read with it.
    while (this.index < this.count && (marks[this.index] as number) < this.end) this.index++;
    if (this.index >= this.count) return false;
    const at = marks[this.index++] as number;
    let start = Math.max(0, at - BEFORE);
    let end = Math.min(length, at + AFTER);
    while (this.index < this.count && (marks[this.index] as number) < end && end - start < MAX_WINDOW) {
      end = Math.min(length, (marks[this.index++] as number) + AFTER);
    }
    const floor = Math.max(0, start - MAX_WORD_SHIFT);
    while (start > floor && isWordUnit(codes[start - 1] as number)) start--;
    const ceiling = Math.min(length, end + MAX_WORD_SHIFT);
    while (end < ceiling && isWordUnit(codes[end] as number)) end++;
    this.start = start;
    this.end = end;
    return true;
  }
}
