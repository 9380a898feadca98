/**
 * `rampart/inspect`: SQL-injection and XSS detection for single values, the request inspection policy, and
 * sanitizers that refuse rather than rewrite.
 *
 * @example
 * import { detectSqlInjection, detectXss } from 'rampart/inspect';
 * detectSqlInjection("1' OR '1'='1"); // { detected: true, fingerprint: '...' }
 * detectXss('<b>hello</b>');          // { detected: false }
 */
export {
  createInspector,
  type FieldKind,
  type FieldPolicy,
  type Finding,
  type FindingType,
  type InputSource,
  type InspectInput,
  type InspectMode,
  type InspectOptions,
  type InspectOutcome,
  type Inspector,
  type RoutePolicy,
} from './policy.js';
export {
  escapeHtml,
  type Sanitized,
  type SanitizeJsonOptions,
  type SanitizeStringOptions,
  sanitizeJson,
  sanitizeString,
} from './sanitize.js';
export { detectSqlInjection } from './sql/index.js';
export type { Verdict } from './verdict.js';
export { detectXss, detectXssInRichText, detectXssInUrl } from './xss/index.js';
