/*
 * Cross-origin data theft: a page on an attacker's origin calls the API with the victim's cookies
 * (`credentials: 'include'`) and reads the answer. The browser lets it read only when the response names that
 * origin in Access-Control-Allow-Origin (and `*` never works with credentials, so a server that sends it is
 * broken or tempted to reflect). Any origin that is not exactly on the whitelist, including near misses an
 * attacker can register (`https://wallet.example.evil.com`, `https://evilwallet.example`), another scheme or
 * port, or the opaque `null` of sandboxed frames and file: pages, must never be named, in a preflight or an
 * actual response. Rejections are reported (cors_rejected), but same-origin requests, which carry Origin on
 * POST, are not rejections and must not flood the log.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import fc from 'fast-check';
import type inject from 'light-my-request';
import type { RampartOptions } from '../../src/config/index.js';
import type { SecurityEvent } from '../../src/events/catalogue.js';
import { type AdapterClient, expressClient, fastifyClient } from '../helpers/adapters.js';

const WHITELIST = ['https://wallet.example', 'https://admin.wallet.example:8443'];
const ON_LIST = new Set(WHITELIST);
const OPTIONS: RampartOptions = {
  secret: 'cors-security-test-secret-0123456789abcdef',
  events: { logger: false },
  cors: { origins: WHITELIST },
  // Thousands of requests from one address: the limiter is not under test here.
  rateLimit: { enabled: false },
};

const corsHeaderNames = (res: inject.Response): string[] =>
  Object.keys(res.headers).filter((name) => name.startsWith('access-control-'));

const preflight = (
  origin: string,
  method = 'POST',
  requested = 'Content-Type, X-CSRF-Token',
): inject.InjectOptions => ({
  method: 'OPTIONS',
  url: '/items',
  headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': requested },
});

for (const make of [fastifyClient, expressClient]) {
  describe(`CORS through ${make === fastifyClient ? 'fastify' : 'express'}`, () => {
    let client: AdapterClient;
    const events: SecurityEvent[] = [];
    before(async () => {
      client = await make(OPTIONS);
      client.rampart.events.subscribe((event) => events.push(event));
    });

    it('reflects an allowed origin with credentials and Vary: Origin on actual requests', async () => {
      for (const origin of WHITELIST) {
        const res = await client.send({ method: 'GET', url: '/items/1', headers: { origin } });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['access-control-allow-origin'], origin);
        assert.equal(res.headers['access-control-allow-credentials'], 'true');
        assert.match(String(res.headers.vary), /\bOrigin\b/);
      }
    });

    it('answers an allowed preflight with 204, methods, headers and max-age', async () => {
      const res = await client.send(preflight('https://wallet.example', 'DELETE'));
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');
      assert.equal(res.headers['access-control-allow-origin'], 'https://wallet.example');
      assert.equal(res.headers['access-control-allow-credentials'], 'true');
      assert.equal(res.headers['access-control-allow-methods'], 'GET, POST, PUT, DELETE, OPTIONS');
      assert.equal(res.headers['access-control-allow-headers'], 'Content-Type, Authorization, X-CSRF-Token');
      assert.equal(res.headers['access-control-max-age'], '3600');
      assert.match(String(res.headers.vary), /\bOrigin\b/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    });

    it('refuses a disallowed preflight with 403 CORS_ORIGIN_DENIED, no CORS headers, and a cors_rejected event', async () => {
      for (const origin of [
        'https://evil.example',
        'https://wallet.example.evil.com',
        'null',
        'http://wallet.example',
      ]) {
        events.length = 0;
        const res = await client.send(preflight(origin));
        assert.equal(res.statusCode, 403, origin);
        assert.deepEqual(res.json(), { error: 'Origin not allowed', code: 'CORS_ORIGIN_DENIED' });
        assert.deepEqual(corsHeaderNames(res), [], origin);
        const rejected = events.filter((event) => event.type === 'cors_rejected');
        assert.equal(rejected.length, 1, origin);
        assert.deepEqual(rejected[0]?.details, { origin, preflight: true });
        assert.equal(rejected[0]?.severity, 'WARNING');
        assert.equal(rejected[0]?.ip, '127.0.0.1');
      }
    });

    it('refuses a preflight from an allowed origin for a method or header not on the list', async () => {
      for (const [method, requested] of [
        ['PATCH', 'Content-Type'],
        ['POST', 'X-Evil'],
      ] as const) {
        const res = await client.send(preflight('https://wallet.example', method, requested));
        assert.equal(res.statusCode, 403, `${method} ${requested}`);
        assert.equal(res.json().code, 'CORS_ORIGIN_DENIED');
        assert.equal(res.headers['access-control-allow-origin'], undefined);
      }
    });

    it('reports a rejected origin on an actual request and names no origin in the answer', async () => {
      events.length = 0;
      const res = await client.send({
        method: 'GET',
        url: '/items/1',
        headers: { origin: 'https://evil.example' },
      });
      assert.equal(res.statusCode, 200, 'the server answers; the browser withholds it from the page');
      assert.deepEqual(corsHeaderNames(res), []);
      assert.deepEqual(
        events.filter((event) => event.type === 'cors_rejected').map((event) => event.details),
        [{ origin: 'https://evil.example', preflight: false }],
      );
    });

    it('does not report a same-origin POST as a rejection', async () => {
      events.length = 0;
      for (const [host, origin] of [
        ['api.wallet.example', 'http://api.wallet.example'],
        ['api.wallet.example:8080', 'http://api.wallet.example:8080'],
        ['API.Wallet.Example', 'http://api.wallet.example'],
      ] as const) {
        const res = await client.send({
          method: 'POST',
          url: '/items',
          headers: { host, origin, 'content-type': 'application/json' },
          payload: '{}',
        });
        assert.equal(res.statusCode, 201, `${origin}: ${res.body}`);
        assert.deepEqual(corsHeaderNames(res), []);
      }
      assert.deepEqual(
        events.filter((event) => event.type === 'cors_rejected'),
        [],
        'no cors_rejected for same-origin requests',
      );
    });
  });
}

describe('CORS property: no origin off the whitelist is ever named (fastify)', () => {
  let app: AdapterClient;
  const events: SecurityEvent[] = [];
  before(async () => {
    app = await fastifyClient(OPTIONS);
    app.rampart.events.subscribe((event) => events.push(event));
  });

  const printable = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));
  const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
  const base = fc.constantFrom(...WHITELIST);
  const randomCase = (text: string) =>
    fc
      .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
      .map((flips) => [...text].map((ch, i) => (flips[i] ? ch.toUpperCase() : ch)).join(''));
  const originArb = fc.oneof(
    // Other scheme, port, subdomain, suffix, prefix, trailing characters.
    base.map((o) => o.replace('https://', 'http://')),
    base.map((o) => o.replace('https://', 'wss://')),
    fc
      .tuple(base, fc.integer({ min: 1, max: 65535 }))
      .map(([o, port]) => `${o.replace(/:\d+$/, '')}:${port}`),
    fc.tuple(label, base).map(([sub, o]) => o.replace('https://', `https://${sub}.`)),
    fc.tuple(base, label).map(([o, suffix]) => `${o}.${suffix}.com`),
    base.map((o) => `${o.replace(/:\d+$/, '')}.evil.com`),
    fc.tuple(label, base).map(([prefix, o]) => o.replace('https://', `https://${prefix}`)),
    fc
      .tuple(base, fc.constantFrom('/', '/x', '.', ' ', '#', '?', '%00', '\t', ',https://evil.example'))
      .map(([o, tail]) => o + tail),
    base.map((o) => ` ${o}`),
    base.map((o) => `https://evil.example, ${o}`),
    base.map((o) => o.replace('https://', 'https://user@')),
    // Case changes of disallowed origins.
    fc
      .constantFrom('https://evil.example', 'https://wallet.example.evil.com', 'http://wallet.example')
      .chain(randomCase),
    fc.constantFrom(
      'null',
      'NULL',
      '*',
      '',
      'file://',
      'https://',
      'https://wallet',
      'wallet.example',
      'https://wallet.exampl',
    ),
    fc.string({ unit: printable, minLength: 1, maxLength: 60 }),
    fc
      .tuple(fc.constantFrom('http', 'https'), label, fc.constantFrom('example', 'com', 'evil'))
      .map(([scheme, name, tld]) => `${scheme}://${name}.${tld}`),
  );

  it('neither a preflight nor an actual request from such an origin gets Access-Control-Allow-Origin', async () => {
    await fc.assert(
      fc.asyncProperty(originArb, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), async (origin, method) => {
        // Scheme and host are case-insensitive; a browser always sends them lower-case.
        fc.pre(!ON_LIST.has(origin.toLowerCase()));
        events.length = 0;
        const pre = await app.send(preflight(origin, method));
        assert.equal(pre.statusCode, 403, `preflight from ${JSON.stringify(origin)}`);
        assert.equal(
          pre.headers['access-control-allow-origin'],
          undefined,
          `preflight ACAO for ${JSON.stringify(origin)}`,
        );
        assert.equal(pre.headers['access-control-allow-credentials'], undefined);
        const actual = await app.send({ method: 'GET', url: '/items/1', headers: { origin } });
        assert.equal(actual.statusCode, 200);
        for (const res of [pre, actual]) {
          for (const name of corsHeaderNames(res)) assert.notEqual(res.headers[name], '*');
          assert.equal(
            res.headers['access-control-allow-origin'],
            undefined,
            `ACAO for ${JSON.stringify(origin)}`,
          );
        }
        const rejected = events
          .filter((event) => event.type === 'cors_rejected')
          .map((event) => event.details);
        const own = origin.toLowerCase() === 'http://localhost:80';
        assert.deepEqual(
          rejected,
          own
            ? [{ origin: origin.slice(0, 200), preflight: true }]
            : [
                { origin: origin.slice(0, 200), preflight: true },
                { origin: origin.slice(0, 200), preflight: false },
              ],
        );
      }),
      { numRuns: 400 },
    );
  });

  it('an allowed origin, in any letter case, is answered with the whitelisted spelling only', async () => {
    await fc.assert(
      fc.asyncProperty(base.chain(randomCase), async (origin) => {
        const res = await app.send({ method: 'GET', url: '/items/1', headers: { origin } });
        assert.equal(res.headers['access-control-allow-origin'], origin.toLowerCase());
        assert.ok(ON_LIST.has(String(res.headers['access-control-allow-origin'])));
      }),
      { numRuns: 50 },
    );
  });
});
