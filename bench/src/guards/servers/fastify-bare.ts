/** Bare Fastify: the reference every other stack's ratios are taken against. No security middleware at all. */
import Fastify from 'fastify';
import { BENCH_PATH, GET_REPLY, postReply } from '../workload.js';
import { listenFastify, runEntry, startServer } from './harness.js';

async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get(BENCH_PATH, async () => GET_REPLY);
  app.post(BENCH_PATH, async (request) => postReply(request.body));
  await startServer(listenFastify(app));
}

runEntry(main);
