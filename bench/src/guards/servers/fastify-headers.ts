/**
 * Fastify plus the response headers the Fastify + Rampart stack sends, set by one hook and nothing else: no client
 * IP, no limits, no CORS or CSRF decision. It measures the floor every implementation of the specification pays
 * (about 500 bytes of headers on every response), so that the cost of Rampart's guard logic shows apart from it.
 * The headers are Rampart's own, taken once from a Rampart instance, so the two stacks send the same bytes.
 */
import Fastify, { type FastifyReply } from 'fastify';
import { createRampart } from 'rampart';
import { ALLOWED_ORIGIN, BENCH_PATH, GET_REPLY, postReply } from '../workload.js';
import { listenFastify, runEntry, startServer } from './harness.js';
import { benchRampartOptions } from './rampart-options.js';

/** The headers Rampart sets on an allowed cross-origin request to the benchmark route. */
function rampartHeaders(): Record<string, string> {
  const outcome = createRampart(benchRampartOptions()).run({
    method: 'GET',
    url: BENCH_PATH,
    route: BENCH_PATH,
    headers: { host: '127.0.0.1', origin: ALLOWED_ORIGIN },
    rawHeaders: ['Host', '127.0.0.1', 'Origin', ALLOWED_ORIGIN],
    socketIp: '127.0.0.1',
    socketEncrypted: false,
    userId: undefined,
  });
  if (outcome instanceof Promise) throw new Error('the memory store answers synchronously');
  return Object.fromEntries(outcome.headers.flat());
}

async function main(): Promise<void> {
  const headers = rampartHeaders();
  const app = Fastify({ logger: false });
  // Written into Fastify's header object the way Rampart's adapter does, so neither stack pays reply.header().
  let headersKey: symbol | undefined;
  const headerObject = (reply: FastifyReply): Record<string, string> => {
    headersKey ??= Object.getOwnPropertySymbols(reply).find((s) => s.description === 'fastify.reply.headers');
    if (headersKey === undefined) throw new Error('Fastify reply headers not found');
    return (reply as unknown as Record<symbol, Record<string, string>>)[headersKey] as Record<string, string>;
  };
  app.addHook('onRequest', (_request, reply, done) => {
    Object.assign(headerObject(reply), headers);
    done();
  });
  app.get(BENCH_PATH, async () => GET_REPLY);
  app.post(BENCH_PATH, async (request) => postReply(request.body));
  await startServer(listenFastify(app));
}

runEntry(main);
