/**
 * Matches a request path to one of a known set of route patterns (`/balance/:address`, `/files/*`), for adapters
 * whose framework only knows the pattern after routing (Express). Matching is deliberately broader than the
 * frameworks': case-insensitive, a trailing slash ignored, unreserved percent-escapes decoded. A spelling of a path
 * that still reaches its handler (`/Wallet/Send/`, `/wallet/%73end`) must never dodge the rule for that route.
 */
export interface RouteMatcher {
  /** The pattern `path` belongs to, or undefined. Static patterns win over parameterised ones. */
  match(path: string): string | undefined;
}

interface Compiled {
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly wildcard: boolean;
  /** Static segments count: more specific patterns are tried first. */
  readonly specificity: number;
}

const UNRESERVED_ESCAPE = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/g;

/** Lower-cases and decodes unreserved escapes; leaves reserved ones (`%2F`) encoded, as routers do. */
export function normalizePath(path: string): string {
  const decoded = path.includes('%')
    ? path.replace(UNRESERVED_ESCAPE, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : path;
  const lowered = decoded.toLowerCase();
  return lowered.length > 1 && lowered.endsWith('/') ? lowered.slice(0, -1) : lowered;
}

export function createRouteMatcher(patterns: Iterable<string>): RouteMatcher {
  const exact = new Map<string, string>();
  const dynamic: Compiled[] = [];
  for (const pattern of new Set(patterns)) {
    const normalized = normalizePath(pattern);
    const segments = normalized.split('/').slice(1);
    const wildcard = segments[segments.length - 1] === '*';
    if (wildcard) segments.pop();
    if (!wildcard && segments.every((segment) => !segment.startsWith(':'))) {
      if (!exact.has(normalized)) exact.set(normalized, pattern);
      continue;
    }
    dynamic.push({
      pattern,
      segments,
      wildcard,
      specificity: segments.filter((s) => !s.startsWith(':')).length,
    });
  }
  dynamic.sort((a, b) => b.specificity - a.specificity || b.segments.length - a.segments.length);

  return {
    match(path) {
      const normalized = normalizePath(path);
      const hit = exact.get(normalized);
      if (hit !== undefined) return hit;
      if (dynamic.length === 0) return undefined;
      const parts = normalized.split('/').slice(1);
      for (const route of dynamic) {
        if (route.wildcard ? parts.length < route.segments.length : parts.length !== route.segments.length)
          continue;
        let ok = true;
        for (let i = 0; i < route.segments.length && ok; i++) {
          const segment = route.segments[i] ?? '';
          ok = segment.startsWith(':') ? (parts[i] ?? '') !== '' : segment === parts[i];
        }
        if (ok) return route.pattern;
      }
      return undefined;
    },
  };
}
