/**
 * Attack: an attacker sets `X-Forwarded-For` to dodge per-IP limits (a new fake address on every request) or to
 * frame a victim (send violations "from" the victim's address until the victim is blocked). Rampart reads the
 * header only from configured trusted proxies, from the right, so neither works.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fastifyApp } from '../helpers/fastify-app.js';

const attacker = '198.51.100.7';
const victim = '203.0.113.50';

describe('spoofed X-Forwarded-For', () => {
  it('does not let an untrusted client dodge the limit by rotating the header', async () => {
    const { app } = await fastifyApp({ rateLimit: { global: { limit: 5, windowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const response = await app.inject({
        url: '/balance/x',
        remoteAddress: attacker,
        headers: { 'x-forwarded-for': `10.9.${i}.${i}` },
      });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
  });

  it('does not let an attacker get a victim blocked by claiming the victim address', async () => {
    const { app, events } = await fastifyApp({
      rateLimit: { global: { limit: 2, windowMs: 60_000 } },
      ipBlock: { violationThreshold: 3 },
    });
    for (let i = 0; i < 10; i++) {
      await app.inject({
        url: '/balance/x',
        remoteAddress: attacker,
        headers: { 'x-forwarded-for': victim },
      });
    }
    const blocked = events.filter((event) => event.type === 'ip_blocked').map((event) => event.ip);
    assert.deepEqual(blocked, [attacker]);
    const fromVictim = await app.inject({ url: '/balance/x', remoteAddress: victim });
    assert.equal(fromVictim.statusCode, 200);
    const fromAttacker = await app.inject({ url: '/balance/x', remoteAddress: attacker });
    assert.equal(fromAttacker.statusCode, 429);
    assert.equal(fromAttacker.json().code, 'IP_BLOCKED');
  });

  it('behind a trusted proxy, keys the client the proxy saw, not what the client prepended', async () => {
    const { app } = await fastifyApp({
      clientIp: { trustedProxies: ['10.0.0.0/8'] },
      rateLimit: { global: { limit: 3, windowMs: 60_000 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await app.inject({
        url: '/balance/x',
        remoteAddress: '10.0.0.2',
        headers: { 'x-forwarded-for': `172.16.${i}.1, ${attacker}` },
      });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    // Another client behind the same proxy has its own limit.
    const other = await app.inject({
      url: '/balance/x',
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': victim },
    });
    assert.equal(other.statusCode, 200);
  });

  it('groups IPv6 addresses by /64 so rotating the interface id does not reset the limit', async () => {
    const { app } = await fastifyApp({ rateLimit: { global: { limit: 3, windowMs: 60_000 } } });
    const statuses: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const response = await app.inject({
        url: '/balance/x',
        remoteAddress: `2001:db8:7:7::${i.toString(16)}`,
      });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const neighbour = await app.inject({ url: '/balance/x', remoteAddress: '2001:db8:7:8::1' });
    assert.equal(neighbour.statusCode, 200);
  });
});
