/**
 * Entry point of `npm run bench -- <subcommand> [options]`.
 *
 * Each subcommand is a module loaded on demand, so a benchmark's dependencies (autocannon, the anchor frameworks)
 * are only imported when that benchmark runs.
 */
import type { Subcommand } from './lib/subcommand.js';

interface Entry {
  /** One line for the usage text. */
  readonly summary: string;
  readonly load: () => Promise<{ readonly subcommand: Subcommand }>;
}

/** Subcommand name → its module. Add new benchmarks here. */
const SUBCOMMANDS: Readonly<Record<string, Entry>> = {
  guards: {
    summary:
      'Rampart guards vs bare and hand-assembled Fastify / Express stacks, each server in its own process',
    load: () => import('./guards/index.js'),
  },
  inspect: {
    summary: 'SQL-injection and XSS detectors over an injection corpus: detection, false positives, speed',
    load: () => import('./inspect/index.js'),
  },
};

function usage(): string {
  const lines = ['usage: npm run bench -- <subcommand> [options]', '', 'subcommands:'];
  for (const [name, entry] of Object.entries(SUBCOMMANDS)) lines.push(`  ${name.padEnd(10)}${entry.summary}`);
  lines.push('', 'Run `npm run bench -- <subcommand> --help` for its options.');
  return lines.join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const entry = name === undefined ? undefined : SUBCOMMANDS[name];
  if (entry === undefined) {
    process.stderr.write(`${name === undefined ? 'missing subcommand' : `unknown subcommand: ${name}`}\n\n`);
    process.stderr.write(`${usage()}\n`);
    return 2;
  }
  const { subcommand } = await entry.load();
  return subcommand.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
