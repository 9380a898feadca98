import { FORBIDDEN_KEYS } from '../lib/forbidden-keys.js';
import type { RequestHeaders } from '../lib/request.js';
import { createRouteTable } from '../lib/route-table.js';
import { judge } from './judge.js';
import { policyOf, type RuleSet, ruleSet, strictestOf } from './rules.js';

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

export type FindingType =
  | 'sql_injection'
  | 'xss'
  | 'invalid_identifier'
  | 'too_much_input'
  /** `__proto__`, `constructor` or `prototype` as a key: refused in every mode but `off`, as the JSON parser does. */
  | 'forbidden_key';
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
  /**
   * False when the route was matched loosely (case, escapes) rather than as the router matched it: then a route's
   * rules can only make inspection stricter, never laxer.
   */
  readonly routeExact?: boolean | undefined;
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
/**
 * A key as it may appear in an event or an error body. Keys are the client's: they may be the payload itself, or a
 * secret (a map keyed by API keys, `sk_live_4eC3...`). So a key is shown only when it reads as a name (letters,
 * `_`, `$` and `-`, then at most three digits: `memo`, `line1`, `x-account-id`) or as a number (`0`, `2024`).
 */
const PLAIN_KEY = /^(?:[A-Za-z_$][A-Za-z_$-]{0,39}[0-9]{0,3}|[0-9]{1,10})$/;

/** The field path for events and error bodies: keys that are not plain names become `?`. */
function displayPath(path: string): string {
  if (PLAIN_KEY.test(path)) return path;
  return path
    .split('.')
    .map((key) => (PLAIN_KEY.test(key) ? key : '?'))
    .join('.');
}

/** The deepest nesting walked; anything deeper is a finding rather than skipped. */
const MAX_DEPTH = 64;
/** Longest field path shown in events and error bodies. */
const MAX_FIELD_LENGTH = 256;

/**
 * Objects whose keys are data: plain objects, null-prototype dictionaries and those derived from one (query
 * parsers make them). Buffers, streams and class instances are opaque: their keys are internals, and walking a
 * 10 MB Buffer would mean ten million keys.
 */
function isDataObject(node: object): boolean {
  const proto = Object.getPrototypeOf(node);
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** The field as events and error bodies show it; a key finding ends in `?` (the key may be the payload itself). */
function fieldName(source: InputSource, path: string, asKey: boolean): string {
  let field = path === '' ? source : `${source}.${displayPath(path)}`;
  if (asKey) field = `${field.slice(0, field.lastIndexOf('.'))}.?`;
  return field.length > MAX_FIELD_LENGTH ? `${field.slice(0, MAX_FIELD_LENGTH)}...` : field;
}

interface RouteRules {
  readonly exact: RuleSet;
  /** The route's rules and the global ones together, the stricter per value: for a loosely matched route. */
  readonly loose: RuleSet;
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
  const fallback = ruleSet(options.mode, [options.fields]);
  const routeRules = Object.entries(options.routes).map(([key, policy]): [string, RouteRules] => {
    const exact = ruleSet(policy.mode ?? options.mode, [options.fields, policy.fields ?? {}]);
    return [key, { exact, loose: strictestOf(exact, fallback) }];
  });
  const routes = createRouteTable<RouteRules>(routeRules);
  // The headers each rule set inspects: those listed, and those its rules name in a mode other than `off`.
  const headerLists = new Map<RuleSet, readonly string[]>();
  for (const rules of [fallback, ...routeRules.flatMap(([, r]) => [r.exact, r.loose])]) {
    headerLists.set(rules, [...new Set([...options.headers, ...rules.headers])]);
  }
  const everythingOff = [fallback, ...routeRules.map(([, rules]) => rules.exact)].every(
    (rules) => rules.strictest === 'off',
  );

  return {
    off: everythingOff,

    inspect(input) {
      if (everythingOff) return NOTHING;
      const matched = input.route === undefined ? undefined : routes.get(input.method, input.route);
      const rules =
        matched === undefined ? fallback : input.routeExact === false ? matched.loose : matched.exact;
      // A route with inspection off is not walked at all.
      if (rules.strictest === 'off') return NOTHING;
      const findings: Finding[] = [];
      let blocked = false;
      let values = 0;
      let chars = 0;
      let exhausted = false;

      const report = (
        type: FindingType,
        source: InputSource,
        field: string,
        kind: FieldKind,
        mode: InspectMode,
        fingerprint: string,
        length: number,
      ): void => {
        if (mode === 'off') return;
        findings.push({ type, source, field, kind, mode, fingerprint, length });
        if (mode === 'block') blocked = true;
      };
      // Past a cap, inspecting more would let a request buy unbounded work: the request itself is the finding, in
      // the strictest mode any of its values could have had.
      const giveUp = (source: InputSource, path: string, fingerprint: string, length: number): void => {
        exhausted = true;
        const field = fieldName(source, path, false);
        report('too_much_input', source, field, 'text', rules.strictest, fingerprint, length);
      };

      const check = (source: InputSource, path: string, value: string, asKey: boolean): void => {
        const { kind, mode } = policyOf(rules, source, path);
        if (mode === 'off') return;
        values++;
        chars += value.length;
        if (values > options.maxValues || chars > options.maxChars) {
          giveUp(source, path, values > options.maxValues ? 'max-values' : 'max-chars', value.length);
          return;
        }
        if (asKey && FORBIDDEN_KEYS.has(value)) {
          report(
            'forbidden_key',
            source,
            fieldName(source, path, true),
            'text',
            'block',
            'prototype-key',
            value.length,
          );
          return;
        }
        // A key is free text whatever its field's kind: an identifier rule describes the value.
        const judged = asKey ? 'text' : kind;
        const found = judge(value, judged);
        if (found === undefined) return;
        const fingerprint = found.verdict.fingerprint ?? found.type;
        report(found.type, source, fieldName(source, path, asKey), judged, mode, fingerprint, value.length);
      };

      const walk = (source: InputSource, path: string, node: unknown, depth: number, item = false): void => {
        if (typeof node === 'string') {
          check(source, path, node, false);
          return;
        }
        // An array's items share its path, which was looked up for the array itself: an identifier refused it.
        if (path !== '' && !item && !Number.isSafeInteger(node)) {
          // An identifier is one string, or a whole number: an object in its place is an operator (`{"$ne": null}`),
          // an array a list an ORM reads as `IN (...)`, and null, a boolean or a fraction are what type confusion
          // is made of (`WHERE token IS NULL`; MySQL's `'abc' = 0`). Each is refused by shape.
          const { kind, mode } = policyOf(rules, source, path);
          if (kind === 'identifier') {
            report(
              'invalid_identifier',
              source,
              fieldName(source, path, false),
              kind,
              mode,
              'identifier-shape',
              0,
            );
            return;
          }
        }
        if (node === null || typeof node !== 'object') return;
        if (depth > MAX_DEPTH) {
          giveUp(source, path, 'max-depth', 0);
          return;
        }
        if (Array.isArray(node)) {
          for (let i = 0; i < node.length && !exhausted; i++) walk(source, path, node[i], depth + 1, true);
          return;
        }
        if (!isDataObject(node)) return;
        const keys = Object.keys(node);
        for (let i = 0; i < keys.length && !exhausted; i++) {
          const key = keys[i] as string;
          const childPath = path === '' ? key : `${path}.${key}`;
          check(source, childPath, key, true);
          if (!exhausted) walk(source, childPath, (node as Record<string, unknown>)[key], depth + 1);
        }
      };

      walk('params', '', input.params, 0);
      if (!exhausted) walk('query', '', input.query, 0);
      if (!exhausted) walk('body', '', input.body, 0);
      const headerNames = headerLists.get(rules) ?? options.headers;
      for (let h = 0; h < headerNames.length && !exhausted; h++) {
        const name = headerNames[h] as string;
        const value = input.headers[name];
        if (typeof value === 'string') check('header', name, value, false);
        else if (Array.isArray(value))
          for (const item of value) if (!exhausted) check('header', name, item, false);
      }
      return findings.length === 0 ? NOTHING : { findings, blocked };
    },
  };
}
