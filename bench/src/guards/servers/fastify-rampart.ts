/** Fastify with the Rampart plugin: headers, CORS, IP-block check, rate limit, CSRF on `POST`, events. */
import { serveFastifyRampart } from './fastify-rampart-app.js';
import { runEntry } from './harness.js';

runEntry(() => serveFastifyRampart({ inspect: false }));
