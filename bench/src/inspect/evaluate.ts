/** Runs the detectors over a corpus: detection rates on attack files, false-positive rates on benign ones. */
import type { Verdict } from 'rampart/inspect';
import type { CorpusFile, PayloadClass } from './corpus.js';

export interface Detectors {
  readonly sqli: (value: string) => Verdict;
  readonly xss: (value: string) => Verdict;
}

export interface FileResult {
  readonly name: string;
  readonly kind: PayloadClass;
  readonly total: number;
  /** Attack files: payloads detected as they are. Benign files: payloads either detector flagged. */
  readonly hits: number;
  /** Attack files: payloads detected in context (see `inContext`). */
  readonly contextHits: number;
  /** Attack payloads missed (in context), or benign payloads flagged: for `--misses`. */
  readonly misses: readonly string[];
}

const PERCENT_ESCAPE = /%[0-9a-fA-F]{2}/;

/** Percent-decodes as a server's query parser would (`+` is a space); malformed escapes stay as they are. */
function formDecode(value: string): string {
  const spaced = value.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
  }
}

/**
 * A fuzzing fragment as an application receives it (the corpus README): URL-decoded once when it is evidently
 * encoded, and for SQL injection appended to a parameter value, here `1` (as in `id=1`).
 */
export function inContext(kind: PayloadClass, payload: string): string {
  const decoded = PERCENT_ESCAPE.test(payload) ? formDecode(payload) : payload;
  return kind === 'sqli' ? `1${decoded}` : decoded;
}

/** Evaluates one file. `keepMisses` bounds how many missed (or falsely flagged) payloads are kept. */
export function evaluateFile(file: CorpusFile, detectors: Detectors, keepMisses: number): FileResult {
  let hits = 0;
  let contextHits = 0;
  const misses: string[] = [];
  const keep = (payload: string): void => {
    if (misses.length < keepMisses) misses.push(payload);
  };
  if (file.kind === 'benign') {
    for (const payload of file.payloads) {
      if (detectors.sqli(payload).detected || detectors.xss(payload).detected) {
        hits++;
        keep(payload);
      }
    }
    return { name: file.name, kind: file.kind, total: file.payloads.length, hits, contextHits: hits, misses };
  }
  const detect = file.kind === 'sqli' ? detectors.sqli : detectors.xss;
  for (const payload of file.payloads) {
    if (detect(payload).detected) hits++;
    const variant = inContext(file.kind, payload);
    if (detect(variant).detected) contextHits++;
    else keep(variant);
  }
  return { name: file.name, kind: file.kind, total: file.payloads.length, hits, contextHits, misses };
}
