/**
 * Small statistics helpers for benchmark reports. Medians rather than means: one round disturbed by a noisy
 * neighbour on a shared machine should not move the reported figure.
 */

/**
 * The median of the finite values, or `undefined` when there are none.
 *
 * @example median([3, 1, 2]) // 2
 */
export function median(values: readonly number[]): number | undefined {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle]!;
  return sorted.length % 2 === 1 ? upper : (sorted[middle - 1]! + upper) / 2;
}

/** `numerator / denominator`, or `undefined` when either is missing or the denominator is not positive. */
export function ratio(numerator: number | undefined, denominator: number | undefined): number | undefined {
  if (numerator === undefined || denominator === undefined || !(denominator > 0)) return undefined;
  return numerator / denominator;
}

/** Formats a number with a fixed number of decimals; `-` for a missing value. */
export function fixed(value: number | undefined, decimals: number): string {
  return value === undefined || !Number.isFinite(value) ? '-' : value.toFixed(decimals);
}
