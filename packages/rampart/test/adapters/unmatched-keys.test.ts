import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it, mock } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import inject from 'light-my-request';
import { createRampartExpress } from '../../src/adapters/express/index.js';
import { expressRoutes } from '../../src/adapters/express/routes.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import { unmatchedRouteKeys } from '../../src/adapters/shared/unmatched-keys.js';
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

  describe('reported by the Express middleware on the first request', () => {
    const rules = {
      events: { logger: false },
      rateLimit: {
        routes: {
          'POST /wallet/snd': { limit: 1, windowMs: 1000 },
          'POST /api/wallet/send': { limit: 1, windowMs: 1000 },
          'GET /balance/:address': { limit: 1, windowMs: 1000 },
        },
      },
    } as const;

    const warningsFrom = async (app: express.Express): Promise<string[]> => {
      const emitWarning = mock.method(process, 'emitWarning', () => undefined);
      try {
        for (let i = 0; i < 2; i++)
          await inject(app as unknown as inject.DispatchFunc, { url: '/balance/a' });
        return emitWarning.mock.calls.map((call) => String(call.arguments[0]));
      } finally {
        emitWarning.mock.restore();
      }
    };

    it('once, naming the keys that match no route, nested routers included', async () => {
      const guard = createRampartExpress(rules);
      const app = express();
      const api = express.Router();
      api.post('/wallet/send', (_request, response) => {
        response.json({ ok: true });
      });
      app.use(guard.middleware);
      app.use('/api/', api);
      app.get('/balance/:address', (_request, response) => {
        response.json({ ok: true });
      });
      const warnings = await warningsFrom(app);
      assert.equal(warnings.length, 1, warnings.join('\n'));
      assert.match(
        warnings[0] ?? '',
        /1 configured route key\(s\) match no route: rateLimit\.routes: "POST \/wallet\/snd"$/,
      );
    });

    it('not at all when a path cannot be read exactly (a regular expression route), rather than guess', async () => {
      const guard = createRampartExpress(rules);
      const app = express();
      app.use(guard.middleware);
      app.get(/^\/balance\/.+$/, (_request, response) => {
        response.json({ ok: true });
      });
      assert.equal(expressRoutes(app), undefined);
      assert.deepEqual(await warningsFrom(app), []);
    });

    it('reads methods, app.all() and mount paths', () => {
      const app = express();
      const router = express.Router();
      router.all('/hook', (_request, response) => {
        response.end();
      });
      router.get('/', (_request, response) => {
        response.end();
      });
      app.use('/v1', router);
      app.put('/items/:id', (_request, response) => {
        response.end();
      });
      const routes = expressRoutes(app);
      assert.ok(routes);
      for (const key of ['POST /v1/hook', 'DELETE /v1/hook', 'GET /v1', 'PUT /items/:id']) {
        assert.ok(routes.has(key), `${key} in ${[...routes].join(', ')}`);
      }
      assert.equal(routes.has('GET /items/:id'), false);
    });
  });
});
