/** Prints a guards run: one table per route, the problems that invalidate figures, and the targets. */
import { fixed } from '../lib/stats.js';
import { type Column, renderTable } from '../lib/table.js';
import type { Problem } from './run.js';
import type { StackSummary } from './summary.js';
import type { TargetCheck } from './targets.js';
import type { RouteName } from './workload.js';

const COLUMNS: readonly Column[] = [
  { header: 'stack', align: 'left' },
  { header: 'req/s', align: 'right' },
  { header: 'p99 ms', align: 'right' },
  { header: 'CPU µs/req', align: 'right' },
  { header: 'req/s ÷ Fastify', align: 'right' },
  { header: 'CPU ÷ Fastify', align: 'right' },
  { header: 'req/s ÷ Express', align: 'right' },
  { header: 'CPU ÷ Express', align: 'right' },
  { header: 'errors', align: 'right' },
];

const ROUTE_TITLES: Readonly<Record<RouteName, string>> = {
  get: 'GET /bench (small JSON reply)',
  post: 'POST /bench (~200-byte JSON body)',
};

function row(summary: StackSummary): string[] {
  const errors = `${summary.failures}${summary.hadProblems ? ' INVALID' : summary.failures > 0 ? ' !!' : ''}`;
  return [
    summary.label,
    fixed(summary.rps, 0),
    fixed(summary.p99Ms, 0),
    fixed(summary.cpuMicrosPerRequest, 1),
    fixed(summary.rpsVsFastify, 2),
    fixed(summary.cpuVsFastify, 2),
    fixed(summary.rpsVsExpress, 2),
    fixed(summary.cpuVsExpress, 2),
    errors,
  ];
}

function verdict(check: TargetCheck): string {
  if (check.invalid) return 'INVALID FIGURES';
  if (check.met === undefined) return 'not measured';
  return check.met ? 'met' : 'MISSED';
}

/**
 * The whole report as text: `header` (machine and settings lines), a table per route with medians over rounds,
 * then problems and target checks.
 */
export function formatReport(report: {
  readonly header: readonly string[];
  readonly routes: readonly RouteName[];
  readonly summaries: readonly StackSummary[];
  readonly problems: readonly Problem[];
  readonly targets: readonly TargetCheck[];
}): string {
  const out: string[] = [...report.header];
  for (const route of report.routes) {
    const rows = report.summaries.filter((summary) => summary.route === route).map(row);
    out.push('', ROUTE_TITLES[route], renderTable({ columns: COLUMNS, rows }));
  }
  out.push(
    '',
    'Medians over rounds; each ratio is taken within a round, then the median of the ratios is shown.',
  );
  const failing = report.summaries.filter((summary) => summary.failures > 0);
  if (report.problems.length > 0 || failing.length > 0) {
    out.push(
      '',
      '!! INVALID FIGURES: a stack answering non-2xx (403, 429...) or failing its checks is misconfigured',
    );
    for (const problem of report.problems) {
      out.push(`!!   round ${problem.round + 1} ${problem.stackId}: ${problem.message}`);
    }
    for (const summary of failing) {
      out.push(
        `!!   ${summary.stackId} ${summary.route.toUpperCase()}: ${summary.failures} non-2xx or errors`,
      );
    }
  }
  const beyondHeaders = report.summaries.filter(
    (summary) => summary.stackId.startsWith('fastify-rampart') && summary.cpuVsHeaders !== undefined,
  );
  if (beyondHeaders.length > 0) {
    out.push('', 'the guards beyond the headers (CPU/req ÷ Fastify with the same headers and no guards)');
    for (const summary of beyondHeaders) {
      out.push(
        `  ${summary.route.toUpperCase().padEnd(5)}${summary.label.padEnd(42)}${fixed(summary.cpuVsHeaders, 2).padStart(6)}`,
      );
    }
  }
  if (report.targets.length > 0) {
    out.push('', 'targets');
    for (const check of report.targets) {
      out.push(
        `  ${check.route.toUpperCase().padEnd(5)}${check.text.padEnd(42)}${fixed(check.value, 2).padStart(6)} ${check.bound}  ${verdict(check)}`,
      );
    }
  }
  return out.join('\n');
}
