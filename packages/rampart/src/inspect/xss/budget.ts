/**
 * The cap on work per value, counted in units, never in time: the same value always gets the same verdict, whatever
 * the machine's load or the engine's warmth. A unit is roughly the cost of one rule trigger (about ten nanoseconds
 * warm); a decoding pass costs a quarter of a unit per code unit. A short value gets a base plus a unit per code
 * unit, which ordinary text never exhausts. A long value is read through candidates found natively
 * (`long-values.ts`) and gets a fixed budget sized so that spending all of it takes a few milliseconds: only a value
 * dense with markup candidates exhausts it. A value that does is reported (`work-limit`) rather than read to its end.
 */

/** Units every short call may spend, whatever its length. */
const BASE_UNITS = 32 * 1024;

/**
 * Units a long value may spend, whatever its length: {@link LONG_UNITS}, about 3.5 ms on a quiet machine for the
 * candidates that cost the most time per unit (a mix of SQL tokens, 19 ns a unit warm; 3.5 ms in the bench), within
 * the 5 ms bound on any value. The bound is on time, not on time per code unit: a 256 KiB value may spend as much
 * as a 1 MiB one, so ordinary text dense with candidates (source code, Markdown, a form body, HTML-escaped prose,
 * a third of a unit to three quarters per code unit) reads to its end at a few hundred KiB. Past 1.3 MiB the
 * budget grows with the value, {@link LONG_MIN_BASE_UNITS} and an eighth of a unit per code unit, so JSON, CSV,
 * prose and base64, which spend less, never exhaust it. A value dense enough to spend all of it is reported.
 */
const LONG_UNITS = 180 * 1024;
const LONG_MIN_BASE_UNITS = 20 * 1024;
const LONG_UNIT_SHIFT = 3;

/** The fingerprint of a value that exhausted its budget. */
export const WORK_LIMIT = 'work-limit';

/**
 * Units left for the current call; scanners subtract what they spend and stop once it is negative. Reset by each
 * public detector before it reads a value.
 */
export const budget = { left: 0 };

/**
 * Budget units of reading code units in a JavaScript loop (a name, a run of spaces), per unit read, as a shift: a
 * quarter of a unit, about three nanoseconds, what such a loop costs per unit with its test. Every read whose length
 * the value decides is charged so: a value diluted with spaces or letters between its candidates pays for what each
 * candidate reads, not a flat price calibrated on dense ones.
 */
export const READ_SHIFT = 2;

/** Starts the budget of a short value of `length` code units. */
export function resetBudget(length: number): void {
  budget.left = BASE_UNITS + length;
}

/** Starts the budget of a long value of `length` code units, read through its candidates. */
export function resetLongBudget(length: number): void {
  budget.left = Math.max(LONG_UNITS, LONG_MIN_BASE_UNITS + (length >> LONG_UNIT_SHIFT));
}

/** Spends `units`; false when the call must stop. */
export function spend(units: number): boolean {
  budget.left -= units;
  return budget.left >= 0;
}
