import type { FieldKind, FindingType } from './policy.js';
import { detectSqlInjection } from './sql/index.js';
import type { Verdict } from './verdict.js';
import { detectXss, detectXssInRichText, detectXssInUrl } from './xss/index.js';

/**
 * Letters, digits and `_ - . : @`, up to 256 of them: ids, addresses, e-mail-like names. Not starting with `.`
 * (`..`, hidden names), `:` or `@`; `_` and `-` may, since base64url and nanoid ids do (one in 32 random ones).
 */
const IDENTIFIER = /^[A-Za-z0-9_-][A-Za-z0-9_.:@-]{0,255}$/;

type Judgement = { type: FindingType; verdict: Verdict } | undefined;

/**
 * A detector that ran out of work budget could not read the value to its end: that is reported as too much input
 * (refused in block mode all the same), not as an attack it did not see.
 */
function found(type: 'sql_injection' | 'xss', verdict: Verdict): Judgement {
  const exhausted = verdict.fingerprint?.endsWith('work-limit') === true;
  return { type: exhausted ? 'too_much_input' : type, verdict };
}

/** The detector verdicts for one value of a given kind: SQL injection first, then script. */
export function judge(value: string, kind: FieldKind): Judgement {
  if (kind === 'identifier') {
    if (IDENTIFIER.test(value)) return undefined;
    // Name what the misfit looks like, for the event log; it is refused by shape either way.
    const sql = detectSqlInjection(value);
    if (sql.detected) return found('sql_injection', sql);
    const xss = detectXss(value);
    if (xss.detected) return found('xss', xss);
    return { type: 'invalid_identifier', verdict: { detected: true, fingerprint: 'identifier-shape' } };
  }
  const sql = detectSqlInjection(value);
  if (sql.detected) return found('sql_injection', sql);
  const xss =
    kind === 'richText'
      ? detectXssInRichText(value)
      : kind === 'url'
        ? detectXssInUrl(value)
        : detectXss(value);
  return xss.detected ? found('xss', xss) : undefined;
}
