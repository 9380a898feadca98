/** The Rampart configuration both Rampart stacks run with, so Fastify and Express are measured alike. */
import { randomBytes } from 'node:crypto';
import { ALLOWED_ORIGIN, LIMITED_PATH, RATE_WINDOW_MS, UNREACHED_RATE_LIMIT } from '../workload.js';

/**
 * Every request guard on: security headers, CORS for the benchmark origin, the IP-block check, a global rate limit
 * that is never reached, CSRF on state-changing routes, and the event bus (with no log sink, so the figures measure
 * the guards rather than stdout). A fresh key per process: tokens never outlive the server that issued them.
 */
export function benchRampartOptions(options: { readonly inspect?: boolean } = {}) {
  return {
    secret: randomBytes(32).toString('hex'),
    environment: 'production',
    rateLimit: {
      global: { limit: UNREACHED_RATE_LIMIT, windowMs: RATE_WINDOW_MS },
      routes: { [`GET ${LIMITED_PATH}`]: { limit: 1, windowMs: RATE_WINDOW_MS } },
    },
    cors: { origins: [ALLOWED_ORIGIN] },
    // Input inspection (on by default, in monitor mode) has a stack of its own, so its cost shows apart.
    inspect: { mode: options.inspect === true ? 'monitor' : 'off' },
    events: { logger: false },
  } as const;
}
