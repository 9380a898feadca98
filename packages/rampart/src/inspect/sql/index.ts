import type { Verdict } from '../verdict.js';
import * as verdict from '../verdict.js';
import * as readings from './readings.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { CLEAN, verdictCache } = verdict;
const { findInjection, findScreened, LONG_VALUE, releaseCall } = readings;

const verdictFor = verdictCache('sqli:');

/**
 * Detects SQL injection in one input value (a query parameter, a form field, a JSON string, a header).
 *
 * The value is read as SQL three ways: as-is, and as if it followed a single or a double quote, the way a
 * fragment spliced into a query would be read. It is flagged when it parses as a continuation of a query that
 * does something the query would not: a tautology or boolean condition (`' OR '1'='1`, `1 AND 1=1`), `UNION
 * SELECT`, a stacked statement (`1; DROP TABLE users`, T-SQL's `1 SELECT @@version`), a comment cutting off the
 * rest of the query (`admin'--`), a time delay (`SLEEP(5)`, `WAITFOR DELAY`), a dangerous function (`LOAD_FILE`,
 * `EXTRACTVALUE`), a subquery, `INTO OUTFILE`, `ORDER BY n`. Prose that merely contains SQL words (`Please select
 * your drop-off point`, `O'Connell`, `80% ACRYLIC AND 20% WOOL`) does not parse and is not flagged.
 *
 * The value is also read after one or two rounds of decoding (percent escapes, HTML references, JavaScript
 * escapes, fullwidth forms, NUL) and with typographic quotes as ASCII ones, since the application or the
 * database may convert it again. The whole value is read, however long, within a fixed budget of tokens and
 * characters: a value whose readings are still valid SQL when the budget runs out, and which holds anything the
 * unread part could make an injection of (a SQL word, a comment mark, a quote after the point of breakout), is
 * reported as `sqli:work-limit`: padding does not hide what follows it. The function never throws.
 *
 * @returns `{ detected: true, fingerprint }` with a stable fingerprint such as `sqli:union-select` or
 * `sqli:tautology` (never the value itself), or {@link CLEAN}.
 * @example
 * detectSqlInjection("x' OR 'a'='a"); // { detected: true, fingerprint: 'sqli:tautology' }
 * detectSqlInjection("O'Connell"); // CLEAN
 */
export function detectSqlInjection(value: string): Verdict {
  if (typeof value !== 'string' || value.length < 2) return CLEAN;
  // Most benign values hold nothing any reading could act on, and are cleared by a screen (`screen.ts`); a long
  // value is left to the readings' native scans, which its budget needs.
  try {
    const found = value.length <= LONG_VALUE ? findScreened(value) : findInjection(value);
    return found === undefined ? CLEAN : verdictFor(found);
  } catch {
    // A detector bug must not let a value through unread, nor crash the request: it is reported as a detection.
    return verdictFor('detector-error');
  } finally {
    // A long value's call keeps its decodings and shadows until it ends, and no later.
    if (value.length > LONG_VALUE) releaseCall();
  }
}
