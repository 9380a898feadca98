/**
 * Turns a run's measurements into one row per stack and route: medians across rounds, and ratios to the bare
 * stacks computed within each round before the median is taken (so a slow round slows numerator and denominator
 * alike).
 */
import { median, ratio } from '../lib/stats.js';
import type { Measurement, RunResult } from './run.js';
import { BARE_EXPRESS, BARE_FASTIFY, HEADERS_ONLY, type Stack } from './stacks.js';
import type { RouteName } from './workload.js';

/** One stack on one route, summarised over the rounds. */
export interface StackSummary {
  readonly stackId: string;
  readonly label: string;
  readonly route: RouteName;
  /** Rounds with a measurement. */
  readonly rounds: number;
  readonly rps: number | undefined;
  readonly p99Ms: number | undefined;
  readonly cpuMicrosPerRequest: number | undefined;
  readonly rpsVsFastify: number | undefined;
  readonly cpuVsFastify: number | undefined;
  readonly rpsVsExpress: number | undefined;
  readonly cpuVsExpress: number | undefined;
  /** CPU per request ÷ the headers-only Fastify stack's (`HEADERS_ONLY`): what the guard logic adds. */
  readonly cpuVsHeaders: number | undefined;
  /** Non-2xx responses plus connection errors, over all rounds. */
  readonly failures: number;
  /** Whether a preflight check or a server start failed in some round. */
  readonly hadProblems: boolean;
}

type Metric = 'rps' | 'cpuMicrosPerRequest';

/** Median over rounds of `stack's metric / reference's metric`, each pair from the same round. */
function medianRatio(own: readonly Measurement[], reference: readonly Measurement[], metric: Metric) {
  const ratios: number[] = [];
  for (const measurement of own) {
    const base = reference.find((candidate) => candidate.round === measurement.round);
    const value = ratio(measurement[metric], base?.[metric]);
    if (value !== undefined) ratios.push(value);
  }
  return median(ratios);
}

/** One summary per route (in `routes` order) and stack (in `stacks` order). */
export function summarise(
  result: RunResult,
  selection: { readonly stacks: readonly Stack[]; readonly routes: readonly RouteName[] },
): StackSummary[] {
  const summaries: StackSummary[] = [];
  for (const route of selection.routes) {
    const of = (stackId: string) =>
      result.measurements.filter(
        (measurement) => measurement.stackId === stackId && measurement.route === route,
      );
    const fastify = of(BARE_FASTIFY);
    const express = of(BARE_EXPRESS);
    const headersOnly = of(HEADERS_ONLY);
    for (const stack of selection.stacks) {
      const own = of(stack.id);
      summaries.push({
        stackId: stack.id,
        label: stack.label,
        route,
        rounds: own.length,
        rps: median(own.map((measurement) => measurement.rps)),
        p99Ms: median(own.map((measurement) => measurement.p99Ms)),
        cpuMicrosPerRequest: median(own.map((measurement) => measurement.cpuMicrosPerRequest)),
        rpsVsFastify: medianRatio(own, fastify, 'rps'),
        cpuVsFastify: medianRatio(own, fastify, 'cpuMicrosPerRequest'),
        rpsVsExpress: medianRatio(own, express, 'rps'),
        cpuVsExpress: medianRatio(own, express, 'cpuMicrosPerRequest'),
        cpuVsHeaders: medianRatio(own, headersOnly, 'cpuMicrosPerRequest'),
        failures: own.reduce((sum, measurement) => sum + measurement.non2xx + measurement.errors, 0),
        hadProblems: result.problems.some((problem) => problem.stackId === stack.id),
      });
    }
  }
  return summaries;
}
