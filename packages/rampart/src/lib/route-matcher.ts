import { RampartConfigError } from '../errors/index.js';

/**
 * Matches a request path to one of a known set of route patterns, for adapters whose framework only knows the
 * pattern after routing (Express). Two answers matter:
 *
 * - `pattern`, matched broadly: case-insensitive, a trailing slash ignored, unreserved percent-escapes decoded. A
 *   spelling that still reaches a handler (`/Wallet/Send/`, `/wallet/%73end`) must never dodge its rule.
 * - `exact`, true only when the path matches as written. Exemptions use it: a spelling that routing sends to
 *   another handler (`/h%65alth` reaching `/:slug`) must never borrow an exemption.
 *
 * Patterns use Express syntax: `:param`, `:param?` (Express 4), `:param(regex)` (treated as any segment), and a
 * trailing `*` or `*name` (Express 5) for the rest of the path. Optional groups (`{/:param}`) are refused: list each
 * form instead.
 */
export interface RouteMatch {
  readonly pattern: string;
  readonly exact: boolean;
}

export interface RouteMatcher {
  match(path: string): RouteMatch | undefined;
}

interface Compiled {
  readonly pattern: string;
  /** Static segments as written; `undefined` for a parameter. */
  readonly segments: readonly (string | undefined)[];
  readonly wildcard: boolean;
  readonly specificity: number;
}

const UNRESERVED_ESCAPE = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/g;

/** Lower-cases and decodes unreserved escapes; leaves reserved ones (`%2F`) encoded, as routers do. */
export function normalizePath(path: string): string {
  const decoded = path.includes('%')
    ? path.replace(UNRESERVED_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : path;
  return trimSlash(decoded.toLowerCase());
}

/** The path without its trailing slash, unless it is `/`. */
function trimSlash(path: string): string {
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

/** One pattern, or two when its last parameter is optional (`/tx/:id?` is `/tx` and `/tx/:id`). */
function compile(pattern: string): Compiled[] {
  if (pattern.includes('{') || pattern.includes('}')) {
    throw new RampartConfigError('routes', `"${pattern}": optional groups are not supported; list each form`);
  }
  const parts = pattern.split('/').slice(1);
  let wildcard = false;
  const last = parts[parts.length - 1] ?? '';
  if (last === '*' || /^\*[A-Za-z_$][\w$]*$/.test(last)) {
    wildcard = true;
    parts.pop();
  }
  if (parts.some((part) => part.includes('*'))) {
    throw new RampartConfigError('routes', `"${pattern}": a wildcard may only end a pattern`);
  }
  const optional = !wildcard && /^:[^/]+\?$/.test(last);
  const segments = parts.map((part) => (part.startsWith(':') ? undefined : part));
  const compiled = (list: (string | undefined)[]): Compiled => ({
    pattern,
    segments: list,
    wildcard,
    specificity: list.filter((s) => s !== undefined).length,
  });
  return optional ? [compiled(segments), compiled(segments.slice(0, -1))] : [compiled(segments)];
}

function matches(route: Compiled, parts: readonly string[], fold: (s: string) => string): boolean {
  if (route.wildcard ? parts.length < route.segments.length : parts.length !== route.segments.length)
    return false;
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i];
    const part = parts[i] ?? '';
    if (segment === undefined ? part === '' : fold(segment) !== part) return false;
  }
  return true;
}

export interface RouteMatcherOptions {
  /** The router tells `/Wallet` from `/wallet` (Express's `case sensitive routing`); false by default, as Express. */
  readonly caseSensitive?: boolean;
}

export function createRouteMatcher(
  patterns: Iterable<string>,
  options: RouteMatcherOptions = {},
): RouteMatcher {
  const caseSensitive = options.caseSensitive === true;
  const routes = [...new Set(patterns)].flatMap(compile);
  // Static segments first: `/users/me` wins over `/users/:id`, as in the frameworks.
  routes.sort((a, b) => b.specificity - a.specificity || b.segments.length - a.segments.length);
  const lower = (s: string): string => s.toLowerCase();
  const same = (s: string): string => s;

  return {
    match(path) {
      // First as the router reads it: case and a trailing slash ignored, escapes as written. The route found is the
      // one the request reaches, and `exact` says whether it was spelt as written. Trying the exact spelling of
      // every pattern first let `/wallet/SEND` match `/wallet/:action` as written, while Express, ignoring case,
      // ran the `/wallet/send` handler without its rules.
      const exact = path.split('/').slice(1);
      const routed = trimSlash(caseSensitive ? path : path.toLowerCase())
        .split('/')
        .slice(1);
      for (const route of routes) {
        if (matches(route, routed, caseSensitive ? same : lower))
          return { pattern: route.pattern, exact: matches(route, exact, same) };
      }
      // Then escapes decoded: a spelling no route is written for counts under the route it decodes to.
      const broad = normalizePath(path).split('/').slice(1);
      for (const route of routes) {
        if (matches(route, broad, lower)) return { pattern: route.pattern, exact: false };
      }
      return undefined;
    },
  };
}
