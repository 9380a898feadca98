/** Fastify with the Rampart plugin as `fastify-rampart`, plus input inspection in its default mode (monitor). */
import { serveFastifyRampart } from './fastify-rampart-app.js';
import { runEntry } from './harness.js';

runEntry(() => serveFastifyRampart({ inspect: true }));
