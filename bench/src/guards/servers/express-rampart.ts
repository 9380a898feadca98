/** Express with Rampart's middleware: headers, CORS, IP-block check, rate limit, CSRF on `POST`, events. */
import express from 'express';
import { createRampartExpress } from 'rampart/express';
import { BENCH_PATH, GET_REPLY, LIMITED_PATH, postReply } from '../workload.js';
import { listenHandler, runEntry, startServer } from './harness.js';
import { benchRampartOptions } from './rampart-options.js';

async function main(): Promise<void> {
  const guard = createRampartExpress(benchRampartOptions());
  const app = express();
  app.disable('x-powered-by');
  app.use(guard.middleware);
  app.use(guard.json);
  app.get(LIMITED_PATH, (_request, response) => {
    response.json(GET_REPLY);
  });
  app.get(BENCH_PATH, (_request, response) => {
    response.json(GET_REPLY);
  });
  app.post(BENCH_PATH, (request, response) => {
    response.json(postReply(request.body));
  });
  app.use(guard.notFound);
  app.use(guard.errorHandler);
  await startServer(listenHandler(app));
}

runEntry(main);
