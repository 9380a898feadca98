/**
 * Fastify with the official plugins a team would assemble by hand for what Rampart does: @fastify/helmet,
 * @fastify/rate-limit, @fastify/cors, and @fastify/cookie + @fastify/csrf-protection on the `POST` route.
 */
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import csrf from '@fastify/csrf-protection';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import {
  ALLOWED_ORIGIN,
  BENCH_PATH,
  GET_REPLY,
  LIMITED_PATH,
  postReply,
  RATE_WINDOW_MS,
  UNREACHED_RATE_LIMIT,
} from '../workload.js';
import { listenFastify, runEntry, startServer } from './harness.js';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  await app.register(helmet);
  await app.register(cors, { origin: [ALLOWED_ORIGIN], credentials: true });
  await app.register(rateLimit, { max: UNREACHED_RATE_LIMIT, timeWindow: RATE_WINDOW_MS });
  await app.register(cookie);
  await app.register(csrf, { cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true } });

  app.get('/csrf', async (_request, reply) => ({ csrf_token: reply.generateCsrf() }));
  app.get(
    LIMITED_PATH,
    { config: { rateLimit: { max: 1, timeWindow: RATE_WINDOW_MS } } },
    async () => GET_REPLY,
  );
  app.get(BENCH_PATH, async () => GET_REPLY);
  app.post(BENCH_PATH, { onRequest: app.csrfProtection }, async (request) => postReply(request.body));
  await startServer(listenFastify(app));
}

runEntry(main);
