import type { Field } from './schema.js';

const positiveInt = (max = Number.MAX_SAFE_INTEGER): Field => ({
  kind: 'number',
  integer: true,
  min: 1,
  max,
});
const durationMs: Field = { kind: 'number', integer: true, min: 1, max: 365 * 86_400_000 };
const METHOD = 'GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS';
/** `/pattern` or `METHOD /pattern`: route patterns as the framework declares them, never prefixes. */
export const ROUTE_KEY = new RegExp(`^(?:(?:${METHOD}) )?/[^\\s]*$`);
const ROUTE_HINT = 'must be a route pattern such as "/wallet/send" or "POST /wallet/send"';
/** An exact origin: scheme, host and optional port; no path, no wildcard. */
const ORIGIN = /^https?:\/\/(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const ruleField: Field = {
  kind: 'object',
  fields: {
    limit: positiveInt(),
    windowMs: durationMs,
    algorithm: { kind: 'enum', values: ['sliding-window', 'token-bucket'] },
    key: { kind: 'enum', values: ['ip', 'user'] },
  },
};

const inspectMode: Field = { kind: 'enum', values: ['off', 'monitor', 'block'] };
/**
 * A field path: keys joined by dots, optionally after `params.`, `query.`, `body.` or `header.`. Array positions are
 * left out (an array's items have the array's path), so a bracketed segment (`items[].to`) would never match.
 */
const FIELD_PATH = /^[^\s.[\]]+(?:\.[^\s.[\]]+)*$/;
const FIELD_HINT =
  'must be a field path such as "memo", "body.to" or "items.name": array positions are left out ("items.to", ' +
  'not "items[].to")';
const inspectFields: Field = {
  kind: 'record',
  keyPattern: FIELD_PATH,
  keyHint: FIELD_HINT,
  value: {
    kind: 'object',
    fields: { kind: { kind: 'enum', values: ['text', 'richText', 'url', 'identifier'] }, mode: inspectMode },
  },
};

/** The shape of `RampartOptions`, checked once by `createConfig`. */
export const OPTIONS_SCHEMA: Field = {
  kind: 'object',
  fields: {
    secret: { kind: 'string', minLength: 1 },
    environment: { kind: 'enum', values: ['production', 'development', 'test'] },
    instances: positiveInt(10_000),
    clientIp: {
      kind: 'object',
      fields: {
        trustedProxies: {
          kind: 'strings',
          pattern: /^[0-9a-f:.]+(?:\/\d{1,3})?$/i,
          hint: 'must be an IP or CIDR range',
        },
        ipv6PrefixLength: { kind: 'number', integer: true, min: 32, max: 128 },
      },
    },
    limits: {
      kind: 'object',
      fields: {
        maxBodyBytes: positiveInt(1024 * 1024 * 1024),
        maxUrlBytes: { kind: 'number', integer: true, min: 64, max: 65_536 },
        maxHeaderBytes: { kind: 'number', integer: true, min: 1024, max: 65_536 },
        maxJsonDepth: positiveInt(1000),
        maxJsonKeys: positiveInt(),
        maxJsonStringLength: positiveInt(),
      },
    },
    ipBlock: {
      kind: 'object',
      fields: {
        enabled: { kind: 'boolean' },
        blockDurationMs: durationMs,
        violationThreshold: positiveInt(1_000_000),
        violationWindowMs: durationMs,
      },
    },
    rateLimit: {
      kind: 'object',
      fields: {
        enabled: { kind: 'boolean' },
        algorithm: { kind: 'enum', values: ['sliding-window', 'token-bucket'] },
        global: { kind: 'object', fields: { limit: positiveInt(), windowMs: durationMs } },
        routes: { kind: 'record', keyPattern: ROUTE_KEY, keyHint: ROUTE_HINT, value: ruleField },
        exempt: { kind: 'strings', pattern: ROUTE_KEY, hint: ROUTE_HINT },
        onStoreError: { kind: 'enum', values: ['deny', 'allow'] },
        headers: { kind: 'enum', values: ['always', 'near-limit', 'denied'] },
      },
    },
    cors: {
      kind: 'object',
      fields: {
        enabled: { kind: 'boolean' },
        origins: {
          kind: 'strings',
          pattern: ORIGIN,
          hint: 'must be an exact origin such as "https://wallet.example" (no "*", no path, no trailing slash)',
        },
        methods: {
          kind: 'strings',
          pattern: new RegExp(`^(?:${METHOD})$`),
          hint: 'must be an HTTP method in capitals',
        },
        allowedHeaders: { kind: 'strings', pattern: /^[A-Za-z0-9-]+$/, hint: 'must be a header name' },
        exposedHeaders: { kind: 'strings', pattern: /^[A-Za-z0-9-]+$/, hint: 'must be a header name' },
        credentials: { kind: 'boolean' },
        maxAgeSeconds: { kind: 'number', integer: true, min: 0, max: 86_400 },
      },
    },
    csrf: {
      kind: 'object',
      fields: {
        dangerouslyDisable: { kind: 'boolean' },
        tokenBytes: { kind: 'number', integer: true, min: 16, max: 64 },
        // Tokens and their cookie count whole seconds.
        ttlMs: { ...durationMs, min: 1000 },
        tokenRoute: { kind: 'string', pattern: /^\/[^\s]*$/, hint: 'must be a path' },
        cookieName: {
          kind: 'string',
          pattern: /^[A-Za-z0-9_-]{1,64}$/,
          hint: 'must be a cookie name (letters, digits, _ and -)',
        },
        headerName: { kind: 'string', pattern: /^[A-Za-z0-9-]{1,64}$/, hint: 'must be a header name' },
        exempt: { kind: 'strings', pattern: ROUTE_KEY, hint: ROUTE_HINT },
        checkOrigin: { kind: 'boolean' },
      },
    },
    headers: {
      kind: 'object',
      fields: {
        enabled: { kind: 'boolean' },
        contentSecurityPolicy: {
          kind: 'record',
          keyPattern: /^[a-z-]+$/,
          keyHint: 'must be a CSP directive name such as "script-src"',
          value: {
            kind: 'strings',
            pattern: /^[^;,\s]+$/,
            hint: 'must be a CSP source without ";", "," or spaces',
          },
        },
        dangerouslyDisableContentSecurityPolicy: { kind: 'boolean' },
        cspNonce: { kind: 'boolean' },
        xssProtection: { kind: 'enum', values: ['0', '1; mode=block'] },
        hstsMaxAgeSeconds: { kind: 'number', integer: true, min: 0, max: 2 * 31_536_000 },
        hstsIncludeSubDomains: { kind: 'boolean' },
        hstsPreload: { kind: 'boolean' },
        referrerPolicy: {
          kind: 'enum',
          values: [
            'no-referrer',
            'no-referrer-when-downgrade',
            'origin',
            'origin-when-cross-origin',
            'same-origin',
            'strict-origin',
            'strict-origin-when-cross-origin',
          ],
        },
        permissionsPolicy: { kind: 'string', pattern: /^[^\r\n]*$/, hint: 'must be one line' },
        frameOptions: { kind: 'enum', values: ['DENY', 'SAMEORIGIN'] },
        crossOriginOpenerPolicy: {
          kind: 'enum',
          values: [false, 'same-origin', 'same-origin-allow-popups', 'unsafe-none'],
        },
        crossOriginResourcePolicy: {
          kind: 'enum',
          values: [false, 'same-origin', 'same-site', 'cross-origin'],
        },
        noStoreRoutes: { kind: 'strings', pattern: ROUTE_KEY, hint: ROUTE_HINT },
      },
    },
    inspect: {
      kind: 'object',
      fields: {
        mode: inspectMode,
        headers: { kind: 'strings', pattern: /^[a-z0-9-]+$/, hint: 'must be a header name in lower case' },
        fields: inspectFields,
        routes: {
          kind: 'record',
          keyPattern: ROUTE_KEY,
          keyHint: ROUTE_HINT,
          value: { kind: 'object', fields: { mode: inspectMode, fields: inspectFields } },
        },
        maxValues: positiveInt(1_000_000),
        maxChars: positiveInt(1024 * 1024 * 1024),
      },
    },
    trustedHosts: {
      kind: 'strings',
      pattern: /^(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?$/i,
      hint: 'must be a host name such as "example.com" or "*.example.com"',
    },
    cookies: {
      kind: 'object',
      fields: {
        secure: { kind: 'enum', values: ['auto', true, false] },
        sameSite: { kind: 'enum', values: ['Strict', 'Lax'] },
      },
    },
    events: {
      kind: 'object',
      fields: {
        logger: { kind: 'falseOr', field: { kind: 'instance', methods: ['info', 'warn', 'error', 'fatal'] } },
        bufferSize: { kind: 'number', integer: true, min: 0, max: 1_000_000 },
      },
    },
    store: {
      kind: 'instance',
      methods: ['consume', 'increment', 'setIfAbsent', 'set', 'get', 'getAndDelete', 'delete', 'close'],
    },
    blockStore: { kind: 'instance', methods: ['put', 'remove', 'list'] },
    now: { kind: 'function' },
  },
};
