/** Plain-text tables for terminal reports. */

/** Column alignment: text reads left-aligned, numbers right-aligned so their digits line up. */
export type Align = 'left' | 'right';

/** One column: its header and how its cells are aligned. */
export interface Column {
  readonly header: string;
  readonly align: Align;
}

/**
 * Renders rows under a header line and a rule, columns separated by two spaces.
 *
 * @example
 * renderTable({ columns: [{ header: 'stack', align: 'left' }, { header: 'req/s', align: 'right' }],
 *               rows: [['fastify', '41000']] })
 */
export function renderTable(table: {
  readonly columns: readonly Column[];
  readonly rows: readonly string[][];
}): string {
  const widths = table.columns.map((column, index) =>
    Math.max(column.header.length, ...table.rows.map((row) => (row[index] ?? '').length)),
  );
  const line = (cells: readonly string[]): string =>
    table.columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        const width = widths[index] ?? 0;
        return column.align === 'left' ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(table.columns.map((column) => column.header)), rule, ...table.rows.map(line)].join('\n');
}
