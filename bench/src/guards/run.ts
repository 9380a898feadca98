/**
 * The measurement loop: rounds × stacks × routes. Each round visits the stacks grouped by framework, alternating direction, so slow drift
 * on a shared machine (a neighbour's job, thermal throttling) falls on every stack alike, and every ratio is taken
 * between measurements of the same round.
 */
import { runLoad } from './load.js';
import type { GuardsOptions } from './options.js';
import { serverScript, startServerProcess } from './server-process.js';
import { preflight, prepareHeaders } from './session.js';
import type { Stack } from './stacks.js';
import { HOST, type RouteName } from './workload.js';

/** One stack, one route, one round. */
export interface Measurement {
  readonly round: number;
  readonly stackId: string;
  readonly route: RouteName;
  readonly requests: number;
  readonly rps: number;
  readonly p99Ms: number;
  /** Server CPU time (user + system) per completed request, in microseconds. */
  readonly cpuMicrosPerRequest: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly statusCounts: Readonly<Record<string, number>>;
}

/** Something that makes a stack's figures untrustworthy: failed preflight, a server that did not start. */
export interface Problem {
  readonly round: number;
  readonly stackId: string;
  readonly message: string;
}

/** Everything a run produced. */
export interface RunResult {
  readonly measurements: readonly Measurement[];
  readonly problems: readonly Problem[];
}

/**
 * The stacks in round `round`'s order. Ratios are taken against the bare stack of the same framework, and the
 * machine's speed drifts within a round, so each framework's stacks run back to back beside their bare anchor; odd
 * rounds run the whole sequence backwards, so a steady drift favours no stack over the rounds' median.
 */
export function roundOrder<T extends { readonly id: string }>(items: readonly T[], round: number): T[] {
  const framework = (item: T): string => item.id.split('-')[0] ?? item.id;
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(framework(item)) ?? [];
    group.push(item);
    groups.set(framework(item), group);
  }
  const order = [...groups.values()].flat();
  return round % 2 === 0 ? order : order.reverse();
}

async function measureStack(
  stack: Stack,
  round: number,
  options: GuardsOptions,
  log: (line: string) => void,
): Promise<{ measurements: Measurement[]; problems: string[] }> {
  const server = await startServerProcess({ script: serverScript(stack.id), readyTimeoutMs: 15_000 });
  try {
    const baseUrl = `http://${HOST}:${server.port}`;
    const headers = await prepareHeaders(stack, baseUrl);
    const problems = await preflight(stack, baseUrl, headers);
    const measurements: Measurement[] = [];
    for (const route of options.routes) {
      const load = { baseUrl, route, headers, connections: options.connections };
      if (options.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: options.warmupSeconds });
      const cpuBefore = await server.cpuMicros();
      const result = await runLoad({ ...load, durationSeconds: options.durationSeconds });
      const cpuAfter = await server.cpuMicros();
      const measurement: Measurement = {
        round,
        stackId: stack.id,
        route,
        requests: result.requests,
        rps: result.rps,
        p99Ms: result.p99Ms,
        cpuMicrosPerRequest: result.requests > 0 ? (cpuAfter - cpuBefore) / result.requests : Number.NaN,
        non2xx: result.non2xx,
        errors: result.errors,
        statusCounts: result.statusCounts,
      };
      measurements.push(measurement);
      const failures = result.non2xx + result.errors;
      log(
        `  ${stack.id.padEnd(18)} ${route.toUpperCase().padEnd(4)} ${Math.round(result.rps).toString().padStart(7)} req/s` +
          `  p99 ${result.p99Ms} ms  ${measurement.cpuMicrosPerRequest.toFixed(1)} µs/req` +
          (failures > 0 ? `  !! ${failures} failed: ${JSON.stringify(result.statusCounts)}` : ''),
      );
    }
    return { measurements, problems };
  } finally {
    await server.stop();
  }
}

/**
 * Runs every round. A stack that fails to start is recorded as a problem and the run goes on with the others.
 *
 * @param log receives one progress line per measurement (the caller sends them to stderr).
 */
export async function runGuards(options: GuardsOptions, log: (line: string) => void): Promise<RunResult> {
  const measurements: Measurement[] = [];
  const problems: Problem[] = [];
  for (let round = 0; round < options.rounds; round++) {
    log(`round ${round + 1}/${options.rounds}`);
    for (const stack of roundOrder(options.stacks, round)) {
      try {
        const result = await measureStack(stack, round, options, log);
        measurements.push(...result.measurements);
        for (const message of result.problems) {
          problems.push({ round, stackId: stack.id, message });
          log(`  !! ${stack.id}: ${message}`);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        problems.push({ round, stackId: stack.id, message });
        log(`  !! ${stack.id}: ${message}`);
      }
    }
  }
  return { measurements, problems };
}
