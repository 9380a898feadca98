import { RampartConfigError } from '../errors/index.js';
import type { RampartOptions } from './options.js';

type Env = Readonly<Record<string, string | undefined>>;

function list(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function seconds(name: string, value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new RampartConfigError(
      name,
      `must be a whole number of seconds >= 1 (got ${JSON.stringify(value)})`,
    );
  }
  return parsed;
}

function flag(name: string, value: string): boolean {
  const lowered = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lowered)) return true;
  if (['0', 'false', 'no', 'off'].includes(lowered)) return false;
  throw new RampartConfigError(name, `must be true or false (got ${JSON.stringify(value)})`);
}

/**
 * Reads the environment variables of SPEC §1 that the security layer owns and returns them as options, ready for
 * `createConfig` (merge them over your code's options with `mergeOptions`). Times given in seconds in the
 * environment become milliseconds here. Unset or empty variables are left out, so defaults apply.
 *
 * Throws `RampartConfigError` naming the variable when one is malformed.
 *
 * @example
 * const config = createConfig(mergeOptions(myOptions, optionsFromEnv(process.env)));
 */
export function optionsFromEnv(env: Env = process.env): RampartOptions {
  const get = (name: string): string | undefined => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? undefined : value;
  };
  const nodeEnv = get('NODE_ENV');
  const secret = get('SECRET_KEY');
  const origins = get('CORS_ORIGINS');
  const proxies = get('TRUSTED_PROXIES');
  const enabled = get('RATE_LIMIT_ENABLED');
  const requests = get('RATE_LIMIT_REQUESTS');
  const window = get('RATE_LIMIT_WINDOW');
  const blockDuration = get('BLOCK_DURATION');
  const threshold = get('SUSPICIOUS_ACTIVITY_THRESHOLD');
  const trustedHosts = get('TRUSTED_HOSTS');

  const options: { -readonly [K in keyof RampartOptions]: RampartOptions[K] } = {};
  if (nodeEnv !== undefined) {
    options.environment = nodeEnv === 'production' || nodeEnv === 'test' ? nodeEnv : 'development';
  }
  if (secret !== undefined) options.secret = secret;
  if (origins !== undefined) options.cors = { origins: list(origins) };
  if (proxies !== undefined) options.clientIp = { trustedProxies: list(proxies) };
  if (trustedHosts !== undefined) options.trustedHosts = list(trustedHosts);
  if (enabled !== undefined || requests !== undefined || window !== undefined) {
    options.rateLimit = {
      ...(enabled !== undefined && { enabled: flag('RATE_LIMIT_ENABLED', enabled) }),
      global: {
        ...(requests !== undefined && { limit: seconds('RATE_LIMIT_REQUESTS', requests) }),
        ...(window !== undefined && { windowMs: seconds('RATE_LIMIT_WINDOW', window) * 1000 }),
      },
    };
  }
  if (blockDuration !== undefined || threshold !== undefined) {
    options.ipBlock = {
      ...(blockDuration !== undefined && {
        blockDurationMs: seconds('BLOCK_DURATION', blockDuration) * 1000,
      }),
      ...(threshold !== undefined && {
        violationThreshold: seconds('SUSPICIOUS_ACTIVITY_THRESHOLD', threshold),
      }),
    };
  }
  return options;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * Deep-merges option layers, later layers winning. Arrays and instances (stores, loggers) are replaced, not merged.
 */
export function mergeOptions(...layers: readonly (RampartOptions | undefined)[]): RampartOptions {
  const merge = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
    }
    return out;
  };
  let result: Record<string, unknown> = {};
  for (const layer of layers)
    if (layer !== undefined) result = merge(result, layer as Record<string, unknown>);
  return result as RampartOptions;
}
