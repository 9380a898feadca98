/** Bare Express with its JSON body parser: the reference for the Express stacks. */
import express from 'express';
import { BENCH_PATH, GET_REPLY, postReply } from '../workload.js';
import { listenHandler, runEntry, startServer } from './harness.js';

async function main(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json());
  app.get(BENCH_PATH, (_request, response) => {
    response.json(GET_REPLY);
  });
  app.post(BENCH_PATH, (request, response) => {
    response.json(postReply(request.body));
  });
  await startServer(listenHandler(app));
}

runEntry(main);
