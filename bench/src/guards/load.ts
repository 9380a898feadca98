/** Loads one route of a running server with autocannon, in this (the runner's) process. */
import autocannon from 'autocannon';
import type { RequestHeaders } from './session.js';
import { BENCH_PATH, POST_BODY, type RouteName } from './workload.js';

/** What one autocannon run measured. */
export interface LoadResult {
  /** Completed responses, whatever their status. */
  readonly requests: number;
  /** Completed responses per second of the run. */
  readonly rps: number;
  /** 99th-percentile latency in milliseconds. */
  readonly p99Ms: number;
  /** Responses outside 2xx. */
  readonly non2xx: number;
  /** Connection errors, timeouts included. */
  readonly errors: number;
  /** Responses per status code, e.g. `{ "200": 51234 }`. */
  readonly statusCounts: Readonly<Record<string, number>>;
}

/**
 * Runs autocannon against `route` for `durationSeconds` with `connections` keep-alive connections.
 *
 * @throws {Error} when autocannon cannot start (a bad URL); request failures are counted, not thrown.
 */
export async function runLoad(options: {
  readonly baseUrl: string;
  readonly route: RouteName;
  readonly headers: RequestHeaders;
  readonly connections: number;
  readonly durationSeconds: number;
}): Promise<LoadResult> {
  const post = options.route === 'post';
  const result = await autocannon({
    url: `${options.baseUrl}${BENCH_PATH}`,
    method: post ? 'POST' : 'GET',
    headers: post ? options.headers.post : options.headers.get,
    ...(post ? { body: POST_BODY } : {}),
    connections: options.connections,
    duration: options.durationSeconds,
  });
  const statusCounts: Record<string, number> = {};
  for (const [status, stats] of Object.entries(result.statusCodeStats ?? {})) {
    statusCounts[status] = stats.count ?? 0;
  }
  const requests = result.requests.total;
  return {
    requests,
    rps: result.duration > 0 ? requests / result.duration : 0,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCounts,
  };
}
