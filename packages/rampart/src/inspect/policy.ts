import type { RequestHeaders } from '../lib/request.js';
import { createRouteTable } from '../lib/route-table.js';
import { detectSqlInjection } from './sql/index.js';
import type { Verdict } from './verdict.js';
import { detectXss, detectXssInRichText, detectXssInUrl } from './xss/index.js';

/** `off`: not inspected. `monitor`: findings become events. `block`: findings also refuse the request (400). */
export type InspectMode = 'off' | 'monitor' | 'block';

/**
 * What a field holds, which decides what is suspicious in it. `text`: plain text (SQL injection and any script).
 * `richText`: a safe subset of HTML is expected (only what can run script is flagged). `url`: a link (also
 * `javascript:`, `vbscript:` and `data:` schemes). `identifier`: an id, address or name made of letters, digits
 * and `_ - . : @` (anything else is refused by shape).
 */
export type FieldKind = 'text' | 'richText' | 'url' | 'identifier';

export interface FieldPolicy {
  readonly kind?: FieldKind;
  readonly mode?: InspectMode;
}

export interface RoutePolicy {
  readonly mode?: InspectMode;
  /** Field path (see `InspectOptions.fields`) → its policy on this route. */
  readonly fields?: Readonly<Record<string, FieldPolicy>>;
}

export interface InspectOptions {
  /** The mode of every field that no rule names. */
  readonly mode: InspectMode;
  /** Request headers inspected as text, besides the query string and the body. Lower case. */
  readonly headers: readonly string[];
  /**
   * Field path → policy, on every route. A path is the field's keys joined by dots, array positions left out
   * (`items.name` is the `name` of every element of `items`), optionally after its source: `params.`, `query.`,
   * `body.` or `header.` (`body.memo` is only the body's `memo`; `memo` is a field of that name in any source).
   */
  readonly fields: Readonly<Record<string, FieldPolicy>>;
  /** Route key (`POST /wallet/send` or `/wallet/send`) → its mode and field policies. */
  readonly routes: Readonly<Record<string, RoutePolicy>>;
  /** The most string values (keys included) inspected per request; past it, the request counts as a finding. */
  readonly maxValues: number;
  /** The most characters inspected per request, all values together; past it, as above. */
  readonly maxChars: number;
}

export type FindingType = 'sql_injection' | 'xss' | 'invalid_identifier' | 'too_much_input';
export type InputSource = 'params' | 'query' | 'body' | 'header';

/** One suspicious value. Carries where and what, never the value itself. */
export interface Finding {
  readonly type: FindingType;
  readonly source: InputSource;
  /** The field path with its source, such as `body.items.name`. */
  readonly field: string;
  readonly kind: FieldKind;
  readonly mode: 'monitor' | 'block';
  readonly fingerprint: string;
  /** The value's length in characters. */
  readonly length: number;
}

export interface InspectInput {
  readonly method: string;
  readonly route: string | undefined;
  /** Path parameters (`{ address: '...' }` for `/balance/:address`), where the framework has them. */
  readonly params?: unknown;
  /** The parsed query string (`{ q: 'x', tags: ['a', 'b'] }`), if any. */
  readonly query?: unknown;
  /** The parsed body, if any. */
  readonly body?: unknown;
  readonly headers: RequestHeaders;
}

export interface InspectOutcome {
  readonly findings: readonly Finding[];
  /** True when a finding came from a field in `block` mode: refuse the request. */
  readonly blocked: boolean;
}

export interface Inspector {
  /** Inspects one request's query, body and configured headers under the configured policy. Never throws. */
  inspect(input: InspectInput): InspectOutcome;
  /** True when every route and field is `off`: nothing is ever inspected. */
  readonly off: boolean;
}

const NOTHING: InspectOutcome = Object.freeze({ findings: Object.freeze([]), blocked: false });
/** Letters, digits and `_ - . : @`, starting with a letter or digit: ids, addresses, e-mail-like names. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,255}$/;

/** A key as it may appear in an event or an error body: keys are the client's, and may be the payload itself. */
const PLAIN_KEY = /^[A-Za-z0-9_$-]{1,64}$/;

/** The field path for events and error bodies: keys that are not plain names become `?`. */
function displayPath(path: string): string {
  if (PLAIN_KEY.test(path)) return path;
  return path
    .split('.')
    .map((key) => (PLAIN_KEY.test(key) ? key : '?'))
    .join('.');
}

/** The detector verdicts for one value of a given kind: SQL injection first, then script. */
function judge(value: string, kind: FieldKind): { type: FindingType; verdict: Verdict } | undefined {
  if (kind === 'identifier') {
    if (IDENTIFIER.test(value)) return undefined;
    // Name what the misfit looks like, for the event log; it is refused by shape either way.
    const sql = detectSqlInjection(value);
    if (sql.detected) return { type: 'sql_injection', verdict: sql };
    const xss = detectXss(value);
    if (xss.detected) return { type: 'xss', verdict: xss };
    return { type: 'invalid_identifier', verdict: { detected: true, fingerprint: 'identifier-shape' } };
  }
  const sql = detectSqlInjection(value);
  if (sql.detected) return { type: 'sql_injection', verdict: sql };
  const xss =
    kind === 'richText'
      ? detectXssInRichText(value)
      : kind === 'url'
        ? detectXssInUrl(value)
        : detectXss(value);
  return xss.detected ? { type: 'xss', verdict: xss } : undefined;
}

interface ResolvedPolicy {
  readonly kind: FieldKind;
  readonly mode: InspectMode;
}

interface ResolvedRoute {
  readonly mode: InspectMode;
  readonly fields: ReadonlyMap<string, FieldPolicy>;
}

/**
 * Builds the request inspector from validated options: the route and field rules are resolved once, so the
 * per-request work is a walk over the values and the detectors.
 *
 * @example
 * const inspector = createInspector({ ...DEFAULTS.inspect, routes: { 'POST /wallet/send': { mode: 'block' } } });
 * const { findings, blocked } = inspector.inspect({ method, route, query, body, headers });
 */
export function createInspector(options: InspectOptions): Inspector {
  const globalFields = new Map(Object.entries(options.fields));
  const routes = createRouteTable<ResolvedRoute>(
    Object.entries(options.routes).map(([key, policy]) => [
      key,
      {
        mode: policy.mode ?? options.mode,
        // A route's field rules override the global ones of the same path.
        fields: new Map([...globalFields, ...Object.entries(policy.fields ?? {})]),
      },
    ]),
  );
  const fallback: ResolvedRoute = { mode: options.mode, fields: globalFields };
  const modes = [
    options.mode,
    ...Object.values(options.fields).map((field) => field.mode),
    ...Object.values(options.routes).flatMap((route) => [
      route.mode,
      ...Object.values(route.fields ?? {}).map((field) => field.mode),
    ]),
  ];
  const everythingOff = modes.every((mode) => mode === undefined || mode === 'off');

  return {
    off: everythingOff,

    inspect(input) {
      if (everythingOff) return NOTHING;
      const route =
        (input.route === undefined ? undefined : routes.get(input.method, input.route)) ?? fallback;
      const findings: Finding[] = [];
      let blocked = false;
      let values = 0;
      let chars = 0;
      let exhausted = false;

      // With no field rules (the default) every value has the route's policy: skip building lookup keys.
      const uniform: ResolvedPolicy = { kind: 'text', mode: route.mode };
      const policyOf = (source: InputSource, path: string): ResolvedPolicy => {
        if (route.fields.size === 0) return uniform;
        const field = route.fields.get(`${source}.${path}`) ?? route.fields.get(path);
        return field === undefined ? uniform : { kind: field.kind ?? 'text', mode: field.mode ?? route.mode };
      };
      const report = (
        type: FindingType,
        source: InputSource,
        path: string,
        kind: FieldKind,
        mode: 'monitor' | 'block',
        fingerprint: string,
        length: number,
      ): void => {
        // Built only for a finding: the display path costs a regex test per key.
        const field = path === '' ? source : `${source}.${displayPath(path)}`;
        findings.push({ type, source, field, kind, mode, fingerprint, length });
        if (mode === 'block') blocked = true;
      };

      const check = (source: InputSource, path: string, value: string, asKey: boolean): void => {
        if (exhausted) return;
        const { kind, mode } = policyOf(source, path);
        if (mode === 'off') return;
        values++;
        chars += value.length;
        if (values > options.maxValues || chars > options.maxChars) {
          // Stop here: inspecting more would let a request buy unbounded work. The request itself is the finding.
          exhausted = true;
          const fingerprint = values > options.maxValues ? 'max-values' : 'max-chars';
          report('too_much_input', source, path, kind, mode, fingerprint, value.length);
          return;
        }
        // A key is free text whatever its field's kind: an identifier rule describes the value.
        const judged = asKey ? 'text' : kind;
        const found = judge(value, judged);
        if (found === undefined) return;
        report(found.type, source, path, judged, mode, found.verdict.fingerprint ?? found.type, value.length);
      };

      const walk = (source: InputSource, path: string, node: unknown, depth: number): void => {
        if (exhausted) return;
        if (typeof node === 'string') {
          check(source, path, node, false);
          return;
        }
        if (node === null || typeof node !== 'object' || depth > 64) return;
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length; i++) walk(source, path, node[i], depth + 1);
          return;
        }
        const keys = Object.keys(node);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i] as string;
          const childPath = path === '' ? key : `${path}.${key}`;
          check(source, childPath, key, true);
          walk(source, childPath, (node as Record<string, unknown>)[key], depth + 1);
        }
      };

      walk('params', '', input.params, 0);
      walk('query', '', input.query, 0);
      walk('body', '', input.body, 0);
      for (const name of options.headers) {
        const value = input.headers[name];
        if (typeof value === 'string') check('header', name, value, false);
        else if (Array.isArray(value)) for (const item of value) check('header', name, item, false);
      }
      return findings.length === 0 ? NOTHING : { findings, blocked };
    },
  };
}
