import express from 'express';
import Fastify from 'fastify';
import inject from 'light-my-request';
import { createRampartExpress } from '../../src/adapters/express/index.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import type { RampartOptions } from '../../src/config/index.js';
import type { Rampart } from '../../src/pipeline/index.js';

/** Exception text the failing routes throw: no response, header or event may ever carry it. */
export const BOOM_TEXT = 'password=hunter2 at /srv/db.js';

/** The routes every test app serves, on either adapter. */
export const TEST_ROUTES = ['/items/:id', '/items', '/boom', '/boom-async', '/health'] as const;

/** One test application behind one adapter, driven without sockets. */
export interface AdapterClient {
  readonly name: 'fastify' | 'express';
  readonly rampart: Rampart;
  send(options: inject.InjectOptions): Promise<inject.Response>;
}

const boomAsync = async (): Promise<never> => {
  await Promise.resolve();
  throw Object.assign(new Error(BOOM_TEXT), { statusCode: 503, code: BOOM_TEXT });
};

/**
 * Fastify, built as the README says (`secureServerOptions()` + the plugin), serving `TEST_ROUTES`:
 * `GET /items/:id` → `{id}`, `POST /items` → 201 `{created: true}`, `GET /boom` throws, `GET /boom-async` rejects with
 * a 503 whose code is secret text, `GET /health` → `{status: 'ok'}`.
 */
export async function fastifyClient(options: RampartOptions): Promise<AdapterClient> {
  const app = Fastify({ ...secureServerOptions() });
  await app.register(rampartFastify, options);
  app.get<{ Params: { id: string } }>('/items/:id', async (request) => ({ id: request.params.id }));
  app.post('/items', async (_request, reply) => reply.code(201).send({ created: true }));
  app.get('/boom', () => {
    throw new Error(BOOM_TEXT);
  });
  app.get('/boom-async', boomAsync);
  app.get('/health', async () => ({ status: 'ok' }));
  await app.ready();
  return { name: 'fastify', rampart: app.rampart, send: (o) => app.inject(o) };
}

/** Express with the same routes, mounted in the documented order (middleware, json, routes, notFound, errorHandler). */
export async function expressClient(options: RampartOptions): Promise<AdapterClient> {
  const guard = createRampartExpress({ ...options, routes: TEST_ROUTES });
  const app = express();
  app.use(guard.middleware);
  app.use(guard.json);
  app.get('/items/:id', (request, response) => {
    response.json({ id: request.params.id });
  });
  app.post('/items', (_request, response) => {
    response.status(201).json({ created: true });
  });
  app.get('/boom', () => {
    throw new Error(BOOM_TEXT);
  });
  app.get('/boom-async', boomAsync);
  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(guard.notFound);
  app.use(guard.errorHandler);
  await guard.rampart.ready();
  return {
    name: 'express',
    rampart: guard.rampart,
    send: (o) => inject(app as unknown as inject.DispatchFunc, o),
  };
}

/** Both adapters, for suites that must hold for each. */
export const ADAPTERS = [fastifyClient, expressClient] as const;
