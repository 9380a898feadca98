import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import { unmatchedRouteKeys } from '../../src/adapters/fastify/unmatched-keys.js';
import { createConfig } from '../../src/config/index.js';

describe('configured route keys that match no route', () => {
  const config = createConfig({
    rateLimit: {
      routes: {
        'POST /wallet/send': { limit: 1, windowMs: 1000 },
        'POST /wallet/snd': { limit: 1, windowMs: 1000 },
        'GET /tx/:id': { limit: 1, windowMs: 1000 },
        '/balance/:address': { limit: 1, windowMs: 1000 },
      },
    },
    csrf: { exempt: ['POST /webhooks/pay'] },
  });
  const registered = new Set([
    'POST /wallet/send',
    'GET /tx/:id',
    'HEAD /tx/:id',
    'GET /balance/:address',
    'GET /health',
  ]);

  it('lists the configured keys that protect nothing, with their option, not the defaults', () => {
    assert.deepEqual(unmatchedRouteKeys(config, registered), [
      'rateLimit.routes: "POST /wallet/snd"',
      'csrf.exempt: "POST /webhooks/pay"',
    ]);
  });

  it('are reported by the Fastify plugin at startup', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(String(chunk));
        callback();
      },
    });
    const app = Fastify({ ...secureServerOptions(), logger: { level: 'warn', stream } });
    await app.register(rampartFastify, {
      events: { logger: false },
      rateLimit: {
        routes: {
          'POST /wallet/snd': { limit: 1, windowMs: 1000 },
          'POST /wallet/send': { limit: 1, windowMs: 1000 },
        },
      },
    });
    app.post('/wallet/send', async () => ({ ok: true }));
    await app.ready();
    const warning = lines
      .map((line) => JSON.parse(line) as { msg: string; unmatched?: string[] })
      .find((l) => l.unmatched);
    assert.deepEqual(warning?.unmatched, ['rateLimit.routes: "POST /wallet/snd"']);
    await app.close();
  });
});
