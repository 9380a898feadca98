/**
 * Express with the usual hand-assembled middleware: helmet, express-rate-limit and cors (no CSRF: the common
 * Express recipes leave it out since csurf was deprecated).
 */
import cors from 'cors';
import express from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import {
  ALLOWED_ORIGIN,
  BENCH_PATH,
  GET_REPLY,
  LIMITED_PATH,
  postReply,
  RATE_WINDOW_MS,
  UNREACHED_RATE_LIMIT,
} from '../workload.js';
import { listenHandler, runEntry, startServer } from './harness.js';

async function main(): Promise<void> {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet());
  app.use(cors({ origin: [ALLOWED_ORIGIN], credentials: true }));
  app.use(
    rateLimit({
      windowMs: RATE_WINDOW_MS,
      limit: UNREACHED_RATE_LIMIT,
      standardHeaders: 'draft-7',
      legacyHeaders: false,
    }),
  );
  app.use(express.json());
  app.get(LIMITED_PATH, rateLimit({ windowMs: RATE_WINDOW_MS, limit: 1 }), (_request, response) => {
    response.json(GET_REPLY);
  });
  app.get(BENCH_PATH, (_request, response) => {
    response.json(GET_REPLY);
  });
  app.post(BENCH_PATH, (request, response) => {
    response.json(postReply(request.body));
  });
  await startServer(listenHandler(app));
}

runEntry(main);
