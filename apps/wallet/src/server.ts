import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { createRampart, createSecurityLogger, type Rampart } from 'rampart';
import { rampartFastify, secureServerOptions } from 'rampart/fastify';
import type { ServerSettings } from './settings.js';

export interface WalletServer {
  readonly app: FastifyInstance;
  readonly rampart: Rampart;
}

/**
 * Builds the wallet server: Fastify with every Rampart guard, and the operational routes. Later parts of the
 * wallet (accounts, wallets, ledger, admin) register their routes here.
 */
export async function buildServer(
  settings: ServerSettings,
  overrides: { logger?: false } = {},
): Promise<WalletServer> {
  const logger = overrides.logger === false ? false : createSecurityLogger({ level: settings.logLevel });
  const rampart = createRampart({ ...settings.rampart, events: { ...settings.rampart.events, logger } });
  const app = Fastify({
    // Request logging is off: URLs can carry tokens (WebSocket `?token=`); security events are logged instead.
    logger: logger === false ? false : { level: settings.logLevel },
    logController: new LogController({ disableRequestLogging: true }),
    // Node's parser refuses larger header blocks before Rampart sees them; Rampart's own limit is 8 KiB.
    routerOptions: { maxParamLength: 200 },
    // Router errors and parser-level refusals go through Rampart too (headers, IP block, no path echo).
    ...secureServerOptions(),
    ...(settings.tls !== undefined && {
      https: { cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile) },
    }),
  });
  await app.register(rampartFastify, { rampart });

  app.get('/health', () => ({ status: 'ok' }));
  app.get('/healthz', () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const checks: Record<string, 'ok' | 'failing'> = {};
    try {
      await rampart.store.get('readyz');
      checks.store = 'ok';
    } catch {
      checks.store = 'failing';
    }
    const ready = Object.values(checks).every((check) => check === 'ok');
    reply.code(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not_ready', checks };
  });

  app.addHook('onClose', () => rampart.close());
  return { app, rampart };
}
