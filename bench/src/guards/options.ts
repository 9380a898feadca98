/** Command-line options of `npm run bench -- guards`. */
import { parseArgs } from 'node:util';
import { STACKS, type Stack, selectStacks } from './stacks.js';
import { ROUTES, type RouteName } from './workload.js';

/** A parsed, validated command line. */
export interface GuardsOptions {
  /** Rounds; each round measures every stack once, each framework's stacks together, alternating direction. */
  readonly rounds: number;
  /** Length of each measurement in seconds. */
  readonly durationSeconds: number;
  /** Warm-up load before each measurement, in seconds; not measured. */
  readonly warmupSeconds: number;
  /** Concurrent keep-alive connections of the load generator. */
  readonly connections: number;
  readonly stacks: readonly Stack[];
  readonly routes: readonly RouteName[];
  /** Where to write the raw results as JSON, if anywhere. */
  readonly jsonFile?: string;
  readonly help: boolean;
}

/** The `--help` text. */
export const GUARDS_USAGE = `usage: npm run bench -- guards [options]

Starts each stack as its own process on 127.0.0.1 and loads it with autocannon from this one, in rounds that
alternate the stack order. Prints req/s, p99 and server CPU per request, with ratios to the bare stacks.

options:
  --rounds N         rounds (default 3)
  --duration S       seconds per measurement (default 5)
  --warmup S         seconds of unmeasured load before each measurement (default 1)
  --connections N    concurrent connections (default 50)
  --stacks a,b       stacks to run (default all): ${STACKS.map((stack) => stack.id).join(', ')}
  --route R          get, post or both (default both)
  --json FILE        also write the raw results as JSON
  --help             this text

quick smoke run: npm run bench -- guards --rounds 1 --duration 2`;

function numeric(
  name: string,
  raw: string | undefined,
  rule: { readonly fallback: number; readonly integer: boolean; readonly zero: boolean },
): number {
  if (raw === undefined) return rule.fallback;
  const value = Number(raw);
  const tooSmall = rule.zero ? value < 0 : value <= 0;
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    tooSmall ||
    (rule.integer && !Number.isInteger(value))
  ) {
    const kind = `${rule.zero ? 'non-negative' : 'positive'} ${rule.integer ? 'integer' : 'number'}`;
    throw new TypeError(`--${name}: expected a ${kind}, got ${raw}`);
  }
  return value;
}

function routes(raw: string | undefined): readonly RouteName[] {
  if (raw === undefined || raw === 'both') return ROUTES;
  if (raw === 'get' || raw === 'post') return [raw];
  throw new TypeError(`--route: expected get, post or both, got ${raw}`);
}

/**
 * Parses the arguments after `guards`.
 *
 * @throws {TypeError} naming the bad option and value (unknown options included).
 */
export function parseGuardsOptions(argv: readonly string[]): GuardsOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      stacks: { type: 'string' },
      route: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const stackIds = values.stacks
    ?.split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  return {
    rounds: numeric('rounds', values.rounds, { fallback: 3, integer: true, zero: false }),
    durationSeconds: numeric('duration', values.duration, { fallback: 5, integer: false, zero: false }),
    warmupSeconds: numeric('warmup', values.warmup, { fallback: 1, integer: false, zero: true }),
    connections: numeric('connections', values.connections, { fallback: 50, integer: true, zero: false }),
    stacks: selectStacks(stackIds),
    routes: routes(values.route),
    ...(values.json === undefined ? {} : { jsonFile: values.json }),
    help: values.help === true,
  };
}
