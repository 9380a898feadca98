import { DEFAULTS, type RampartConfig } from '../../config/index.js';

/**
 * Every route key the application configured (`'POST /wallet/send'`), with the option that names it. Defaults are
 * left out: `/healthz` need not exist in every application.
 */
function configuredKeys(config: RampartConfig): [key: string, option: string][] {
  const defaults = new Set<string>([...DEFAULTS.rateLimit.exempt, ...DEFAULTS.headers.noStoreRoutes]);
  const keys: [string, string][] = [
    ...Object.keys(config.rateLimit.routes).map((key): [string, string] => [key, 'rateLimit.routes']),
    ...config.rateLimit.exempt.map((key): [string, string] => [key, 'rateLimit.exempt']),
    ...config.csrf.exempt.map((key): [string, string] => [key, 'csrf.exempt']),
    ...config.headers.noStoreRoutes.map((key): [string, string] => [key, 'headers.noStoreRoutes']),
    ...Object.keys(config.inspect.routes).map((key): [string, string] => [key, 'inspect.routes']),
  ];
  return keys.filter(([key, option]) => option === 'rateLimit.routes' || !defaults.has(key));
}

/**
 * Route keys in the options that match no registered route. Such a key protects nothing (`'POST /wallet/snd'`, or a
 * pattern spelled differently from the route's), so the adapter reports them at startup.
 *
 * @param registered `METHOD pattern` of every registered route.
 */
export function unmatchedRouteKeys(config: RampartConfig, registered: ReadonlySet<string>): string[] {
  const patterns = new Set([...registered].map((key) => key.slice(key.indexOf(' ') + 1)));
  return configuredKeys(config)
    .filter(([key]) => {
      const space = key.indexOf(' ');
      if (space === -1) return !patterns.has(key);
      const method = key.slice(0, space);
      const pattern = key.slice(space + 1);
      return !registered.has(key) && !(method === 'GET' && registered.has(`HEAD ${pattern}`));
    })
    .map(([key, option]) => `${option}: "${key}"`);
}
