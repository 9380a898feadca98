/**
 * Attacks on the rate limiter: varying a path parameter so each request looks like a new route, alternating
 * allowed and denied requests so a violation counter resets, and bursts of concurrent requests racing a
 * check-then-set. Each must stay limited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { manualClock } from '../helpers/clock.js';
import { fastifyApp } from '../helpers/fastify-app.js';

const ip = '198.51.100.20';

describe('rate limit keys', () => {
  it('makes /balance/A, /balance/B, ... share one route limit', async () => {
    const { app } = await fastifyApp({
      rateLimit: { routes: { 'GET /balance/:address': { limit: 3, windowMs: 60_000 } } },
    });
    const statuses: number[] = [];
    for (const address of ['A', 'B', 'C', 'D', 'E', 'XAI0000']) {
      statuses.push((await app.inject({ url: `/balance/${address}`, remoteAddress: ip })).statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
  });

  it('counts unknown paths against the global limit (404s are not free)', async () => {
    const { app } = await fastifyApp({ rateLimit: { global: { limit: 3, windowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++)
      statuses.push((await app.inject({ url: `/random-${i}`, remoteAddress: ip })).statusCode);
    assert.deepEqual(statuses, [404, 404, 404, 429, 429]);
  });

  it('never limits the exempt health routes', async () => {
    const { app } = await fastifyApp({ rateLimit: { global: { limit: 1, windowMs: 60_000 } } });
    for (let i = 0; i < 5; i++)
      assert.equal((await app.inject({ url: '/health', remoteAddress: ip })).statusCode, 200);
  });

  it('keys per-user rules by user, falling back to the IP for anonymous requests', async () => {
    const { app } = await fastifyApp({
      rateLimit: { routes: { 'POST /transfer': { limit: 2, windowMs: 60_000, key: 'user' } } },
      identify: (request) => request.headers['x-test-user'] as string | undefined,
    });
    const send = (user?: string) =>
      app.inject({
        method: 'POST',
        url: '/transfer',
        remoteAddress: ip,
        headers: { authorization: 'Bearer t', ...(user && { 'x-test-user': user }) },
      });
    assert.deepEqual(
      [(await send('alice')).statusCode, (await send('alice')).statusCode, (await send('alice')).statusCode],
      [200, 200, 429],
    );
    assert.equal((await send('bob')).statusCode, 200);
    assert.deepEqual(
      [(await send()).statusCode, (await send()).statusCode, (await send()).statusCode],
      [200, 200, 429],
    );
  });
});

describe('429 response', () => {
  it('has the seed body, Retry-After and both header families', async () => {
    const clock = manualClock();
    const { app, events } = await fastifyApp({
      now: clock.now,
      rateLimit: { global: { limit: 2, windowMs: 60_000 } },
    });
    await app.inject({ url: '/balance/x', remoteAddress: ip });
    await app.inject({ url: '/balance/x', remoteAddress: ip });
    const denied = await app.inject({ url: '/balance/x', remoteAddress: ip });
    assert.equal(denied.statusCode, 429);
    const body = denied.json();
    assert.equal(body.error, 'Rate limit exceeded. Please try again later.');
    assert.equal(body.code, 'RATE_LIMITED');
    assert.equal(String(body.retry_after), denied.headers['retry-after']);
    assert.ok(body.retry_after >= 60 && body.retry_after <= 66, String(body.retry_after));
    assert.equal(denied.headers['ratelimit-limit'], '2');
    assert.equal(denied.headers['ratelimit-remaining'], '0');
    assert.match(String(denied.headers['ratelimit-reset']), /^\d+$/);
    assert.equal(denied.headers['x-ratelimit-limit'], '2');
    assert.equal(denied.headers['x-ratelimit-remaining'], '0');
    assert.equal(denied.headers['x-frame-options'], 'DENY');
    const event = events.find((e) => e.type === 'rate_limit_exceeded');
    assert.equal(event?.severity, 'WARNING');
    assert.equal(event?.ip, ip);
    assert.equal(event?.route, '/balance/:address');
    // Waiting Retry-After is enough.
    clock.advance(Number(denied.headers['retry-after']) * 1000);
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 200);
  });

  const remainingHeaders = async (mode: 'always' | 'near-limit' | 'denied') => {
    const { app } = await fastifyApp({
      rateLimit: { global: { limit: 4, windowMs: 60_000 }, headers: mode },
    });
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const response = await app.inject({ url: '/balance/x', remoteAddress: ip });
      seen.push(response.headers['x-ratelimit-remaining'] as string | undefined);
    }
    return seen;
  };

  it("sends the headers on every allowed response with headers: 'always'", async () => {
    assert.deepEqual(await remainingHeaders('always'), ['3', '2', '1', '0']);
  });

  it("sends them once half the quota is used with headers: 'near-limit' (the default)", async () => {
    assert.deepEqual(await remainingHeaders('near-limit'), [undefined, undefined, '1', '0']);
  });

  it("sends them only on 429 with headers: 'denied'", async () => {
    assert.deepEqual(await remainingHeaders('denied'), [undefined, undefined, undefined, undefined]);
  });

  it('exposes the rate-limit headers to an allowed origin only on responses that carry them', async () => {
    const { app } = await fastifyApp({
      cors: { origins: ['https://app.example'] },
      rateLimit: { global: { limit: 2, windowMs: 60_000 } },
    });
    const headers = { origin: 'https://app.example' };
    const first = await app.inject({ url: '/balance/x', remoteAddress: ip, headers });
    assert.equal(first.headers['access-control-allow-origin'], 'https://app.example');
    assert.equal(first.headers['access-control-expose-headers'], undefined);
    await app.inject({ url: '/balance/x', remoteAddress: ip, headers });
    const denied = await app.inject({ url: '/balance/x', remoteAddress: ip, headers });
    assert.equal(denied.statusCode, 429);
    assert.equal(denied.headers['access-control-allow-origin'], 'https://app.example');
    assert.match(String(denied.headers['access-control-expose-headers']), /^Retry-After, RateLimit-Limit/);
  });
});

describe('automatic blocking', () => {
  it('blocks after the threshold of violations, even when allowed requests come in between', async () => {
    const clock = manualClock();
    const { app, events } = await fastifyApp({
      now: clock.now,
      rateLimit: { global: { limit: 1, windowMs: 10_000 } },
      ipBlock: { violationThreshold: 3, violationWindowMs: 600_000, blockDurationMs: 900_000 },
    });
    const get = async () => (await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode;
    // Each round: one allowed request, one violation. A counter that reset on success would never reach 3.
    const rounds: number[][] = [];
    for (let round = 0; round < 3; round++) {
      rounds.push([await get(), await get()]);
      clock.advance(12_000);
    }
    assert.deepEqual(rounds, [
      [200, 429],
      [200, 429],
      [200, 429],
    ]);
    const blocked = await app.inject({ url: '/balance/x', remoteAddress: ip });
    assert.equal(blocked.statusCode, 429);
    assert.equal(blocked.json().code, 'IP_BLOCKED');
    assert.ok(Number(blocked.headers['retry-after']) > 800);
    const blockEvents = events.filter((e) => e.type === 'ip_blocked');
    assert.equal(blockEvents.length, 1);
    assert.deepEqual(blockEvents[0]?.details, {
      reason: 'rate_limit_violations',
      source: 'auto',
      durationMs: 900_000,
      violations: 3,
    });
    // Another client is unaffected; the block lifts by itself.
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: '198.51.100.21' })).statusCode, 200);
    clock.advance(900_000);
    assert.equal(await get(), 200);
  });
});

describe('store failure policy', () => {
  const failingStore = (options: { get: 'fails' | 'answers' } = { get: 'answers' }) => {
    const fail = () => Promise.reject(new Error('ECONNREFUSED 127.0.0.1:6379 password=hunter2'));
    return {
      shared: true,
      consume: fail,
      increment: fail,
      setIfAbsent: fail,
      set: fail,
      get: options.get === 'fails' ? fail : () => Promise.resolve(undefined),
      getAndDelete: fail,
      delete: fail,
      close: () => Promise.resolve(),
    };
  };

  it("fails closed with 503 by default ('deny'), without leaking the error", async () => {
    const { app, events } = await fastifyApp({ store: failingStore() });
    const response = await app.inject({ url: '/balance/x', remoteAddress: ip });
    assert.equal(response.statusCode, 503);
    assert.deepEqual(response.json(), {
      error: 'Service temporarily unavailable',
      code: 'STORE_UNAVAILABLE',
    });
    assert.ok(!response.body.includes('hunter2'));
    const event = events.find((e) => e.type === 'store_error');
    assert.deepEqual(event?.details, { operation: 'rate_limit', policy: 'deny', error: 'Error' });
  });

  // A store that is down fails every call, the block list's lookup first: that rejection reached the framework's
  // error handler, a 500 without the security headers, whatever the policy said (found by a reviewer session).
  it('applies the policy, with the security headers, when the block list cannot read the store', async () => {
    for (const policy of ['deny', 'allow'] as const) {
      const { app, events } = await fastifyApp({
        store: failingStore({ get: 'fails' }),
        rateLimit: { onStoreError: policy },
      });
      const response = await app.inject({ url: '/balance/x', remoteAddress: ip });
      assert.equal(response.statusCode, policy === 'deny' ? 503 : 200, policy);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', policy);
      assert.ok(!response.body.includes('hunter2'));
      if (policy === 'deny') assert.equal(response.headers['retry-after'], '5');
      const failures = events
        .filter((e) => e.type === 'store_error')
        .map((e) => (e.details as { operation: string }).operation);
      assert.deepEqual(failures, policy === 'deny' ? ['ip_block'] : ['ip_block', 'rate_limit'], policy);
      await app.close();
    }
  });

  // Manual blocks are always enforced (README): under 'allow', a store that went down once let a blocked address
  // in (found by a reviewer session).
  it("keeps an admin block while the store is down, even with onStoreError: 'allow'", async () => {
    const { createMemoryStore } = await import('../../src/stores/memory-store.js');
    const working = createMemoryStore();
    let down = false;
    const fail = () => Promise.reject(new Error('ECONNREFUSED'));
    const flaky = {
      shared: true,
      consume: (...a: Parameters<typeof working.consume>) => (down ? fail() : working.consume(...a)),
      increment: (...a: Parameters<typeof working.increment>) => (down ? fail() : working.increment(...a)),
      setIfAbsent: (...a: Parameters<typeof working.setIfAbsent>) =>
        down ? fail() : working.setIfAbsent(...a),
      set: (...a: Parameters<typeof working.set>) => (down ? fail() : working.set(...a)),
      get: (...a: Parameters<typeof working.get>) => (down ? fail() : working.get(...a)),
      getAndDelete: (...a: Parameters<typeof working.getAndDelete>) =>
        down ? fail() : working.getAndDelete(...a),
      delete: (...a: Parameters<typeof working.delete>) => (down ? fail() : working.delete(...a)),
      close: () => working.close(),
    };
    const { app } = await fastifyApp({ store: flaky, rateLimit: { onStoreError: 'allow' } });
    await app.rampart.blocklist.block({ ip: '203.0.113.66', reason: 'abuse' });
    down = true;
    const blocked = await app.inject({ url: '/balance/x', remoteAddress: '203.0.113.66' });
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().code, 'IP_BLOCKED_BY_ADMIN');
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 200);
    await app.close();
  });

  it("lets requests through with onStoreError: 'allow', still recording the failure", async () => {
    const { app, events } = await fastifyApp({ store: failingStore(), rateLimit: { onStoreError: 'allow' } });
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 200);
    assert.ok(events.some((e) => e.type === 'store_error'));
  });
});

describe('concurrency', () => {
  it('a limit of N never admits N + 1, whatever the interleaving of concurrent requests', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.constantFrom('/balance/a', '/balance/b', '/transfer', '/nope'), {
          minLength: 1,
          maxLength: 60,
        }),
        async (limit, paths) => {
          const { app } = await fastifyApp({ rateLimit: { global: { limit, windowMs: 60_000 } } });
          const responses = await Promise.all(
            paths.map((url) =>
              app.inject({
                method: url === '/transfer' ? 'POST' : 'GET',
                url,
                remoteAddress: ip,
                headers: { authorization: 'Bearer t' },
              }),
            ),
          );
          const admitted = responses.filter((r) => r.statusCode !== 429).length;
          assert.equal(admitted, Math.min(limit, paths.length));
          await app.close();
        },
      ),
      { numRuns: 40 },
    );
  });
});
