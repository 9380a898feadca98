import Fastify, { type FastifyInstance } from 'fastify';
import {
  type RampartFastifyOptions,
  rampartFastify,
  secureServerOptions,
} from '../../src/adapters/fastify/index.js';
import type { SecurityEvent } from '../../src/events/index.js';

export interface TestApp {
  readonly app: FastifyInstance;
  /** Every security event emitted, in order. */
  readonly events: SecurityEvent[];
}

/**
 * A Fastify app guarded by Rampart with quiet logs and a few routes: `GET /balance/:address`, `POST /transfer`,
 * `POST /webhooks/payment`, `GET /health`, `GET /boom` (throws).
 */
export async function fastifyApp(options: RampartFastifyOptions = {}): Promise<TestApp> {
  const app = Fastify({ ...secureServerOptions() });
  await app.register(rampartFastify, { ...options, events: { logger: false, ...options.events } });
  const events: SecurityEvent[] = [];
  app.rampart.events.subscribe((event) => events.push(event));
  app.get('/balance/:address', (request) => ({ address: (request.params as { address: string }).address }));
  app.post('/transfer', (request) => ({ ok: true, body: request.body ?? null }));
  app.post('/webhooks/payment', () => ({ ok: true }));
  app.post('/webhooks/payment/extra', () => ({ ok: true }));
  app.post('/webhooks/payment-evil', () => ({ ok: true }));
  app.get('/health', () => ({ status: 'ok' }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  await app.ready();
  return { app, events };
}
