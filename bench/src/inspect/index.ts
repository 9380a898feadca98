/**
 * `npm run bench -- inspect`: the SQL-injection and XSS detectors over an injection corpus. Prints, per file, the
 * detection rate (attack files, raw and in context) or false-positive rate (benign files) next to the corpus
 * README's reference figures and the acceptance target; then throughput and the worst case for 1 MiB values.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { detectSqlInjection, detectXss } from 'rampart/inspect';
import { describeMachine, formatMachine } from '../lib/machine.js';
import type { Subcommand } from '../lib/subcommand.js';
import { renderTable } from '../lib/table.js';
import { type Corpus, loadCorpus } from './corpus.js';
import { type Detectors, evaluateFile, type FileResult } from './evaluate.js';
import { MAX_MS_PER_VALUE, MIN_VALUES_PER_SECOND_32B, meets, rateTarget } from './targets.js';
import {
  flat,
  measureThroughput,
  measureWorstCases,
  pathologicalValues,
  thirtyTwoByteValues,
} from './throughput.js';

/** The development corpus, beside the repository: `<repo>/../shared/corpus/injection`. */
const DEFAULT_CORPUS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/corpus/injection',
);

const USAGE = `usage: npm run bench -- inspect [options]

Runs detectSqlInjection and detectXss (rampart/inspect) over every <class>-<source>.txt file of a corpus
directory (multiline.jsonl merged in), then measures throughput and the worst case for 1 MiB values.

options:
  --corpus DIR   corpus directory (default ${DEFAULT_CORPUS})
  --misses N     also print up to N missed attacks (in context) or flagged benign values per file (default 0)
  --no-speed     skip the throughput and worst-case measurements
  --json FILE    also write the results as JSON
  --help         this text`;

interface InspectOptions {
  readonly corpus: string;
  readonly misses: number;
  readonly speed: boolean;
  readonly jsonFile?: string;
  readonly help: boolean;
}

function parseOptions(argv: readonly string[]): InspectOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      corpus: { type: 'string' },
      misses: { type: 'string' },
      'no-speed': { type: 'boolean' },
      json: { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  const misses = values.misses === undefined ? 0 : Number(values.misses);
  if (!Number.isInteger(misses) || misses < 0) {
    throw new TypeError(`--misses: expected a non-negative integer, got ${values.misses}`);
  }
  return {
    corpus: path.resolve(values.corpus ?? DEFAULT_CORPUS),
    misses,
    speed: values['no-speed'] !== true,
    ...(values.json === undefined ? {} : { jsonFile: values.json }),
    help: values.help === true,
  };
}

const percent = (part: number, whole: number): number => (whole === 0 ? 0 : (100 * part) / whole);
const formatPercent = (value: number): string =>
  `${value < 1 && value > 0 ? value.toFixed(2) : value.toFixed(1)}%`;

function referenceCell(corpus: Corpus, stem: string, column: string): string {
  const figure = corpus.references.get(stem)?.get(column);
  if (figure === undefined) return '-';
  return figure.inContext === undefined
    ? formatPercent(figure.raw)
    : `${formatPercent(figure.raw)} / ${formatPercent(figure.inContext)}`;
}

function resultsTable(corpus: Corpus, results: readonly FileResult[]): string {
  const rows = results.map((result) => {
    const stem = result.name.replace(/\.txt$/, '');
    const raw = percent(result.hits, result.total);
    const context = percent(result.contextHits, result.total);
    const target = rateTarget(stem);
    const judged = target?.inContext ? context : raw;
    const verdict = target === undefined ? '' : meets(result.kind, judged, target) ? 'met' : 'MISSED';
    const bound = target === undefined ? '-' : `${result.kind === 'benign' ? '<=' : '>='} ${target.percent}%`;
    return [
      stem,
      result.kind === 'benign' ? 'false positives' : `${result.kind} detected`,
      String(result.total),
      formatPercent(raw),
      result.kind === 'benign' ? '-' : formatPercent(context),
      ...corpus.referenceColumns.map((column) => referenceCell(corpus, stem, column)),
      bound,
      verdict,
    ];
  });
  return renderTable({
    columns: [
      { header: 'file', align: 'left' },
      { header: 'measure', align: 'left' },
      { header: 'values', align: 'right' },
      { header: 'raw', align: 'right' },
      { header: 'in context', align: 'right' },
      ...corpus.referenceColumns.map((header) => ({ header, align: 'right' as const })),
      { header: 'target', align: 'right' },
      { header: '', align: 'left' },
    ],
    rows,
  });
}

async function run(argv: readonly string[]): Promise<number> {
  let options: InspectOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let corpus: Corpus;
  try {
    corpus = await loadCorpus(options.corpus);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }

  const detectors: Detectors = { sqli: detectSqlInjection, xss: detectXss };
  const results: FileResult[] = [];
  for (const file of corpus.files) {
    process.stderr.write(`evaluating ${file.name} (${file.payloads.length} values)\n`);
    results.push(evaluateFile(file, detectors, options.misses));
  }
  const out: string[] = [
    formatMachine(describeMachine()),
    `corpus: ${corpus.dir}`,
    '',
    resultsTable(corpus, results),
  ];
  out.push(
    '',
    'raw: the line as it is; in context: URL-decoded once when evidently encoded and, for SQL injection, after `1`',
    '(the corpus README). Benign values count as false positives when either detector flags them.',
  );
  for (const result of results.filter((r) => r.misses.length > 0)) {
    out.push('', `${result.name}: ${result.kind === 'benign' ? 'flagged' : 'missed (in context)'}`);
    for (const payload of result.misses) out.push(`  ${JSON.stringify(payload)}`);
  }

  let speed: Record<string, unknown> = {};
  let slow = false;
  if (options.speed) {
    const all = corpus.files.flatMap((file) => file.payloads.map(flat));
    process.stderr.write('measuring throughput\n');
    const atCorpusSizes = measureThroughput(all, detectors);
    const short = thirtyTwoByteValues(all);
    const at32 = measureThroughput(short, detectors);
    process.stderr.write('timing 1 MiB values\n');
    const worst = measureWorstCases(pathologicalValues(), detectors);
    const slowest = worst[0];
    slow = at32.valuesPerSecond < MIN_VALUES_PER_SECOND_32B || (slowest?.ms ?? 0) > MAX_MS_PER_VALUE;
    const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
    out.push(
      '',
      'throughput (both detectors on every value, one core)',
      `  corpus values (${atCorpusSizes.values}): ${rate(atCorpusSizes.valuesPerSecond)} values/s, ${atCorpusSizes.megabytesPerSecond.toFixed(1)} MB/s`,
      `  32-byte values (${at32.values}): ${rate(at32.valuesPerSecond)} values/s, ${at32.megabytesPerSecond.toFixed(1)} MB/s` +
        `  (target >= ${rate(MIN_VALUES_PER_SECOND_32B)}: ${at32.valuesPerSecond >= MIN_VALUES_PER_SECOND_32B ? 'met' : 'MISSED'})`,
      `worst case for a 1 MiB value (slower detector, fastest of 5 runs after a warm-up on the shape; target <= ${MAX_MS_PER_VALUE} ms;`,
      '  in brackets the first call, before the warm-up)',
      ...worst.map((w) => {
        const figure = `  ${w.label.padEnd(16)} ${w.ms.toFixed(2)} ms${w.ms > MAX_MS_PER_VALUE ? '  MISSED' : ''}`;
        return `${figure.padEnd(34)}(${w.firstMs.toFixed(1)} ms)`;
      }),
    );
    speed = { atCorpusSizes, at32, worst };
  }
  process.stdout.write(`${out.join('\n')}\n`);
  if (options.jsonFile !== undefined) {
    await writeFile(
      options.jsonFile,
      `${JSON.stringify({ corpus: corpus.dir, results, ...speed }, null, 2)}\n`,
    );
    process.stderr.write(`results written to ${options.jsonFile}\n`);
  }
  const missed = results.some((result) => {
    const target = rateTarget(result.name.replace(/\.txt$/, ''));
    if (target === undefined) return false;
    const rate = percent(target.inContext ? result.contextHits : result.hits, result.total);
    return !meets(result.kind, rate, target);
  });
  return missed || slow ? 1 : 0;
}

/** The `inspect` subcommand. */
export const subcommand: Subcommand = { run };
