/** The acceptance targets of the development corpus (issue 3), by file: what the report marks met or missed. */
import type { PayloadClass } from './corpus.js';

export interface RateTarget {
  /** For attack files, the lowest acceptable detection rate; for benign files, the highest false-positive rate. */
  readonly percent: number;
  /** Judged on the in-context rate (fragments meant to be appended to a parameter) rather than the raw one. */
  readonly inContext: boolean;
}

const RATE_TARGETS: Readonly<Record<string, RateTarget>> = {
  'sqli-attack-libinjection': { percent: 99, inContext: false },
  'sqli-attack-patt': { percent: 95, inContext: true },
  'sqli-attack-payloadbox': { percent: 95, inContext: true },
  'sqli-attack-crs': { percent: 30, inContext: false },
  'xss-attack-libinjection': { percent: 99, inContext: false },
  'xss-attack-payloadbox': { percent: 97, inContext: false },
  'xss-attack-patt': { percent: 75, inContext: false },
  'xss-attack-crs': { percent: 60, inContext: false },
  'benign-forms-faker': { percent: 0.01, inContext: false },
  'benign-crs': { percent: 1, inContext: false },
  'benign-libinjection-fp': { percent: 3, inContext: false },
};

/** Both detectors together, on 32-byte values, on one core. */
export const MIN_VALUES_PER_SECOND_32B = 1_000_000;
/** No value, whatever its content, may take longer. */
export const MAX_MS_PER_VALUE = 5;

export function rateTarget(fileStem: string): RateTarget | undefined {
  return RATE_TARGETS[fileStem];
}

/** Whether a measured rate meets its target: attack rates must reach it, false-positive rates stay under it. */
export function meets(kind: PayloadClass, percent: number, target: RateTarget): boolean {
  return kind === 'benign' ? percent <= target.percent : percent >= target.percent;
}
