/**
 * Attack: cross-site request forgery. A page on another site makes the victim's browser send a state-changing
 * request that carries the victim's cookies. These tests replay the attacker's options: no token, a token from
 * the attacker's own session, an expired or tampered token, a cross-site Origin, a near-miss route to dodge an
 * exemption, and login CSRF without cookies. Each must get a 403; honest requests must pass.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { manualClock } from '../helpers/clock.js';
import { fastifyApp } from '../helpers/fastify-app.js';

interface Session {
  readonly cookie: string;
  readonly token: string;
}

async function session(app: FastifyInstance, remoteAddress = '192.0.2.1'): Promise<Session> {
  const response = await app.inject({ url: '/csrf-token', remoteAddress });
  assert.equal(response.statusCode, 200);
  const body = response.json() as { csrf_token: string; session_id: string };
  const setCookie = String(response.headers['set-cookie']);
  assert.match(
    setCookie,
    /^rampart_sid=[A-Za-z0-9_-]{43}; Path=\/; Max-Age=86400; HttpOnly; SameSite=Strict$/,
  );
  assert.equal(setCookie.split(';')[0], `rampart_sid=${body.session_id}`);
  assert.equal(response.headers['cache-control'], 'no-store');
  return { cookie: `rampart_sid=${body.session_id}`, token: body.csrf_token };
}

const post = (app: FastifyInstance, headers: Record<string, string>, url = '/transfer') =>
  app.inject({ method: 'POST', url, payload: { amount: 1 }, headers, remoteAddress: '192.0.2.1' });

describe('CSRF', () => {
  it('accepts the token of the same session, in any header-name case', async () => {
    const { app } = await fastifyApp();
    const a = await session(app);
    for (const name of ['X-CSRF-Token', 'x-csrf-token', 'X-CSRF-TOKEN']) {
      const response = await post(app, { cookie: a.cookie, [name]: a.token });
      assert.equal(response.statusCode, 200, name);
    }
  });

  it('refuses a state-changing request with cookies but no token', async () => {
    const { app, events } = await fastifyApp();
    const a = await session(app);
    const response = await post(app, { cookie: a.cookie });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), { error: 'CSRF token missing', code: 'CSRF_MISSING' });
    assert.equal(events.at(-1)?.type, 'csrf_missing');
  });

  it("refuses session A's token with session B's cookie", async () => {
    const { app, events } = await fastifyApp();
    const a = await session(app);
    const b = await session(app);
    const response = await post(app, { cookie: b.cookie, 'x-csrf-token': a.token });
    assert.equal(response.statusCode, 403);
    assert.deepEqual(response.json(), { error: 'CSRF token invalid or expired', code: 'CSRF_INVALID' });
    assert.equal(events.at(-1)?.type, 'csrf_mismatch');
    assert.ok(!JSON.stringify(events).includes(a.token), 'the token must not reach an event');
  });

  it('refuses a token after its 24 h lifetime', async () => {
    const clock = manualClock();
    const { app, events } = await fastifyApp({ now: clock.now });
    const a = await session(app);
    clock.advance(86_400_000 - 1000);
    assert.equal((await post(app, { cookie: a.cookie, 'x-csrf-token': a.token })).statusCode, 200);
    clock.advance(1000);
    const response = await post(app, { cookie: a.cookie, 'x-csrf-token': a.token });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, 'CSRF_INVALID');
    assert.deepEqual(events.at(-1)?.details, { method: 'POST', reason: 'expired' });
  });

  it('refuses tampered, truncated and foreign tokens', async () => {
    const { app } = await fastifyApp();
    const a = await session(app);
    const flipped = a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A');
    for (const token of [
      flipped,
      a.token.slice(0, -5),
      `${a.token}x`,
      'null',
      a.cookie.split('=')[1] ?? '',
    ]) {
      const response = await post(app, { cookie: a.cookie, 'x-csrf-token': token });
      assert.equal(response.statusCode, 403, token);
      assert.equal(response.json().code, 'CSRF_INVALID');
    }
  });

  it('refuses a token when the session cookie is missing from a cookie-bearing request', async () => {
    const { app } = await fastifyApp();
    const a = await session(app);
    const response = await post(app, { cookie: 'theme=dark', 'x-csrf-token': a.token });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, 'CSRF_INVALID');
  });

  it('lets requests authenticated only by a bearer token pass', async () => {
    const { app } = await fastifyApp();
    assert.equal((await post(app, { authorization: 'Bearer abc.def.ghi' })).statusCode, 200);
    // Unrelated cookies do not make a bearer request forgeable.
    assert.equal((await post(app, { authorization: 'Bearer abc', cookie: 'theme=dark' })).statusCode, 200);
  });

  it('still requires the token when a bearer request also carries the session cookie', async () => {
    const { app } = await fastifyApp();
    const a = await session(app);
    const response = await post(app, { authorization: 'Bearer abc', cookie: a.cookie });
    assert.equal(response.statusCode, 403);
    assert.equal(response.json().code, 'CSRF_MISSING');
  });

  it('refuses a cross-site Origin even with a valid token (second layer)', async () => {
    const { app, events } = await fastifyApp();
    const a = await session(app);
    for (const origin of ['https://evil.example', 'null', 'http://localhost:80.evil.example']) {
      const response = await post(app, {
        cookie: a.cookie,
        'x-csrf-token': a.token,
        origin,
        host: 'localhost:80',
      });
      assert.equal(response.statusCode, 403, origin);
      assert.equal(response.json().code, 'CSRF_INVALID');
    }
    assert.deepEqual(events.at(-1)?.details, { method: 'POST', reason: 'origin' });
    const sameOrigin = await post(app, {
      cookie: a.cookie,
      'x-csrf-token': a.token,
      origin: 'http://localhost:80',
      host: 'localhost:80',
    });
    assert.equal(sameOrigin.statusCode, 200);
  });

  it('refuses Sec-Fetch-Site: cross-site when no Origin is sent', async () => {
    const { app } = await fastifyApp();
    const a = await session(app);
    const response = await post(app, {
      cookie: a.cookie,
      'x-csrf-token': a.token,
      'sec-fetch-site': 'cross-site',
    });
    assert.equal(response.statusCode, 403);
    const sameSite = await post(app, {
      cookie: a.cookie,
      'x-csrf-token': a.token,
      'sec-fetch-site': 'same-origin',
    });
    assert.equal(sameSite.statusCode, 200);
  });

  it('stops login CSRF: a cross-site form post without cookies is refused', async () => {
    const { app } = await fastifyApp();
    const response = await post(app, { origin: 'https://evil.example' });
    assert.equal(response.statusCode, 403);
  });

  it('accepts a CORS-whitelisted origin with a valid token', async () => {
    const { app } = await fastifyApp({ cors: { origins: ['https://app.example'] } });
    const a = await session(app);
    const response = await post(app, {
      cookie: a.cookie,
      'x-csrf-token': a.token,
      origin: 'https://app.example',
    });
    assert.equal(response.statusCode, 200);
  });

  it('treats exemptions as exact route patterns, never prefixes', async () => {
    const { app } = await fastifyApp({ csrf: { exempt: ['POST /webhooks/payment'] } });
    const cookie = `rampart_sid=${'x'.repeat(43)}`;
    assert.equal((await post(app, { cookie }, '/webhooks/payment')).statusCode, 200);
    assert.equal((await post(app, { cookie }, '/webhooks/payment/extra')).statusCode, 403);
    assert.equal((await post(app, { cookie }, '/webhooks/payment-evil')).statusCode, 403);
  });

  it('reuses a valid session cookie and replaces a malformed one', async () => {
    const { app } = await fastifyApp();
    const a = await session(app);
    const again = await app.inject({ url: '/csrf-token', headers: { cookie: a.cookie } });
    assert.equal(again.headers['set-cookie'], undefined);
    assert.equal(`rampart_sid=${again.json().session_id}`, a.cookie);
    const planted = await app.inject({
      url: '/csrf-token',
      headers: { cookie: 'rampart_sid=attacker-chosen' },
    });
    assert.match(String(planted.headers['set-cookie']), /^rampart_sid=[A-Za-z0-9_-]{43};/);
    assert.notEqual(planted.json().session_id, 'attacker-chosen');
  });

  it('uses a __Host- Secure cookie over HTTPS (trusted proxy)', async () => {
    const { app } = await fastifyApp({ clientIp: { trustedProxies: ['127.0.0.1'] } });
    const response = await app.inject({
      url: '/csrf-token',
      headers: { 'x-forwarded-for': '203.0.113.1', 'x-forwarded-proto': 'https' },
    });
    assert.match(
      String(response.headers['set-cookie']),
      /^__Host-rampart_sid=[^;]+; Path=\/; Max-Age=86400; HttpOnly; Secure; SameSite=Strict$/,
    );
    assert.match(
      String(response.headers['strict-transport-security']),
      /^max-age=31536000; includeSubDomains$/,
    );
  });

  it('does not check safe methods', async () => {
    const { app } = await fastifyApp();
    const response = await app.inject({
      url: '/balance/x',
      headers: { cookie: 'rampart_sid=whatever', origin: 'https://evil.example' },
    });
    assert.equal(response.statusCode, 200);
  });
});
