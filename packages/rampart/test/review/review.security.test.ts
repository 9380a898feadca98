/**
 * Security review: attacks replayed against Rampart as an outsider would send them. Each test asserts the SECURE
 * behaviour, so a test that fails is a weakness that still exists; the passing ones document attacks that are
 * stopped.
 *
 * Attacks tried:
 * - Route-key confusion through the Express adapter, over a real socket (light-my-request rewrites the targets):
 *   absolute-form targets (`POST http://host/wallet/send`), a fragment (`/wallet/send#x`, `/wallet\send#`), Express 5
 *   wildcard patterns (`/files/*splat`), and an exempt pattern reached through a percent-escape (`/h%65alth`) that
 *   Express routes to another handler. Case, trailing-slash, escape and query variants, and the same targets
 *   through Fastify, are checked as stopped.
 * - HEAD for GET: both frameworks run the GET handler for HEAD, and a `GET /pattern` rule does not count it.
 * - An `identify` hook that throws on a malformed token (as JWT libraries do): the request skips the IP block, the
 *   rate limiter and the security headers, and answers 500.
 * - X-Forwarded-For from a trusted proxy that writes `ip:port` (`1.2.3.4:5678`, `[2001:db8::1]:443`): every client
 *   is keyed as the proxy, so one client's violations block everyone behind it.
 * - Manual IP blocks: an IPv6 address, or a /64 in its canonical spelling, never matches; a block made through
 *   one instance is not enforced by another instance that shares the durable block store.
 * - Violation counting over a fixed window: violations just either side of the window edge never block.
 * - Production configuration: `trustedProxies: ['0.0.0.0/0', '::/0']` (anyone can forge X-Forwarded-For) and
 *   periodic, obviously non-random secrets are accepted.
 * - DoS: the cookie reader is quadratic in the number of `;`; the Host regex, the JSON scanner and a long
 *   X-Forwarded-For are checked as linear.
 * - CSRF (Basic auth, lower-case and empty bearer with a session cookie, `Origin: null`, other ports,
 *   `Sec-Fetch-Site: cross-site`) and CORS (near-miss origins, preflights) are checked as stopped.
 */
import assert from 'node:assert/strict';
import { createServer, type RequestListener, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { describe, it } from 'node:test';
import express, { type Request } from 'express';
import Fastify, { type FastifyInstance } from 'fastify';
import inject from 'light-my-request';
import { createRampartExpress, type RampartExpressOptions } from '../../src/adapters/express/index.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import { createClientIpResolver } from '../../src/client-ip/index.js';
import { createConfig } from '../../src/config/index.js';
import { readCookie } from '../../src/lib/cookies.js';
import type { RequestView } from '../../src/lib/request.js';
import { parseJsonBody } from '../../src/limits/json.js';
import { createRampart } from '../../src/pipeline/index.js';
import { createMemoryBlockStore } from '../../src/stores/memory-block-store.js';
import { createMemoryStore } from '../../src/stores/memory-store.js';
import { createTrustedHosts } from '../../src/trusted-hosts/index.js';
import { manualClock } from '../helpers/clock.js';
import { fastifyApp } from '../helpers/fastify-app.js';
import { fastest } from '../helpers/timing.js';

const SECRET = 'review-test-secret-7f3c9a1e5b2d8046c1e9f7a3b5d2c8e0';
const STRONG_SECRET = 'c9e1a7f35b0d28461f9e3c7a5b1d0e8236f4a9c2e7b5d1083f6a2c9e4b7d1f05';
const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Raw HTTP: the only way to send absolute-form targets and fragments exactly as an attacker would.

interface RawReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

async function listen(listener: RequestListener): Promise<Server> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function raw(server: Server, method: string, target: string, extra = ''): Promise<RawReply> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => {
      const split = data.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = data.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: data.slice(split + 4) });
    });
    socket.write(
      `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n${extra}Connection: close\r\n\r\n`,
    );
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

// ---------------------------------------------------------------------------------------------------------------
// An Express wallet-like app guarded by Rampart.

interface ExpressApp {
  readonly app: express.Express;
  readonly guard: ReturnType<typeof createRampartExpress>;
  /** Handler runs, by handler name. */
  readonly hits: Record<string, number>;
}

function expressApp(options: RampartExpressOptions = {}): ExpressApp {
  const guard = createRampartExpress({
    secret: SECRET,
    routes: ['/wallet/send', '/transaction/:id', '/files/*splat', '/health', '/:slug'],
    ...options,
    events: { logger: false },
  });
  const hits: Record<string, number> = {};
  const hit = (name: string): void => {
    hits[name] = (hits[name] ?? 0) + 1;
  };
  const app = express();
  app.use(guard.middleware);
  app.use(guard.json);
  app.post('/wallet/send', (_req, res) => {
    hit('send');
    res.json({ sent: true });
  });
  app.get('/transaction/:id', (req, res) => {
    hit('transaction');
    res.json({ id: req.params.id });
  });
  app.get('/files/*splat', (_req, res) => {
    hit('files');
    res.json({ ok: true });
  });
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/:slug', (req, res) => {
    hit('slug');
    res.json({ slug: req.params.slug });
  });
  app.use(guard.notFound);
  app.use(guard.errorHandler);
  return { app, guard, hits };
}

const dispatch = (app: express.Express): inject.DispatchFunc => app as unknown as inject.DispatchFunc;

const SEND_RULE = { 'POST /wallet/send': { limit: 2, windowMs: MINUTE } };

describe('Express adapter: requests that reach a limited route under another key', () => {
  it('counts an absolute-form target (POST http://host/wallet/send) against the route rule', async () => {
    const { app, hits } = expressApp({ rateLimit: { routes: SEND_RULE } });
    const server = await listen(app);
    try {
      const replies: RawReply[] = [];
      for (let i = 0; i < 4; i++) replies.push(await raw(server, 'POST', 'http://127.0.0.1/wallet/send'));
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 200, 429, 429],
        `Express routed every absolute-form request to POST /wallet/send (${hits.send} handler runs) ` +
          'while Rampart matched no route and applied only the global rule',
      );
    } finally {
      await close(server);
    }
  });

  it('counts a target with a fragment (/wallet/send#x, /wallet\\send#) against the route rule', async () => {
    const { app, hits } = expressApp({ rateLimit: { routes: SEND_RULE } });
    const server = await listen(app);
    try {
      const replies: RawReply[] = [];
      for (const target of ['/wallet/send#a', '/wallet/send#b', '/wallet/send#c', '/wallet\\send#']) {
        replies.push(await raw(server, 'POST', target));
      }
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 200, 429, 429],
        `parseurl strips the fragment (and turns \\ into /) so Express ran the handler ${hits.send} times`,
      );
    } finally {
      await close(server);
    }
  });

  it('stopped: case, trailing slash, unreserved escapes and a query string share the route key', async () => {
    const { app } = expressApp({ rateLimit: { routes: SEND_RULE } });
    const statuses: number[] = [];
    for (const url of ['/Wallet/Send/', '/wallet/%73end', '/wallet/send?x=1', '/WALLET/SEND?']) {
      statuses.push(
        (await inject(dispatch(app), { method: 'POST', url, remoteAddress: '198.51.100.2' })).statusCode,
      );
    }
    // `/wallet/%73end` is a 404 for Express but still counts: what matters is that nothing gets a fresh key.
    assert.deepEqual(statuses, [200, 404, 429, 429]);
  });

  it('applies a rule written for an Express 5 wildcard route (GET /files/*splat)', async () => {
    const { app, hits } = expressApp({
      rateLimit: { routes: { 'GET /files/*splat': { limit: 1, windowMs: MINUTE } } },
    });
    const first = await inject(dispatch(app), { url: '/files/a.txt', remoteAddress: '198.51.100.3' });
    const second = await inject(dispatch(app), { url: '/files/b.txt', remoteAddress: '198.51.100.3' });
    assert.equal(first.statusCode, 200);
    assert.equal(
      second.statusCode,
      429,
      `the matcher reads "*splat" as a literal segment, so the rule never applies (${hits.files} handler runs)`,
    );
  });

  // Found by a reviewer session: with `/wallet/:action` listed too, `/wallet/SEND` matched it as written, while
  // Express, ignoring case, ran the `/wallet/send` handler: neither its limit nor its block rule applied.
  it('applies a route rule to a spelling in another case when a parameter route sits beside it', async () => {
    const guard = createRampartExpress({
      secret: SECRET,
      routes: ['/wallet/send', '/wallet/:action'],
      rateLimit: { routes: SEND_RULE },
      inspect: { routes: { 'POST /wallet/send': { mode: 'block' } } },
      events: { logger: false },
    });
    const app = express();
    app.use(guard.middleware);
    app.use(guard.json);
    let sent = 0;
    app.post('/wallet/send', (_req, res) => {
      sent++;
      res.json({ sent: true });
    });
    app.post('/wallet/:action', (_req, res) => {
      res.json({ action: true });
    });
    const post = (url: string, memo: string) =>
      inject(dispatch(app), {
        method: 'POST',
        url,
        remoteAddress: '198.51.100.9',
        headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
        payload: JSON.stringify({ memo }),
      });
    assert.equal((await post('/wallet/SEND', "x' OR 1=1 --")).statusCode, 400);
    const statuses: number[] = [];
    for (const url of ['/wallet/send', '/wallet/SEND', '/wallet/Send'])
      statuses.push((await post(url, 'rent')).statusCode);
    assert.deepEqual(statuses, [200, 429, 429], `the send handler ran ${sent} times`);
    // The parameter route keeps its own key.
    assert.equal((await post('/wallet/receive', 'rent')).statusCode, 200);
  });

  // With `case sensitive routing`, Express runs `/wallet/:action` for `/wallet/SEND`: the request is counted there,
  // not under `/wallet/send`'s rule (a reviewer session found the send route's quota spent by another handler).
  it('counts a spelling in another case under the route an app that routes by case runs', async () => {
    const guard = createRampartExpress({
      secret: SECRET,
      routes: ['/wallet/send', '/wallet/:action'],
      rateLimit: { routes: SEND_RULE },
      events: { logger: false },
    });
    const app = express();
    app.set('case sensitive routing', true);
    app.use(guard.middleware);
    const handled: string[] = [];
    app.post('/wallet/send', (_req, res) => {
      handled.push('send');
      res.json({ sent: true });
    });
    app.post('/wallet/:action', (_req, res) => {
      handled.push('action');
      res.json({ action: true });
    });
    const post = (url: string) =>
      inject(dispatch(app), {
        method: 'POST',
        url,
        remoteAddress: '198.51.100.10',
        headers: { authorization: 'Bearer t' },
      });
    const statuses: number[] = [];
    for (const url of ['/wallet/SEND', '/wallet/SEND', '/wallet/send', '/wallet/send', '/wallet/send']) {
      statuses.push((await post(url)).statusCode);
    }
    assert.deepEqual(statuses, [200, 200, 200, 200, 429], handled.join(','));
    assert.deepEqual(handled, ['action', 'action', 'send', 'send']);
  });

  it('does not stretch an exemption to another handler: /h%65alth reaches /:slug and must be counted', async () => {
    const { app, hits } = expressApp({ rateLimit: { global: { limit: 3, windowMs: MINUTE } } });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await inject(dispatch(app), { url: '/h%65alth', remoteAddress: '198.51.100.4' })).statusCode,
      );
    }
    assert.deepEqual(
      statuses,
      [200, 200, 200, 429, 429],
      `Rampart decoded the path to the exempt /health, Express ran the /:slug handler ${hits.slug} times, never limited`,
    );
  });

  it('counts HEAD against a GET rule (Express runs the GET handler for HEAD)', async () => {
    const { app, hits } = expressApp({
      rateLimit: { routes: { 'GET /transaction/:id': { limit: 1, windowMs: MINUTE } } },
    });
    const get = await inject(dispatch(app), { url: '/transaction/a', remoteAddress: '198.51.100.5' });
    const head = await inject(dispatch(app), {
      method: 'HEAD',
      url: '/transaction/b',
      remoteAddress: '198.51.100.5',
    });
    assert.equal(get.statusCode, 200);
    assert.equal(head.statusCode, 429, `HEAD ran the handler (${hits.transaction} runs) beyond the GET rule`);
  });

  it('still blocks, limits and sets headers when identify() rejects on a malformed token', async () => {
    const { app, guard } = expressApp({
      identify: async (request: Request) => {
        if (request.headers.authorization !== undefined) throw new Error('JWSInvalid: malformed token');
        return undefined;
      },
    });
    await guard.rampart.ready();
    await guard.rampart.blocklist.block({ ip: '203.0.113.50', reason: 'abuse' });
    const response = await inject(dispatch(app), {
      url: '/transaction/1',
      headers: { authorization: 'Bearer not-a-jwt' },
      remoteAddress: '203.0.113.50',
    });
    assert.equal(response.headers['x-content-type-options'], 'nosniff', 'security headers on the error');
    assert.equal(response.statusCode, 403, 'an admin-blocked address must not get past the block');
  });
});

describe('Fastify adapter', () => {
  async function fastifyWithCounter(): Promise<{ app: FastifyInstance; hits: { n: number } }> {
    const hits = { n: 0 };
    const app = Fastify({ ...secureServerOptions() });
    await app.register(rampartFastify, {
      secret: SECRET,
      events: { logger: false },
      rateLimit: {
        routes: { ...SEND_RULE, 'GET /transaction/:id': { limit: 1, windowMs: MINUTE } },
      },
    });
    app.post('/wallet/send', () => ({ sent: true }));
    app.get('/transaction/:id', (request) => {
      hits.n++;
      return { id: (request.params as { id: string }).id };
    });
    return { app, hits };
  }

  it('stopped: absolute-form and fragment targets are keyed by the route the router chose', async () => {
    const { app } = await fastifyWithCounter();
    await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const statuses: number[] = [];
      for (const target of [
        'http://127.0.0.1/wallet/send',
        '/wallet/send#x',
        '/wallet\\send#',
        'http://x/wallet/send#y',
      ]) {
        statuses.push((await raw(app.server, 'POST', target)).status);
      }
      // The last two never reach the handler: 404 and 400 from the router, counted by the global rule.
      assert.deepEqual(statuses, [200, 200, 404, 400]);
      assert.equal((await raw(app.server, 'POST', '/wallet/send')).status, 429);
    } finally {
      await app.close();
    }
  });

  it('counts HEAD against a GET rule (Fastify runs the GET handler for HEAD)', async () => {
    const { app, hits } = await fastifyWithCounter();
    const get = await app.inject({ url: '/transaction/a', remoteAddress: '198.51.100.6' });
    const head = await app.inject({ method: 'HEAD', url: '/transaction/b', remoteAddress: '198.51.100.6' });
    assert.equal(get.statusCode, 200);
    assert.equal(head.statusCode, 429, `HEAD ran the handler (${hits.n} runs) beyond the GET rule`);
  });

  it('still blocks, limits and sets headers when identify() throws on a malformed token', async () => {
    const { app } = await fastifyApp({
      identify: (request) => {
        if (request.headers.authorization !== undefined) throw new Error('JWSInvalid: malformed token');
        return undefined;
      },
    });
    await app.rampart.blocklist.block({ ip: '203.0.113.51', reason: 'abuse' });
    const response = await app.inject({
      url: '/balance/x',
      headers: { authorization: 'Bearer not-a-jwt' },
      remoteAddress: '203.0.113.51',
    });
    assert.equal(response.headers['x-content-type-options'], 'nosniff', 'security headers on the error');
    assert.equal(response.statusCode, 403, 'an admin-blocked address must not get past the block');
  });

  it('stopped: 404 to HEAD and 500 carry the headers, and the 500 no exception text', async () => {
    const { app } = await fastifyApp();
    const head = await app.inject({ method: 'HEAD', url: '/nope', remoteAddress: '198.51.100.7' });
    assert.equal(head.statusCode, 404);
    assert.equal(head.headers['x-frame-options'], 'DENY');
    const boom = await app.inject({ url: '/boom', remoteAddress: '198.51.100.7' });
    assert.equal(boom.statusCode, 500);
    assert.equal(boom.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(boom.body, /boom/);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('client IP behind a trusted proxy', () => {
  const PROXY = '10.0.0.1';

  it('does not key a client as the proxy when the proxy writes ip:port', () => {
    const resolver = createClientIpResolver({ trustedProxies: [PROXY] });
    const keyOf = (forwardedFor: string): string =>
      resolver.resolve({ socketIp: PROXY, socketEncrypted: false, forwardedFor, forwardedProto: undefined })
        .key;
    assert.notEqual(keyOf('198.51.100.7:51234'), PROXY, 'IPv4 with a port');
    assert.notEqual(keyOf('[2001:db8::7]:443'), PROXY, 'bracketed IPv6 with a port');
  });

  it("so one client's violations cannot block every other client of that proxy", async () => {
    const { app } = await fastifyApp({
      clientIp: { trustedProxies: [PROXY] },
      rateLimit: { global: { limit: 2, windowMs: MINUTE } },
      ipBlock: { violationThreshold: 2 },
    });
    const from = (forwarded: string) =>
      app.inject({ url: '/balance/x', remoteAddress: PROXY, headers: { 'x-forwarded-for': forwarded } });
    for (let i = 0; i < 4; i++) await from('198.51.100.66:40000');
    const victim = await from('203.0.113.7:51000');
    assert.equal(victim.statusCode, 200, `victim got ${victim.statusCode} ${victim.body}`);
  });

  it('stopped: entries prepended by the client, repeated headers and junk do not move the key', () => {
    const resolver = createClientIpResolver({ trustedProxies: [PROXY, '10.0.1.0/24'] });
    const resolve = (socketIp: string, forwardedFor: string | string[]) =>
      resolver.resolve({ socketIp, socketEncrypted: false, forwardedFor, forwardedProto: 'https' });
    assert.equal(resolve('198.51.100.9', '1.2.3.4').key, '198.51.100.9', 'untrusted peer: header ignored');
    assert.equal(resolve('198.51.100.9', '1.2.3.4').secure, false, 'untrusted peer: proto ignored');
    assert.equal(resolve(PROXY, '6.6.6.6, 10.0.1.5, 198.51.100.10, 10.0.1.7').key, '198.51.100.10');
    assert.equal(resolve(PROXY, ['6.6.6.6', '198.51.100.11']).key, '198.51.100.11');
    assert.equal(resolve(PROXY, `${'garbage,'.repeat(800)}198.51.100.12`).key, '198.51.100.12');
    assert.equal(resolve(PROXY, '::ffff:198.51.100.13').key, '198.51.100.13');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('IP blocks', () => {
  it('an admin block of an IPv6 address blocks that address', async () => {
    const { app } = await fastifyApp();
    await app.rampart.blocklist.block({ ip: '2001:db8:5::bad', reason: 'abuse' });
    const response = await app.inject({ url: '/balance/x', remoteAddress: '2001:db8:5::bad' });
    assert.equal(response.statusCode, 403, 'the block record is stored but never matches the /64 key');
  });

  it('an admin block of a /64 in canonical spelling (2001:db8:6::/64) blocks it', async () => {
    const { app } = await fastifyApp();
    await app.rampart.blocklist.block({ ip: '2001:db8:6::/64', reason: 'abuse' });
    const response = await app.inject({ url: '/balance/x', remoteAddress: '2001:db8:6::1' });
    assert.equal(response.statusCode, 403, 'only the non-canonical "2001:db8:6:0::/64" would match');
  });

  it('a block made on one instance is enforced by another sharing the deployment (shared fast store + block store)', async () => {
    // Several instances share state through a shared fast store (Redis) and the durable block store; the memory
    // store stands in for Redis here (one object seen by both instances, marked shared).
    const blockStore = createMemoryBlockStore();
    const store = { ...createMemoryStore(), shared: true };
    const a = createRampart({ secret: SECRET, events: { logger: false }, blockStore, store });
    const b = createRampart({ secret: SECRET, events: { logger: false }, blockStore, store });
    await Promise.all([a.ready(), b.ready()]);
    await a.blocklist.block({ ip: '203.0.113.60', reason: 'credential stuffing' });
    const view: RequestView = {
      method: 'GET',
      url: '/balance/x',
      route: '/balance/:address',
      headers: { host: 'wallet.example' },
      rawHeaders: ['Host', 'wallet.example'],
      socketIp: '203.0.113.60',
      socketEncrypted: false,
    };
    assert.equal((await a.run(view)).denial?.status, 403);
    assert.equal((await b.run(view)).denial?.status, 403, 'instance B still serves the blocked address');
    await b.blocklist.unblock('203.0.113.60');
    assert.equal((await a.run(view)).denial, undefined, 'lifted on B, lifted everywhere');
  });

  it('production refuses several instances whose manual blocks would stay per process', () => {
    assert.throws(
      () =>
        createRampart({
          environment: 'production',
          secret: STRONG_SECRET,
          cors: { origins: ['https://wallet.example'] },
          instances: 2,
          store: { ...createMemoryStore(), shared: true },
          events: { logger: false },
        }),
      /blockStore: 2 instances declared but manual IP blocks are kept per process/,
    );
  });

  it('counts violations over a rolling window: a burst across the window edge still blocks', async () => {
    const clock = manualClock();
    const { app } = await fastifyApp({
      now: clock.now,
      rateLimit: { global: { limit: 1, windowMs: 1_000 } },
      ipBlock: { violationThreshold: 3, violationWindowMs: 600_000 },
    });
    const get = async () => (await app.inject({ url: '/balance/x', remoteAddress: '198.51.100.20' })).json();
    await get();
    await get(); // violation 1 at t0
    clock.advance(599_000);
    await get();
    await get(); // violation 2 at t0 + 599 s
    clock.advance(2_000);
    await get();
    await get(); // violation 3 at t0 + 601 s
    await get(); // violation 4: three within the last 600 s
    const after = (await get()) as { code?: string };
    assert.equal(after.code, 'IP_BLOCKED', 'the fixed window restarted at t0 + 600 s and forgot violation 2');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('CSRF: attacks that are stopped', () => {
  async function session(app: FastifyInstance): Promise<{ cookie: string; token: string }> {
    const response = await app.inject({ url: '/csrf-token', remoteAddress: '192.0.2.30' });
    const body = response.json() as { csrf_token: string; session_id: string };
    return { cookie: `rampart_sid=${body.session_id}`, token: body.csrf_token };
  }
  const post = (app: FastifyInstance, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/transfer', payload: { a: 1 }, headers, remoteAddress: '192.0.2.30' });

  it('Basic auth, lower-case bearer and an empty bearer do not excuse a session cookie from the token', async () => {
    const { app } = await fastifyApp();
    const { cookie } = await session(app);
    for (const authorization of ['Basic dXNlcjpwYXNz', 'bearer abc', 'Bearer ', 'Bearer']) {
      const response = await post(app, { cookie, authorization });
      assert.equal(response.statusCode, 403, authorization);
      assert.equal(response.json().code, 'CSRF_MISSING', authorization);
    }
  });

  it('refuses Origin null, another port, a look-alike host and Sec-Fetch-Site cross-site, even with a token', async () => {
    const { app } = await fastifyApp();
    const { cookie, token } = await session(app);
    const base = { cookie, 'x-csrf-token': token };
    const attempts: Record<string, string>[] = [
      { origin: 'null' },
      { origin: 'http://localhost:8080' },
      { origin: 'http://localhost:80.evil.example' },
      { origin: 'http://evil.localhost:80' },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const extra of attempts) {
      assert.equal((await post(app, { ...base, ...extra })).statusCode, 403, JSON.stringify(extra));
    }
    assert.equal((await post(app, { ...base, origin: 'http://localhost:80' })).statusCode, 200);
  });

  it("refuses a cookie planted twice (attacker's first) with the victim's token", async () => {
    const { app } = await fastifyApp();
    const victim = await session(app);
    const attacker = await session(app);
    const response = await post(app, {
      cookie: `${attacker.cookie}; ${victim.cookie}`,
      'x-csrf-token': victim.token,
    });
    assert.equal(response.statusCode, 403);
  });
});

describe('CORS: near-miss origins are never reflected', () => {
  it('neither an actual request nor a preflight from a look-alike origin gets Access-Control-Allow-Origin', async () => {
    const { app } = await fastifyApp({ cors: { origins: ['https://wallet.example'] } });
    for (const origin of [
      'https://wallet.example.evil.test',
      'https://evilwallet.example',
      'https://wallet.example:8443',
      'http://wallet.example',
      'https://wallet.example/',
      'null',
      ' https://wallet.example',
    ]) {
      const actual = await app.inject({
        url: '/balance/x',
        headers: { origin },
        remoteAddress: '192.0.2.40',
      });
      assert.equal(actual.headers['access-control-allow-origin'], undefined, origin);
      const preflight = await app.inject({
        method: 'OPTIONS',
        url: '/transfer',
        headers: { origin, 'access-control-request-method': 'POST' },
        remoteAddress: '192.0.2.40',
      });
      assert.equal(preflight.statusCode, 403, origin);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined, origin);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('production configuration', () => {
  it('refuses trusting every address as a proxy (anyone could forge X-Forwarded-For)', () => {
    for (const range of ['0.0.0.0/0', '::/0']) {
      assert.throws(
        () =>
          createConfig({
            environment: 'production',
            secret: STRONG_SECRET,
            clientIp: { trustedProxies: [range] },
          }),
        /trustedProxies/,
        range,
      );
    }
  });

  it('refuses periodic, obviously non-random secrets', () => {
    for (const secret of [
      '0123456789abcdef'.repeat(4),
      'f3a9c0e1b2d4'.repeat(6),
      'c2f1b0e3a9d87465'.repeat(4),
      'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
    ]) {
      assert.throws(() => createConfig({ environment: 'production', secret }), /secret/i, secret);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('denial of service', () => {
  it('reads a cookie in linear time, whatever the Cookie header holds (read on every state-changing request)', () => {
    const shapes: Record<string, (n: number) => string> = {
      separators: (n) => `${';'.repeat(n)}a=b`,
      'the name, not starting a pair': (n) => 'xrampart_sid='.repeat(n / 13),
      'the name, not followed by "="': (n) => ';rampart_sid;'.repeat(n / 13),
      'partial names': (n) => 'rampart_si'.repeat(n / 10),
      'blanks around the name': (n) => `;${' '.repeat(n / 2)}rampart_sid${' '.repeat(n / 2)}x`,
    };
    // Repeated reads, so that even the shapes a native search skips through take a measurable time.
    const reads = (header: string) => () => {
      for (let i = 0; i < 50; i++) readCookie(header, 'rampart_sid');
    };
    for (const [shape, header] of Object.entries(shapes)) {
      const small = reads(header(32_000));
      const large = reads(header(256_000));
      large();
      // The two sizes take turns, so that a burst of load on the machine (the suite runs two files at once) lands
      // on both alike rather than on every run of one.
      let smallMs = Number.POSITIVE_INFINITY;
      let largeMs = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 11; round++) {
        smallMs = Math.min(smallMs, fastest(small, 1));
        largeMs = Math.min(largeMs, fastest(large, 1));
      }
      const ratio = largeMs / smallMs;
      // 8x the input: about 8x the time if linear, 64x if quadratic. The wide gap keeps a busy machine (cache
      // misses on the larger header) from failing a linear reader: 4x the input once measured 9x under load.
      assert.ok(ratio < 24, `${shape}: 8x the input took ${ratio.toFixed(1)}x the time`);
    }
  });

  it('stopped: the Host regex, the JSON scanner and a long X-Forwarded-For are linear', () => {
    const hosts = createTrustedHosts(['wallet.example', '*.wallet.example']);
    const hostileHosts = [
      'a'.repeat(261),
      `${`${'a'.repeat(61)}.`.repeat(4)}!`,
      `${'a-'.repeat(130)}!`,
      `[${':'.repeat(259)}`,
    ];
    assert.ok(
      fastest(() => {
        for (const host of hostileHosts) hosts.check({ host });
      }) < 20,
    );

    const limits = { maxJsonDepth: 32, maxJsonKeys: 10_000, maxJsonStringLength: 1024 * 1024 };
    const escapes = `"${'\\\\'.repeat(2_000_000)}"`;
    const manyKeys = `{${'"\\u0061":1,'.repeat(9_999)}"a":1}`;
    assert.ok(fastest(() => parseJsonBody(escapes, limits), 3) < 500);
    assert.ok(fastest(() => parseJsonBody(manyKeys, limits), 3) < 500);

    const resolver = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
    const longChain = Array.from({ length: 500 }, (_, i) => `10.0.${i % 250}.${(i % 250) + 1}`).join(',');
    assert.ok(
      fastest(() =>
        resolver.resolve({
          socketIp: '10.0.0.1',
          socketEncrypted: false,
          forwardedFor: longChain,
          forwardedProto: undefined,
        }),
      ) < 50,
    );
  });
});
