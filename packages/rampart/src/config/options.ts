import type { Logger } from 'pino';
import type { BlockStore, FastStore } from '../stores/types.js';
import type { InspectFieldOptions, InspectRouteOptions, RouteRuleOptions } from './defaults.js';

type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : DeepPartial<T[K]>;
};

/** Every option, all optional. Units are in the names; see `DEFAULTS` for every default. */
export interface RampartOptions {
  /** HMAC key for CSRF tokens (SECRET_KEY): at least 32 bytes of entropy. Required in production. */
  readonly secret?: string;
  /** NODE_ENV. In `production`, unsafe settings are refused at startup. */
  readonly environment?: 'production' | 'development' | 'test';
  /** How many server instances share this deployment; > 1 with an in-memory store is refused in production. */
  readonly instances?: number;
  readonly clientIp?: { readonly trustedProxies?: readonly string[]; readonly ipv6PrefixLength?: number };
  readonly limits?: {
    readonly maxBodyBytes?: number;
    readonly maxUrlBytes?: number;
    readonly maxHeaderBytes?: number;
    readonly maxJsonDepth?: number;
    readonly maxJsonKeys?: number;
    readonly maxJsonStringLength?: number;
  };
  readonly ipBlock?: {
    readonly enabled?: boolean;
    readonly blockDurationMs?: number;
    readonly violationThreshold?: number;
    readonly violationWindowMs?: number;
  };
  readonly rateLimit?: {
    readonly enabled?: boolean;
    readonly algorithm?: 'sliding-window' | 'token-bucket';
    readonly global?: { readonly limit?: number; readonly windowMs?: number };
    /** Keyed by `METHOD /pattern` or `/pattern` (any method), e.g. `'POST /wallet/send': { limit: 20, windowMs: 60_000 }`. */
    readonly routes?: Readonly<Record<string, RouteRuleOptions>>;
    readonly exempt?: readonly string[];
    readonly onStoreError?: 'deny' | 'allow';
    readonly headers?: 'always' | 'near-limit' | 'denied';
  };
  readonly cors?: {
    readonly enabled?: boolean;
    readonly origins?: readonly string[];
    readonly methods?: readonly string[];
    readonly allowedHeaders?: readonly string[];
    readonly exposedHeaders?: readonly string[];
    readonly credentials?: boolean;
    readonly maxAgeSeconds?: number;
  };
  readonly csrf?: {
    readonly dangerouslyDisable?: boolean;
    readonly tokenBytes?: number;
    readonly ttlMs?: number;
    readonly tokenRoute?: string;
    readonly cookieName?: string;
    readonly headerName?: string;
    readonly exempt?: readonly string[];
    readonly checkOrigin?: boolean;
  };
  readonly headers?: {
    readonly enabled?: boolean;
    /** Directives replacing the default CSP, or use `dangerouslyDisableContentSecurityPolicy`. */
    readonly contentSecurityPolicy?: Readonly<Record<string, readonly string[]>>;
    readonly dangerouslyDisableContentSecurityPolicy?: boolean;
    readonly cspNonce?: boolean;
    readonly xssProtection?: '0' | '1; mode=block';
    readonly hstsMaxAgeSeconds?: number;
    readonly hstsIncludeSubDomains?: boolean;
    readonly hstsPreload?: boolean;
    readonly referrerPolicy?: string;
    readonly permissionsPolicy?: string;
    readonly frameOptions?: 'DENY' | 'SAMEORIGIN';
    readonly crossOriginOpenerPolicy?: false | 'same-origin' | 'same-origin-allow-popups' | 'unsafe-none';
    readonly crossOriginResourcePolicy?: false | 'same-origin' | 'same-site' | 'cross-origin';
    readonly noStoreRoutes?: readonly string[];
  };
  /** Input inspection (SQL injection, script): see the README's inspection section. */
  readonly inspect?: {
    readonly mode?: 'off' | 'monitor' | 'block';
    readonly headers?: readonly string[];
    readonly fields?: Readonly<Record<string, InspectFieldOptions>>;
    readonly routes?: Readonly<Record<string, InspectRouteOptions>>;
    readonly maxValues?: number;
    readonly maxChars?: number;
  };
  readonly trustedHosts?: readonly string[];
  readonly cookies?: { readonly secure?: 'auto' | boolean; readonly sameSite?: 'Strict' | 'Lax' };
  readonly events?: {
    /** A pino logger for the JSON event log; false for none. Default: a JSON logger on standard output. */
    readonly logger?: Logger | false;
    readonly bufferSize?: number;
  };
  /** Fast shared state (default: a bounded in-memory store). Use the Redis store for several instances. */
  readonly store?: FastStore;
  /** Durable manual IP blocks (default: in memory, for the life of the process). */
  readonly blockStore?: BlockStore;
  /** Injectable clock for tests (epoch ms). */
  readonly now?: () => number;
}

export type { DeepPartial };
