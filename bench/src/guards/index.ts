/**
 * `npm run bench -- guards`: Rampart's guards against bare Fastify and Express and against the same protections
 * assembled from each framework's usual packages. Every server runs in its own process; this process generates
 * the load and reports req/s, p99, server CPU per request and ratios to the bare stacks.
 */
import { writeFile } from 'node:fs/promises';
import { describeMachine, formatMachine } from '../lib/machine.js';
import type { Subcommand } from '../lib/subcommand.js';
import { GUARDS_USAGE, type GuardsOptions, parseGuardsOptions } from './options.js';
import { formatReport } from './report.js';
import { runGuards } from './run.js';
import { summarise } from './summary.js';
import { checkTargets } from './targets.js';

function settingsLine(options: GuardsOptions): string {
  return (
    `settings: ${options.rounds} round(s), ${options.durationSeconds} s per measurement after ${options.warmupSeconds} s ` +
    `warm-up, ${options.connections} connections, routes ${options.routes.join('+')}, servers with NODE_ENV=production`
  );
}

async function run(argv: readonly string[]): Promise<number> {
  let options: GuardsOptions;
  try {
    options = parseGuardsOptions(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${GUARDS_USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${GUARDS_USAGE}\n`);
    return 0;
  }

  const machine = describeMachine();
  const result = await runGuards(options, (line) => process.stderr.write(`${line}\n`));
  const summaries = summarise(result, options);
  const targets = checkTargets(summaries);
  const header = [formatMachine(machine), settingsLine(options)];
  process.stdout.write(
    `\n${formatReport({ header, routes: options.routes, summaries, problems: result.problems, targets })}\n`,
  );

  if (options.jsonFile !== undefined) {
    const { stacks, ...settings } = options;
    const raw = {
      machine,
      settings: { ...settings, stacks: stacks.map((stack) => stack.id) },
      ...result,
      summaries,
      targets,
    };
    await writeFile(options.jsonFile, `${JSON.stringify(raw, null, 2)}\n`);
    process.stderr.write(`raw results written to ${options.jsonFile}\n`);
  }
  const invalid = result.problems.length > 0 || summaries.some((summary) => summary.failures > 0);
  return invalid ? 1 : 0;
}

/** The `guards` subcommand. */
export const subcommand: Subcommand = { run };
