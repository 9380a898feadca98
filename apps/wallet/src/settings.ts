import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { mergeOptions, optionsFromEnv, type RampartOptions } from 'rampart';

type Env = Readonly<Record<string, string | undefined>>;

/** Everything the wallet server reads from its environment, resolved once at startup. */
export interface ServerSettings {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly production: boolean;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly logLevel: 'debug' | 'info' | 'warn' | 'error';
  readonly rampart: RampartOptions;
  /** Said once at startup (for example: where a development secret was created). */
  readonly notices: readonly string[];
}

/** The seed's per-route limits (the wallet security documentation, "Endpoints with Special Limits"). */
export const WALLET_ROUTE_LIMITS = Object.freeze({
  'POST /wallet/create': { limit: 5, windowMs: 3_600_000 },
  'POST /wallet/import': { limit: 5, windowMs: 3_600_000 },
  'POST /wallet/send': { limit: 20, windowMs: 60_000, key: 'user' as const },
  'POST /mine': { limit: 100, windowMs: 60_000, key: 'user' as const },
  'GET /transaction/:id': { limit: 50, windowMs: 60_000 },
});

/**
 * Input inspection for the wallet's own fields (SPEC §2, §4). Addresses (`XAI` + 40 hex), transaction ids, public
 * keys and signatures are identifiers wherever they appear: anything else in them is refused, not just reported.
 * Every other field keeps Rampart's default, `monitor`. The secrets the wallet takes in its bodies (passwords, TOTP
 * and backup codes) are not inspected: a password may hold any character and is only ever hashed, and a finding on
 * it would still say where it was. (Events never carry a value, only its field, length and fingerprint.)
 */
export const WALLET_INSPECTION = Object.freeze({
  fields: Object.freeze({
    address: { kind: 'identifier' as const, mode: 'block' as const },
    id: { kind: 'identifier' as const, mode: 'block' as const },
    from: { kind: 'identifier' as const, mode: 'block' as const },
    to: { kind: 'identifier' as const, mode: 'block' as const },
    tx_id: { kind: 'identifier' as const, mode: 'block' as const },
    public_key: { kind: 'identifier' as const, mode: 'block' as const },
    signature: { kind: 'identifier' as const, mode: 'block' as const },
    // In the body, where the wallet takes them: unqualified, `code` would turn off `?code=` on every route too.
    'body.password': { mode: 'off' as const },
    'body.current_password': { mode: 'off' as const },
    'body.new_password': { mode: 'off' as const },
    'body.code': { mode: 'off' as const },
    'body.backup_code': { mode: 'off' as const },
  }),
});

/** Origins the seed lists for local development; production must set CORS_ORIGINS. */
const DEVELOPMENT_ORIGINS = ['http://localhost:3000', 'http://localhost:5000'];

function port(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 5000;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535) {
    throw new TypeError(`PORT must be a port number from 0 to 65535 (got ${JSON.stringify(value)})`);
  }
  return parsed;
}

/**
 * In development a missing SECRET_KEY is generated once and kept in the data directory (mode 0600), so CSRF
 * tokens survive restarts. In production it is never generated: startup refuses instead.
 */
function developmentSecret(dataDir: string, notices: string[]): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  notices.push(`no SECRET_KEY set: generated a development secret in ${file}`);
  return secret;
}

export function loadSettings(env: Env = process.env): ServerSettings {
  const notices: string[] = [];
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.DATA_DIR?.trim() || 'data');
  const certFile = env.SSL_CERTFILE ?? env.TLS_CERT_FILE;
  const keyFile = env.SSL_KEYFILE ?? env.TLS_KEY_FILE;
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new TypeError('SSL_CERTFILE and SSL_KEYFILE must be set together');
  }
  const fromEnv = optionsFromEnv(env);
  const secret = fromEnv.secret ?? (production ? undefined : developmentSecret(dataDir, notices));
  const level = env.LOG_LEVEL;
  return {
    port: port(env.PORT),
    // Fastify binds every loopback address for 'localhost' (127.0.0.1 and ::1): reachable as localhost, never outside.
    host: env.HOST?.trim() || 'localhost',
    dataDir,
    production,
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    logLevel: level === 'debug' || level === 'warn' || level === 'error' ? level : 'info',
    notices,
    rampart: mergeOptions(
      {
        environment: production ? 'production' : 'development',
        cors: { origins: production ? [] : DEVELOPMENT_ORIGINS },
        rateLimit: { routes: WALLET_ROUTE_LIMITS },
        inspect: WALLET_INSPECTION,
      },
      fromEnv,
      secret === undefined ? undefined : { secret },
    ),
  };
}
