/** Fastify with the Rampart plugin as `fastify-rampart`, plus input inspection in its default mode (monitor). */
import Fastify from 'fastify';
import { rampartFastify, secureServerOptions } from 'rampart/fastify';
import { BENCH_PATH, GET_REPLY, LIMITED_PATH, postReply } from '../workload.js';
import { runEntry, startServer } from './harness.js';
import { benchRampartOptions } from './rampart-options.js';

async function main(): Promise<void> {
  const app = Fastify({ logger: false, ...secureServerOptions() });
  await app.register(rampartFastify, benchRampartOptions({ inspect: true }));
  app.get(LIMITED_PATH, async () => GET_REPLY);
  app.get(BENCH_PATH, async () => GET_REPLY);
  app.post(BENCH_PATH, async (request) => postReply(request.body));
  await startServer(async (address) => {
    await app.listen(address);
    return app.server;
  });
}

runEntry(main);
