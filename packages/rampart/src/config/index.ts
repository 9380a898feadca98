import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { proxyRange } from '../client-ip/ip.js';
import { RampartConfigError } from '../errors/index.js';
import type { BlockStore, FastStore } from '../stores/types.js';
import { DEFAULTS, type RouteRuleOptions } from './defaults.js';
import type { RampartOptions } from './options.js';
import { OPTIONS_SCHEMA } from './options-schema.js';
import { deepFreeze, validate } from './schema.js';
import { secretWeakness } from './secret.js';

export {
  DEFAULTS,
  type InspectFieldOptions,
  type InspectRouteOptions,
  type RouteRuleOptions,
} from './defaults.js';
export { mergeOptions, optionsFromEnv } from './env.js';
export type { RampartOptions } from './options.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Defaults = typeof DEFAULTS;

/** The validated, frozen configuration every guard is built from. */
export interface RampartConfig {
  readonly secret: string;
  /** True when no secret was given and a random one was made for this process (development only). */
  readonly secretGenerated: boolean;
  readonly environment: Defaults['environment'];
  readonly instances: number;
  readonly clientIp: Defaults['clientIp'];
  readonly limits: Defaults['limits'];
  readonly ipBlock: Defaults['ipBlock'];
  readonly rateLimit: Omit<Defaults['rateLimit'], 'routes'> & {
    readonly routes: Readonly<Record<string, RouteRuleOptions>>;
  };
  readonly cors: Defaults['cors'];
  readonly csrf: Defaults['csrf'];
  readonly headers: Defaults['headers'];
  readonly inspect: Defaults['inspect'];
  readonly trustedHosts: readonly string[];
  readonly cookies: Defaults['cookies'];
  readonly events: { readonly bufferSize: number; readonly logger: Logger | false | undefined };
  readonly store: FastStore | undefined;
  readonly blockStore: BlockStore | undefined;
  readonly now: () => number;
}

const SECTIONS = ['clientIp', 'limits', 'ipBlock', 'cors', 'csrf', 'headers', 'inspect', 'cookies'] as const;

function isLocalOrigin(origin: string): boolean {
  const host = new URL(origin).hostname;
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host.startsWith('127.') ||
    host === '[::1]' ||
    host === '0.0.0.0'
  );
}

/** Every reason `config` is unsafe to run in production; empty when it is fine. */
export function productionProblems(config: RampartConfig): string[] {
  const problems: string[] = [];
  if (config.secretGenerated) problems.push('secret: SECRET_KEY is required in production');
  else {
    const weakness = secretWeakness(config.secret);
    if (weakness) problems.push(`secret: ${weakness}`);
  }
  for (const origin of config.cors.origins) {
    if (isLocalOrigin(origin))
      problems.push(`cors.origins: ${origin} is a local origin; list only production domains`);
    else if (origin.startsWith('http://')) problems.push(`cors.origins: ${origin} is not HTTPS`);
  }
  for (const entry of config.clientIp.trustedProxies) {
    // Judged as the range it covers: `::ffff:0:0/97` is `0.0.0.0/1`.
    const range = proxyRange(entry);
    if (typeof range === 'string') continue;
    const minimum = range.family === 'ipv6' ? 32 : 8;
    if (range.prefix !== undefined && range.prefix < minimum) {
      problems.push(
        `clientIp.trustedProxies: ${entry} trusts a huge range; list your proxies (at least /${minimum})`,
      );
    }
  }
  if (config.cookies.secure === false) problems.push('cookies.secure: cookies must be Secure in production');
  if (config.csrf.dangerouslyDisable)
    problems.push('csrf.dangerouslyDisable: CSRF protection cannot be disabled in production');
  if (config.headers.dangerouslyDisableContentSecurityPolicy) {
    problems.push('headers.dangerouslyDisableContentSecurityPolicy: a CSP is required in production');
  }
  if (!config.headers.enabled) problems.push('headers.enabled: security headers are required in production');
  if (config.instances > 1 && !(config.store?.shared ?? false)) {
    problems.push(
      `store: ${config.instances} instances declared but the store is per process; use the Redis store`,
    );
  }
  if (config.instances > 1 && config.blockStore === undefined) {
    problems.push(
      `blockStore: ${config.instances} instances declared but manual IP blocks are kept per process`,
    );
  }
  return problems;
}

/**
 * Validates `options`, fills in `DEFAULTS`, and returns a deep-frozen configuration.
 *
 * Throws `RampartConfigError` (a `TypeError`) naming the option and the bad value, with a "did you mean" for
 * unknown keys; in production (`environment: 'production'`) it also refuses weak or default secrets, local or
 * plain-HTTP CORS origins, insecure cookies and disabled CSRF, listing every problem at once.
 *
 * @example
 * const config = createConfig({ secret: process.env.SECRET_KEY, cors: { origins: ['https://wallet.example'] } });
 */
export function createConfig(options: RampartOptions = {}): RampartConfig {
  validate('', OPTIONS_SCHEMA, options);
  const secretGenerated = options.secret === undefined;
  const merged: Mutable<RampartConfig> = {
    secret: options.secret ?? randomBytes(32).toString('base64url'),
    secretGenerated,
    environment: options.environment ?? DEFAULTS.environment,
    instances: options.instances ?? DEFAULTS.instances,
    clientIp: DEFAULTS.clientIp,
    limits: DEFAULTS.limits,
    ipBlock: DEFAULTS.ipBlock,
    rateLimit: {
      ...DEFAULTS.rateLimit,
      ...options.rateLimit,
      global: { ...DEFAULTS.rateLimit.global, ...options.rateLimit?.global },
      routes: { ...options.rateLimit?.routes },
    },
    cors: DEFAULTS.cors,
    csrf: DEFAULTS.csrf,
    headers: DEFAULTS.headers,
    inspect: DEFAULTS.inspect,
    trustedHosts: options.trustedHosts ?? DEFAULTS.trustedHosts,
    cookies: DEFAULTS.cookies,
    events: {
      bufferSize: options.events?.bufferSize ?? DEFAULTS.events.bufferSize,
      logger: options.events?.logger,
    },
    store: options.store,
    blockStore: options.blockStore,
    now: options.now ?? Date.now,
  };
  for (const section of SECTIONS) {
    // Each section is a flat object of known keys (validated above), so a shallow merge is the whole merge.
    (merged as Record<string, unknown>)[section] = { ...DEFAULTS[section], ...options[section] };
  }
  if (merged.environment === 'production' && merged.cookies.secure === 'auto') {
    merged.cookies = { ...merged.cookies, secure: true };
  }
  for (const entry of merged.clientIp.trustedProxies) {
    if (/\/0+$/.test(entry)) {
      throw new RampartConfigError(
        'clientIp.trustedProxies',
        `"${entry}" trusts every address; list your proxies`,
      );
    }
  }
  for (const [pattern, rule] of Object.entries(merged.rateLimit.routes)) {
    if (rule.limit < 1)
      throw new RampartConfigError(`rateLimit.routes["${pattern}"].limit`, 'must be at least 1');
  }
  // The store and logger are instances, not configuration: they are kept as given, never frozen.
  const config = deepFreeze({
    ...merged,
    store: undefined,
    blockStore: undefined,
    events: { bufferSize: merged.events.bufferSize },
  });
  const result: RampartConfig = Object.freeze({
    ...config,
    events: Object.freeze({ ...config.events, logger: merged.events.logger }),
    store: merged.store,
    blockStore: merged.blockStore,
  });

  if (result.environment === 'production') {
    const problems = productionProblems(result);
    if (problems.length > 0) {
      throw new RampartConfigError(
        problems.length === 1 ? (problems[0]?.split(':')[0] ?? 'config') : 'config',
        `refusing to start in production:\n  - ${problems.join('\n  - ')}`,
        'CONFIG_UNSAFE_FOR_PRODUCTION',
      );
    }
  }
  return result;
}
