/**
 * What the needle checks of a long value share: their budget units, and the marks of the windows to read in full.
 */

import { budget } from './budget.js';
import type { Windows } from './windows.js';

/**
 * Budget units (see `budget.ts`: about twenty nanoseconds, measured): a needle's search and first question, a rule
 * that looks a few units around, one that reads up to a hundred (a scheme's media type, JSFuck, a page write's
 * member chain), a window's mark (its share of a window read in full).
 */
export const RULE_UNITS = 4;
export const WIDE_RULE_UNITS = 16;
export const SCHEME_RULE_UNITS = 48;
const MARK_UNITS = 16;
/**
 * Budget units of a look-back over spaces, controls or a name, per code unit read, as a shift. Each such run is
 * read for one needle only (the `=`, `:` or `(` it ends at), so the look-backs of a pass are linear in total.
 */
export const LOOK_BACK_SHIFT = 4;

/** The windows the escapes of the value being read open, and the value as the passes read it (its copy's text). */
export const source = { windows: undefined as Windows | undefined, text: '' };

/** Marks `at` as the centre of a window to read in full. */
export function mark(at: number): void {
  budget.left -= MARK_UNITS;
  source.windows?.add(at);
}
