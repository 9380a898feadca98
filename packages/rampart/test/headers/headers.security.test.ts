/*
 * Two attacks on responses. First, error responses that drop the security headers: a 404, 413, 429 or 500 page
 * without CSP, nosniff and X-Frame-Options can be framed (clickjacking), sniffed as HTML (reflected XSS through
 * an error body) or cached; so every response, whatever produced it, must carry the full set. Second, information
 * disclosure through 5xx: an exception message can hold secrets, SQL or file paths, and must never reach the client
 * in the body, the status line or a header.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type inject from 'light-my-request';
import type { RampartOptions } from '../../src/config/index.js';
import type { SecurityEvent } from '../../src/events/catalogue.js';
import { ADAPTERS, fastifyClient } from '../helpers/adapters.js';
import { chunkedBody, SPEC_SECURITY_HEADERS as SECURITY_HEADERS } from '../helpers/spec.js';

const HSTS = 'max-age=31536000; includeSubDomains';

const BASE: RampartOptions = {
  secret: 'headers-security-test-secret-0123456789abcdef',
  events: { logger: false },
  rateLimit: { global: { limit: 3, windowMs: 60_000 } },
  now: () => 1_700_000_000_000,
};

const adapterName = (make: (typeof ADAPTERS)[number]): string =>
  make === fastifyClient ? 'fastify' : 'express';

interface Case {
  readonly name: string;
  readonly status: number;
  readonly code?: string;
  /** Requests sent first (to exhaust a limit); their answers are not checked here. */
  readonly before?: readonly inject.InjectOptions[];
  readonly request: inject.InjectOptions;
  /** Send a chunked body of this many bytes instead of `request.payload`. */
  readonly stream?: number;
}

const json = { 'content-type': 'application/json' };
const CASES: readonly Case[] = [
  { name: '200', status: 200, request: { method: 'GET', url: '/items/1' } },
  { name: '201 POST', status: 201, request: { method: 'POST', url: '/items', headers: json, payload: '{}' } },
  { name: '404 unknown route', status: 404, code: 'NOT_FOUND', request: { method: 'GET', url: '/nope' } },
  {
    name: '413 declared body',
    status: 413,
    code: 'BODY_TOO_LARGE',
    request: {
      method: 'POST',
      url: '/items',
      headers: { ...json, 'content-length': String(10 * 1024 * 1024 + 1) },
      payload: '{}',
    },
  },
  {
    name: '413 streamed body (framework body limit)',
    status: 413,
    code: 'BODY_TOO_LARGE',
    // No Content-Length: only the body reader, counting bytes as they arrive, can refuse it.
    request: { method: 'POST', url: '/items', headers: { ...json, 'transfer-encoding': 'chunked' } },
    stream: 10 * 1024 * 1024 + 1,
  },
  {
    name: '414',
    status: 414,
    code: 'URL_TOO_LONG',
    request: { method: 'GET', url: `/items/1?q=${'a'.repeat(2100)}` },
  },
  {
    name: '431',
    status: 431,
    code: 'HEADERS_TOO_LARGE',
    request: { method: 'GET', url: '/items/1', headers: { 'x-pad': 'a'.repeat(9000) } },
  },
  {
    name: '400 JSON too deep',
    status: 400,
    code: 'JSON_TOO_DEEP',
    request: { method: 'POST', url: '/items', headers: json, payload: '['.repeat(100) + ']'.repeat(100) },
  },
  {
    name: '400 invalid JSON',
    status: 400,
    code: 'INVALID_JSON',
    request: { method: 'POST', url: '/items', headers: json, payload: '{' },
  },
  {
    name: '403 CSRF missing',
    status: 403,
    code: 'CSRF_MISSING',
    request: { method: 'POST', url: '/items', headers: { ...json, cookie: 'a=b' }, payload: '{}' },
  },
  {
    name: '403 CORS preflight denied',
    status: 403,
    code: 'CORS_ORIGIN_DENIED',
    request: {
      method: 'OPTIONS',
      url: '/items',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    },
  },
  {
    name: '429',
    status: 429,
    code: 'RATE_LIMITED',
    before: [1, 2, 3].map(() => ({ method: 'GET', url: '/items/1' }) as const),
    request: { method: 'GET', url: '/items/1' },
  },
  { name: '500 thrown', status: 500, code: 'INTERNAL_ERROR', request: { method: 'GET', url: '/boom' } },
  {
    name: '500 rejected, error claiming 503',
    status: 500,
    code: 'INTERNAL_ERROR',
    request: { method: 'GET', url: '/boom-async' },
  },
];

function assertSecurityHeaders(res: inject.Response, label: string, hsts: boolean): void {
  for (const [name, value] of SECURITY_HEADERS) assert.equal(res.headers[name], value, `${label}: ${name}`);
  assert.equal(res.headers['strict-transport-security'], hsts ? HSTS : undefined, `${label}: HSTS`);
}

for (const make of ADAPTERS) {
  describe(`security headers on every response (${adapterName(make)})`, () => {
    for (const [transport, extra, hsts] of [
      ['HTTP', {}, false],
      ['HTTPS behind a trusted proxy', { clientIp: { trustedProxies: ['127.0.0.1'] } }, true],
    ] as const) {
      for (const c of CASES) {
        it(`${c.name} over ${transport}`, async () => {
          const client = await make({ ...BASE, ...extra });
          const proto = hsts ? { 'x-forwarded-proto': 'https' } : {};
          for (const request of c.before ?? []) {
            await client.send({ ...request, headers: { ...request.headers, ...proto } });
          }
          const res = await client.send({
            ...c.request,
            headers: { ...c.request.headers, ...proto },
            ...(c.stream !== undefined && { payload: chunkedBody(c.stream) }),
          });
          const label = `${client.name} ${c.name} ${transport}`;
          assert.equal(res.statusCode, c.status, `${label}: status (${res.body.slice(0, 200)})`);
          if (c.code !== undefined)
            assert.equal((res.json() as { code?: unknown }).code, c.code, `${label}: code`);
          assertSecurityHeaders(res, label, hsts);
        });
      }
    }

    it('keeps the security headers on a URL the framework router itself refuses (over-long route parameter)', async () => {
      const client = await make(BASE);
      const res = await client.send({ method: 'GET', url: `/items/${'9'.repeat(150)}` });
      assertSecurityHeaders(
        res,
        `${client.name} long parameter (status ${res.statusCode}, ${res.body.slice(0, 120)})`,
        false,
      );
      if (res.statusCode >= 400) {
        assert.ok(!res.body.includes('9'.repeat(150)), 'the error body does not echo the request path');
      }
    });

    it('keeps the security headers on a malformed percent-encoding the framework router refuses', async () => {
      const client = await make(BASE);
      const res = await client.send({ method: 'GET', url: '/items/%E0%A4%A' });
      assert.equal(res.statusCode, 400);
      assertSecurityHeaders(res, `${client.name} bad escape (${res.body.slice(0, 120)})`, false);
    });
  });

  describe(`5xx responses carry no exception text (${adapterName(make)})`, () => {
    for (const url of ['/boom', '/boom-async']) {
      it(`GET ${url}: exact generic body, clean status line and headers`, async () => {
        const client = await make(BASE);
        const events: SecurityEvent[] = [];
        client.rampart.events.subscribe((event) => events.push(event));
        const res = await client.send({ method: 'GET', url });
        assert.equal(res.statusCode, 500);
        assert.equal(res.body, '{"error":"Internal server error","code":"INTERNAL_ERROR"}');
        assert.equal(res.statusMessage, 'Internal Server Error');
        assert.match(String(res.headers['content-type']), /^application\/json/);
        for (const needle of ['hunter2', 'password', '/srv/db.js', 'Error:', ' at ']) {
          assert.ok(!res.statusMessage.includes(needle), `status text carries ${needle}`);
          for (const [name, value] of Object.entries(res.headers)) {
            assert.ok(!String(value).includes(needle), `header ${name} carries ${needle}: ${String(value)}`);
          }
        }
        const internal = events.filter((event) => event.type === 'internal_error');
        assert.equal(internal.length, 1, 'one internal_error event');
        assert.ok(!JSON.stringify(internal).includes('hunter2'), 'the event carries no exception text');
        assert.deepEqual(internal[0]?.details, { status: 500 });
      });
    }
  });
}
