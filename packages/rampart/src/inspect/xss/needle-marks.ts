/**
 * What the needle checks of a long value share: their budget units, and the marks of the windows to read in full.
 */

import { budget } from './budget.js';
import type { Windows } from './windows.js';

/**
 * Budget units (see `budget.ts`: about fifteen nanoseconds, measured): a rule that looks a few units around besides
 * what it reads (charged apart, see `READ_SHIFT`), one that reads up to a hundred (a scheme's media type, JSFuck),
 * a window's mark (its share of a window read in full).
 */
export const RULE_UNITS = 2;
export const WIDE_RULE_UNITS = 16;
export const SCHEME_RULE_UNITS = 48;
const MARK_UNITS = 16;
/** The windows the escapes of the value being read open, and the value as the passes read it (its copy's text). */
export const source = { windows: undefined as Windows | undefined, text: '' };

/** Marks `at` as the centre of a window to read in full. */
export function mark(at: number): void {
  budget.left -= MARK_UNITS;
  source.windows?.add(at);
}
