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

/** What an identifier field holding anything but an identifier is. */
const MISSHAPEN: Judgement = {
  type: 'invalid_identifier',
  verdict: { detected: true, fingerprint: 'identifier-shape' },
};

/**
 * A detector that ran out of work budget could not read the value to its end: that is reported as too much input
 * (refused in block mode all the same), not as an attack it did not see.
 */
function found(type: 'sql_injection' | 'xss', verdict: Verdict): Judgement {
  const exhausted = verdict.fingerprint?.endsWith('work-limit') === true;
  return { type: exhausted ? 'too_much_input' : type, verdict };
}

/**
 * The detector verdicts for one value of a given kind: SQL injection first, then script. An identifier is refused
 * by shape, and one that fits it is read as a URL would be (`1--` is an identifier's shape and a comment; so is
 * `javascript:x` a link's scheme): so each kind finds at least what the kinds before it in `rules.ts` find.
 */
export function judge(value: string, kind: FieldKind): Judgement {
  const sql = detectSqlInjection(value);
  if (sql.detected) return found('sql_injection', sql);
  const xss =
    kind === 'richText'
      ? detectXssInRichText(value)
      : kind === 'text'
        ? detectXss(value)
        : detectXssInUrl(value);
  if (xss.detected) return found('xss', xss);
  return kind === 'identifier' && !IDENTIFIER.test(value) ? MISSHAPEN : undefined;
}
