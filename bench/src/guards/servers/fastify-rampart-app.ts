/** The Fastify + Rampart server both Rampart Fastify stacks run, with or without input inspection. */
import Fastify from 'fastify';
import { rampartFastify, secureServerOptions } from 'rampart/fastify';
import { BENCH_PATH, GET_REPLY, LIMITED_PATH, postReply } from '../workload.js';
import { listenFastify, startServer } from './harness.js';
import { benchRampartOptions } from './rampart-options.js';

export async function serveFastifyRampart(options: { readonly inspect: boolean }): Promise<void> {
  const app = Fastify({ logger: false, ...secureServerOptions() });
  await app.register(rampartFastify, benchRampartOptions(options));
  app.get(LIMITED_PATH, async () => GET_REPLY);
  app.get(BENCH_PATH, async () => GET_REPLY);
  app.post(BENCH_PATH, async (request) => postReply(request.body));
  await startServer(listenFastify(app));
}
