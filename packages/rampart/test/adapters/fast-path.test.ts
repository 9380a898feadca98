import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { createFastPath } from '../../src/adapters/fastify/fast-path.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';

const PAIRS = [
  [
    ['x-frame-options', 'DENY'],
    ['vary', 'Origin'],
  ],
  [['access-control-allow-origin', 'https://app.example']],
] as const;

describe('Fastify fast path', () => {
  it("finds the installed Fastify's route context and header object, and agrees with the public API", async () => {
    const app = Fastify({ ...secureServerOptions() });
    await app.register(rampartFastify, { events: { logger: false } });
    const seen: { active: boolean; route: string | undefined; expected: string | undefined }[] = [];
    app.addHook('onRequest', (request, reply, done) => {
      const fastPath = createFastPath();
      const route = fastPath.route(request);
      fastPath.setHeaders(reply, PAIRS);
      seen.push({ active: fastPath.active, route, expected: request.routeOptions.url });
      done();
    });
    app.get('/balance/:address', () => ({ ok: true }));
    await app.ready();

    const matched = await app.inject({ url: '/balance/abc' });
    const missing = await app.inject({ url: '/nowhere' });
    for (const response of [matched, missing]) {
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.equal(response.headers['access-control-allow-origin'], 'https://app.example');
    }
    // A Fastify release that renames its symbols turns this red, rather than silently slowing every request.
    assert.deepEqual(seen, [
      { active: true, route: '/balance/:address', expected: '/balance/:address' },
      { active: true, route: undefined, expected: undefined },
    ]);
    await app.close();
  });

  it('gives each reply its own headers, and keeps headers an earlier hook set', async () => {
    const app = Fastify({ ...secureServerOptions() });
    app.addHook('onRequest', (request, reply, done) => {
      if (request.url === '/early') reply.header('x-early', 'kept');
      done();
    });
    await app.register(rampartFastify, {
      events: { logger: false },
      cors: { origins: ['https://app.example'] },
    });
    app.get('/mutate', (_request, reply) => {
      reply.header('x-route', 'only here');
      reply.removeHeader('x-frame-options');
      return { ok: true };
    });
    app.get('/plain', () => ({ ok: true }));
    app.get('/early', () => ({ ok: true }));
    await app.ready();

    const origin = { origin: 'https://app.example' };
    for (let i = 0; i < 3; i++) {
      const mutated = await app.inject({ url: '/mutate', headers: origin });
      assert.equal(mutated.headers['x-route'], 'only here');
      assert.equal(mutated.headers['x-frame-options'], undefined);
      // The next reply gets the same set, untouched by what the handler before did to its copy.
      const plain = await app.inject({ url: '/plain', headers: origin });
      assert.equal(plain.headers['x-route'], undefined);
      assert.equal(plain.headers['x-frame-options'], 'DENY');
      assert.equal(plain.headers['access-control-allow-origin'], 'https://app.example');
      const other = await app.inject({ url: '/plain' });
      assert.equal(other.headers['x-frame-options'], 'DENY');
      assert.equal(other.headers['access-control-allow-origin'], undefined);
    }
    const early = await app.inject({ url: '/early', headers: origin });
    assert.equal(early.headers['x-early'], 'kept');
    assert.equal(early.headers['x-frame-options'], 'DENY');
    assert.equal(early.headers['access-control-allow-origin'], 'https://app.example');
    await app.close();
  });

  it('falls back to the public API when the symbols are not there', () => {
    const set: [string, string][] = [];
    const request = { routeOptions: { url: '/tx/:id' } } as unknown as FastifyRequest;
    const reply = {
      header(name: string, value: string) {
        set.push([name, value]);
        return reply;
      },
    } as unknown as FastifyReply;
    const fastPath = createFastPath();
    assert.equal(fastPath.route(request), '/tx/:id');
    fastPath.setHeaders(reply, PAIRS);
    assert.equal(fastPath.active, false);
    assert.deepEqual(set, [
      ['x-frame-options', 'DENY'],
      ['vary', 'Origin'],
      ['access-control-allow-origin', 'https://app.example'],
    ]);
  });
});
