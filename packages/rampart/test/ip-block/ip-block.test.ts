import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMemoryBlockStore } from '../../src/index.js';
import { manualClock } from '../helpers/clock.js';
import { fastifyApp } from '../helpers/fastify-app.js';

const ip = '198.51.100.30';

describe('manual IP blocks', () => {
  it('answer 403 before any other work, and lift on unblock', async () => {
    const { app, events } = await fastifyApp();
    await app.rampart.blocklist.block({ ip, reason: 'credential stuffing', actor: 'admin-1' });
    const response = await app.inject({ url: '/balance/x', remoteAddress: ip });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), {
      error: 'Access from this address has been blocked.',
      code: 'IP_BLOCKED_BY_ADMIN',
    });
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(
      (await app.inject({ url: '/health', remoteAddress: ip })).statusCode,
      403,
      'even exempt routes',
    );
    assert.deepEqual(events.at(-1)?.details, {
      reason: 'credential stuffing',
      source: 'admin',
      durationMs: null,
    });
    assert.equal(events.at(-1)?.userId, 'admin-1');
    assert.equal(await app.rampart.blocklist.unblock(ip, 'admin-1'), true);
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 200);
    assert.equal(events.at(-1)?.type, 'ip_unblocked');
  });

  it('answer before any other work: an oversized request from a blocked address still gets 403', async () => {
    const { app, events } = await fastifyApp();
    await app.rampart.blocklist.block({ ip, reason: 'abuse' });
    const before = events.length;
    const response = await app.inject({ url: `/balance/${'x'.repeat(3000)}`, remoteAddress: ip });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, 'IP_BLOCKED_BY_ADMIN');
    assert.equal(events.length, before, 'a blocked address cannot make us log its oversized requests');
  });

  it('expire at their deadline', async () => {
    const clock = manualClock();
    const { app } = await fastifyApp({ now: clock.now });
    await app.rampart.blocklist.block({ ip, reason: 'cool-off', durationMs: 60_000 });
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 403);
    clock.advance(60_000);
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 200);
    assert.deepEqual(await app.rampart.blocklist.list(), []);
  });

  it('are durable: a new instance on the same block store still blocks', async () => {
    const blockStore = createMemoryBlockStore();
    const first = await fastifyApp({ blockStore });
    await first.app.rampart.blocklist.block({ ip, reason: 'abuse' });
    await first.app.close();
    const second = await fastifyApp({ blockStore });
    assert.equal((await second.app.inject({ url: '/balance/x', remoteAddress: ip })).statusCode, 403);
    const listed = await second.app.rampart.blocklist.list();
    assert.deepEqual(
      listed.map((b) => [b.ip, b.reason, b.expiresAt]),
      [[ip, 'abuse', null]],
    );
  });

  it('block a whole IPv6 /64 by its key', async () => {
    const { app } = await fastifyApp();
    await app.rampart.blocklist.block({ ip: '2001:db8:9:9::/64', reason: 'abuse' });
    assert.equal(
      (await app.inject({ url: '/balance/x', remoteAddress: '2001:db8:9:9::abcd' })).statusCode,
      403,
    );
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: '2001:db8:9:a::1' })).statusCode, 200);
  });

  it('can lift an automatic block early', async () => {
    const { app } = await fastifyApp({
      rateLimit: { global: { limit: 1, windowMs: 60_000 } },
      ipBlock: { violationThreshold: 1 },
    });
    await app.inject({ url: '/balance/x', remoteAddress: ip });
    await app.inject({ url: '/balance/x', remoteAddress: ip });
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).json().code, 'IP_BLOCKED');
    assert.equal(await app.rampart.blocklist.unblock(ip), true);
    assert.equal((await app.inject({ url: '/balance/x', remoteAddress: ip })).json().code, 'RATE_LIMITED');
  });
});
