/**
 * Reads an injection corpus laid out like `../shared/corpus/injection`: one payload per line in
 * `<class>-<source>.txt`, payloads with CR, LF or NUL in `multiline.jsonl` (merged back into their file), and a
 * README whose table gives reference figures per file.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export type PayloadClass = 'sqli' | 'xss' | 'benign';

export interface CorpusFile {
  /** The file name, such as `sqli-attack-patt.txt`. */
  readonly name: string;
  readonly kind: PayloadClass;
  readonly payloads: readonly string[];
  /** How many of them came from `multiline.jsonl`. */
  readonly multiline: number;
}

/** A reference figure from the README: a rate in percent, with its in-context rate when the cell gives two. */
export interface Reference {
  readonly raw: number;
  readonly inContext?: number;
}

export interface Corpus {
  readonly dir: string;
  readonly files: readonly CorpusFile[];
  /** file name (without `.txt`) → column header → figure. Empty when there is no README table. */
  readonly references: ReadonlyMap<string, ReadonlyMap<string, Reference>>;
  /** The reference columns, in README order (`libinjection (C)`, ...). */
  readonly referenceColumns: readonly string[];
}

function classOf(name: string): PayloadClass | undefined {
  if (name.startsWith('sqli-attack')) return 'sqli';
  if (name.startsWith('xss-attack')) return 'xss';
  if (name.startsWith('benign')) return 'benign';
  return undefined;
}

/** Lines of a payload file: split on LF only (a payload may hold a lone CR), without the empty last line. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.filter((line) => line !== '');
}

function parseMultiline(text: string, source: string): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const [index, line] of linesOf(text).entries()) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      throw new TypeError(`${source}:${index + 1}: not JSON`);
    }
    const { file, payload } = (entry ?? {}) as { file?: unknown; payload?: unknown };
    if (typeof file !== 'string' || typeof payload !== 'string') {
      throw new TypeError(`${source}:${index + 1}: expected {"file": string, "payload": string}`);
    }
    const list = byFile.get(file) ?? [];
    list.push(payload);
    byFile.set(file, list);
  }
  return byFile;
}

function parsePercent(cell: string): Reference | undefined {
  const numbers = [...cell.matchAll(/(\d+(?:\.\d+)?)\s*%/g)].map((match) => Number(match[1]));
  const [raw, inContext] = numbers;
  if (raw === undefined) return undefined;
  return inContext === undefined ? { raw } : { raw, inContext };
}

/** The README table whose first column names corpus files and whose other columns hold percentages. */
function parseReferences(readme: string): Pick<Corpus, 'references' | 'referenceColumns'> {
  const references = new Map<string, Map<string, Reference>>();
  let columns: string[] = [];
  for (const line of readme.split('\n')) {
    if (!line.startsWith('|')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    const [firstCell = '', ...rest] = cells;
    if (firstCell === 'file') {
      columns = rest;
      continue;
    }
    // Rows name the file by its stem, sometimes followed by a note: `sqli-attack-patt raw / in context`.
    const first = firstCell.split(/\s+/)[0] ?? '';
    if (classOf(first) === undefined || rest.length !== columns.length) continue;
    const figures = new Map<string, Reference>();
    rest.forEach((cell, index) => {
      const figure = parsePercent(cell);
      const column = columns[index];
      if (figure !== undefined && column !== undefined) figures.set(column, figure);
    });
    // The corpus README has two tables keyed by file; only the one with percentages has figures.
    if (figures.size > 0) references.set(first.replace(/\.txt$/, ''), figures);
  }
  const used = columns.filter((column) => [...references.values()].some((figures) => figures.has(column)));
  return { references, referenceColumns: used };
}

/**
 * Loads every `<class>-*.txt` file of `dir`, merges `multiline.jsonl` into them, and reads the README's reference
 * figures. Throws a `TypeError` naming the directory when it holds no corpus file.
 */
export async function loadCorpus(dir: string): Promise<Corpus> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    throw new TypeError(`--corpus: cannot read directory ${dir}`);
  }
  const multiline = names.includes('multiline.jsonl')
    ? parseMultiline(await readFile(path.join(dir, 'multiline.jsonl'), 'utf8'), 'multiline.jsonl')
    : new Map<string, string[]>();
  const files: CorpusFile[] = [];
  for (const name of names) {
    const kind = classOf(name);
    if (kind === undefined || !name.endsWith('.txt')) continue;
    const extra = multiline.get(name) ?? [];
    const payloads = [...linesOf(await readFile(path.join(dir, name), 'utf8')), ...extra];
    files.push({ name, kind, payloads, multiline: extra.length });
  }
  if (files.length === 0) throw new TypeError(`--corpus: no <class>-<source>.txt file in ${dir}`);
  const readme = names.includes('README.md') ? await readFile(path.join(dir, 'README.md'), 'utf8') : '';
  return { dir, files, ...parseReferences(readme) };
}
