/** The performance targets the guards benchmark is judged by, checked against a run's summaries. */
import type { StackSummary } from './summary.js';

/** One target: a ratio of one stack that must stay at or above (`min`) or at or below (`max`) a bound. */
interface Target {
  readonly stackId: string;
  readonly metric: 'rpsVsFastify' | 'cpuVsFastify' | 'rpsVsExpress';
  readonly text: string;
  readonly min?: number;
  readonly max?: number;
}

const TARGETS: readonly Target[] = [
  {
    stackId: 'fastify-rampart',
    metric: 'rpsVsFastify',
    text: 'Fastify + Rampart req/s ÷ bare Fastify',
    min: 0.8,
  },
  {
    stackId: 'fastify-rampart',
    metric: 'cpuVsFastify',
    text: 'Fastify + Rampart CPU/req ÷ bare Fastify',
    max: 1.3,
  },
  {
    stackId: 'express-rampart',
    metric: 'rpsVsExpress',
    text: 'Express + Rampart req/s ÷ bare Express',
    min: 0.9,
  },
];

/** One checked target. */
export interface TargetCheck {
  readonly route: string;
  readonly text: string;
  readonly bound: string;
  readonly value: number | undefined;
  /** `undefined` when the run did not measure what the target needs. */
  readonly met: boolean | undefined;
  /** The stack answered non-2xx or failed its checks: whatever `met` says, the figure proves nothing. */
  readonly invalid: boolean;
}

/** Checks every target on every route the summaries cover; targets whose stacks did not run are left out. */
export function checkTargets(summaries: readonly StackSummary[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const target of TARGETS) {
    for (const summary of summaries.filter((candidate) => candidate.stackId === target.stackId)) {
      const value = summary[target.metric];
      const bound =
        target.min !== undefined ? `>= ${target.min.toFixed(2)}` : `<= ${(target.max ?? 0).toFixed(2)}`;
      const met =
        value === undefined
          ? undefined
          : (target.min === undefined || value >= target.min) &&
            (target.max === undefined || value <= target.max);
      const invalid = summary.hadProblems || summary.failures > 0;
      checks.push({ route: summary.route, text: target.text, bound, value, met, invalid });
    }
  }
  return checks;
}
