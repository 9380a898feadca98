import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type inject from 'light-my-request';
import type { RampartOptions } from '../../src/config/index.js';
import type { Rampart } from '../../src/pipeline/index.js';
import { expressClient, fastifyClient } from '../helpers/adapters.js';
import { chunkedBody } from '../helpers/spec.js';

/*
 * One table of scenarios, run through the Fastify plugin and the Express middleware built from identical options
 * and identical routes. Each scenario lists the status and code it expects for every request; on top of that, the
 * two adapters must agree with each other on status, code and which key headers are present.
 */

const T0 = 1_700_000_000_000;
const WINDOW_MS = 60_000;
const GLOBAL_LIMIT = 10;
const ROUTE_LIMIT = 3;
const ALLOWED_ORIGIN = 'https://wallet.example';
const PROXY = '10.0.0.1';
const BLOCKED = '203.0.113.9';

const KEY_HEADERS = [
  'x-content-type-options',
  'x-frame-options',
  'content-security-policy',
  'strict-transport-security',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'retry-after',
  'ratelimit-limit',
  'x-ratelimit-remaining',
  'set-cookie',
  'cache-control',
  // Fastify sends none; Express announces itself unless told not to.
  'x-powered-by',
] as const;

interface Clock {
  now(): number;
  advance(ms: number): void;
}

const manualClock = (): Clock => {
  let t = T0;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
};

const optionsFor = (clock: Clock): RampartOptions => ({
  secret: 'conformance-test-secret-0123456789abcdefghij',
  events: { logger: false },
  now: clock.now,
  rateLimit: {
    // Both adapters must send the same header families; 'always' makes them visible on every allowed response.
    headers: 'always',
    global: { limit: GLOBAL_LIMIT, windowMs: WINDOW_MS },
    routes: { 'GET /items/:id': { limit: ROUTE_LIMIT, windowMs: WINDOW_MS } },
  },
  cors: { origins: [ALLOWED_ORIGIN] },
  clientIp: { trustedProxies: [PROXY] },
});

interface Step {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly payload?: string | Buffer;
  /** Send this many bytes chunked, without Content-Length. */
  readonly streamBytes?: number;
  readonly remoteAddress?: string;
}

interface Reply {
  readonly status: number;
  readonly code: string | undefined;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
}

interface Harness {
  readonly adapter: string;
  readonly rampart: Rampart;
  readonly clock: Clock;
  send(step: Step): Promise<Reply>;
}

function toInject(step: Step): inject.InjectOptions {
  return {
    method: step.method ?? 'GET',
    url: step.url,
    headers: { ...(step.streamBytes !== undefined && { 'transfer-encoding': 'chunked' }), ...step.headers },
    ...(step.payload !== undefined && { payload: step.payload }),
    ...(step.streamBytes !== undefined && { payload: chunkedBody(step.streamBytes) }),
    remoteAddress: step.remoteAddress ?? '198.51.100.1',
  };
}

function toReply(res: inject.Response): Reply {
  let body: unknown;
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    body = res.body;
  }
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return {
    status: res.statusCode,
    code: typeof code === 'string' ? code : undefined,
    body,
    headers: res.headers,
  };
}

async function harness(make: typeof fastifyClient): Promise<Harness> {
  const clock = manualClock();
  const client = await make(optionsFor(clock));
  return {
    adapter: client.name,
    rampart: client.rampart,
    clock,
    send: async (step) => toReply(await client.send(toInject(step))),
  };
}

const fastifyHarness = (): Promise<Harness> => harness(fastifyClient);
const expressHarness = (): Promise<Harness> => harness(expressClient);

/** The session cookie (`name=value`) from a Set-Cookie header. */
function sessionCookie(reply: Reply): string {
  const header = reply.headers['set-cookie'];
  const value = Array.isArray(header) ? header[0] : header;
  assert.ok(typeof value === 'string', 'GET /csrf-token sets the session cookie');
  return value.split(';')[0] ?? '';
}

async function csrfSession(h: Harness, replies: Reply[]): Promise<{ cookie: string; token: string }> {
  const issued = await h.send({ url: '/csrf-token' });
  replies.push(issued);
  const body = issued.body as { csrf_token?: unknown; session_id?: unknown };
  assert.equal(typeof body.csrf_token, 'string');
  const cookie = sessionCookie(issued);
  assert.equal(cookie, `rampart_sid=${String(body.session_id)}`);
  return { cookie, token: String(body.csrf_token) };
}

/** A field of a reply's JSON body. */
const field = (reply: Reply | undefined, name: string): unknown =>
  (reply?.body as Record<string, unknown> | undefined)?.[name];

const JSON_TYPE = { 'content-type': 'application/json' };
const repeat = (n: number, step: Step): Step[] => Array.from({ length: n }, () => step);

type Expect = readonly [status: number, code?: string];
const times = (n: number, expect: Expect): Expect[] => Array.from({ length: n }, () => expect);

interface Scenario {
  readonly name: string;
  /** What every response must be, in order. */
  readonly expect: readonly Expect[];
  run(h: Harness): Promise<Reply[]>;
  /** Extra checks on the replies of each adapter. */
  check?(replies: readonly Reply[], h: Harness): void;
}

const steps = (list: readonly Step[]) => async (h: Harness) => {
  const replies: Reply[] = [];
  for (const step of list) replies.push(await h.send(step));
  return replies;
};

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'GET a route: 200 with the security headers and rate-limit headers',
    expect: [[200]],
    run: steps([{ url: '/items/1' }]),
    check([reply]) {
      assert.deepEqual(reply?.body, { id: '1' });
      assert.equal(
        reply?.headers['ratelimit-limit'],
        String(ROUTE_LIMIT),
        'the tighter (route) rule is reported',
      );
      assert.equal(reply?.headers['x-ratelimit-remaining'], String(ROUTE_LIMIT - 1));
    },
  },
  {
    name: 'unknown route: 404 NOT_FOUND',
    expect: [[404, 'NOT_FOUND']],
    run: steps([{ url: '/nope' }]),
    check([reply]) {
      assert.deepEqual(reply?.body, { error: 'Not found', code: 'NOT_FOUND' });
    },
  },
  {
    name: 'a throwing handler: 500 INTERNAL_ERROR without the exception text',
    expect: [[500, 'INTERNAL_ERROR']],
    run: steps([{ url: '/boom' }]),
    check([reply]) {
      assert.deepEqual(reply?.body, { error: 'Internal server error', code: 'INTERNAL_ERROR' });
    },
  },
  {
    name: 'the global limit: 429 RATE_LIMITED with Retry-After, and allowed again after the window',
    expect: [...times(GLOBAL_LIMIT, [404, 'NOT_FOUND']), [429, 'RATE_LIMITED'], [404, 'NOT_FOUND']],
    async run(h) {
      const replies = await steps(repeat(GLOBAL_LIMIT + 1, { url: '/nope' }))(h);
      h.clock.advance(2 * WINDOW_MS);
      replies.push(await h.send({ url: '/nope' }));
      return replies;
    },
    check(replies) {
      const limited = replies[GLOBAL_LIMIT];
      assert.equal(field(limited, 'error'), 'Rate limit exceeded. Please try again later.');
      const retry = Number(limited?.headers['retry-after']);
      // The sliding window counts whole sub-buckets (a tenth of the window): a wait of up to 1.1 windows.
      assert.ok(retry >= 1 && retry <= (WINDOW_MS * 1.1) / 1000, `Retry-After ${retry}`);
      assert.equal(field(limited, 'retry_after'), retry);
      assert.equal(limited?.headers['ratelimit-limit'], String(GLOBAL_LIMIT));
      assert.equal(limited?.headers['x-ratelimit-remaining'], '0');
    },
  },
  {
    name: 'a route rule is shared by every value of the path parameter',
    expect: [[200], [200], [200], [429, 'RATE_LIMITED'], [429, 'RATE_LIMITED'], [404, 'NOT_FOUND']],
    run: steps([
      { url: '/items/1' },
      { url: '/items/2' },
      { url: '/items/3' },
      { url: '/items/4' },
      { url: '/items/1' },
      { url: '/nope' },
    ]),
    check(replies) {
      assert.equal(replies[3]?.headers['ratelimit-limit'], String(ROUTE_LIMIT));
    },
  },
  {
    name: 'the route rule counts per client address',
    expect: [[200], [200], [200], [429, 'RATE_LIMITED'], [200]],
    run: steps([
      ...repeat(ROUTE_LIMIT + 1, { url: '/items/1' }),
      { url: '/items/1', remoteAddress: '198.51.100.2' },
    ]),
  },
  {
    name: 'exempt /health is never limited and does not use up the global limit',
    expect: [...times(GLOBAL_LIMIT + 5, [200]), [404, 'NOT_FOUND']],
    run: steps([...repeat(GLOBAL_LIMIT + 5, { url: '/health' }), { url: '/nope' }]),
    check(replies) {
      assert.equal(
        replies[0]?.headers['ratelimit-limit'],
        undefined,
        'no rate-limit headers on an exempt route',
      );
      assert.equal(replies.at(-1)?.headers['x-ratelimit-remaining'], String(GLOBAL_LIMIT - 1));
    },
  },
  {
    name: 'repeated violations block the address automatically: 429 IP_BLOCKED, even on /health',
    expect: [
      ...times(GLOBAL_LIMIT, [404, 'NOT_FOUND']),
      ...times(5, [429, 'RATE_LIMITED']),
      [429, 'IP_BLOCKED'],
      [429, 'IP_BLOCKED'],
      [404, 'NOT_FOUND'],
    ],
    run: steps([
      ...repeat(GLOBAL_LIMIT + 5, { url: '/nope' }),
      { url: '/nope' },
      { url: '/health' },
      { url: '/nope', remoteAddress: '198.51.100.2' },
    ]),
    check(replies) {
      assert.ok(Number(replies[GLOBAL_LIMIT + 5]?.headers['retry-after']) > 0);
    },
  },
  {
    name: 'CSRF: a cookie-carrying POST without a token is 403 CSRF_MISSING',
    expect: [[200], [403, 'CSRF_MISSING']],
    async run(h) {
      const replies: Reply[] = [];
      const { cookie } = await csrfSession(h, replies);
      replies.push(
        await h.send({ method: 'POST', url: '/items', headers: { ...JSON_TYPE, cookie }, payload: '{}' }),
      );
      return replies;
    },
    check(replies) {
      assert.equal(field(replies[1], 'error'), 'CSRF token missing');
      assert.equal(replies[0]?.headers['cache-control'], 'no-store');
    },
  },
  {
    name: 'CSRF: a garbage token, or one from another session, is 403 CSRF_INVALID',
    expect: [[200], [200], [403, 'CSRF_INVALID'], [403, 'CSRF_INVALID'], [403, 'CSRF_INVALID']],
    async run(h) {
      const replies: Reply[] = [];
      const mine = await csrfSession(h, replies);
      const other = await csrfSession(h, replies);
      for (const token of ['garbage', other.token, `${mine.token}x`]) {
        replies.push(
          await h.send({
            method: 'POST',
            url: '/items',
            headers: { ...JSON_TYPE, cookie: mine.cookie, 'x-csrf-token': token },
            payload: '{}',
          }),
        );
      }
      return replies;
    },
    check(replies) {
      assert.equal(field(replies[2], 'error'), 'CSRF token invalid or expired');
    },
  },
  {
    name: 'CSRF: the session token passes, under any header-name case',
    expect: [[200], [201], [201]],
    async run(h) {
      const replies: Reply[] = [];
      const { cookie, token } = await csrfSession(h, replies);
      for (const name of ['X-CSRF-Token', 'x-csrf-token']) {
        replies.push(
          await h.send({
            method: 'POST',
            url: '/items',
            headers: { ...JSON_TYPE, cookie, [name]: token },
            payload: '{}',
          }),
        );
      }
      return replies;
    },
  },
  {
    name: 'CSRF: a token expires after 24 h',
    expect: [[200], [403, 'CSRF_INVALID']],
    async run(h) {
      const replies: Reply[] = [];
      const { cookie, token } = await csrfSession(h, replies);
      h.clock.advance(24 * 60 * 60 * 1000 + 1000);
      replies.push(
        await h.send({
          method: 'POST',
          url: '/items',
          headers: { ...JSON_TYPE, cookie, 'x-csrf-token': token },
          payload: '{}',
        }),
      );
      return replies;
    },
  },
  {
    name: 'a bearer-only POST is not CSRF-able and passes without a token',
    expect: [[201], [201]],
    run: steps([
      {
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, authorization: 'Bearer abc.def.ghi' },
        payload: '{}',
      },
      {
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, authorization: 'bearer xyz' },
        payload: '{}',
      },
    ]),
  },
  {
    name: 'a bearer token does not excuse a request that also carries the session cookie',
    expect: [[200], [403, 'CSRF_MISSING']],
    async run(h) {
      const replies: Reply[] = [];
      const { cookie } = await csrfSession(h, replies);
      replies.push(
        await h.send({
          method: 'POST',
          url: '/items',
          headers: { ...JSON_TYPE, cookie, authorization: 'Bearer abc' },
          payload: '{}',
        }),
      );
      return replies;
    },
  },
  {
    name: 'a cross-site POST without cookies is refused by the Origin layer',
    expect: [[403, 'CSRF_INVALID'], [403, 'CSRF_INVALID'], [201]],
    run: steps([
      {
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, origin: 'https://evil.example' },
        payload: '{}',
      },
      {
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' },
        payload: '{}',
      },
      { method: 'POST', url: '/items', headers: { ...JSON_TYPE, origin: ALLOWED_ORIGIN }, payload: '{}' },
    ]),
  },
  {
    name: 'preflight from the allowed origin: 204 with CORS headers',
    expect: [[204]],
    run: steps([
      {
        method: 'OPTIONS',
        url: '/items',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-csrf-token',
        },
      },
    ]),
    check([reply]) {
      assert.equal(reply?.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
      assert.equal(reply?.headers['access-control-allow-credentials'], 'true');
      assert.equal(reply?.headers['access-control-max-age'], '3600');
    },
  },
  {
    name: 'preflight from another origin: 403 CORS_ORIGIN_DENIED without CORS headers',
    expect: [[403, 'CORS_ORIGIN_DENIED']],
    run: steps([
      {
        method: 'OPTIONS',
        url: '/items',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      },
    ]),
    check([reply]) {
      assert.equal(reply?.headers['access-control-allow-origin'], undefined);
    },
  },
  {
    name: 'an allowed origin can read a 429 (CORS headers on denials)',
    expect: [...times(ROUTE_LIMIT, [200]), [429, 'RATE_LIMITED']],
    run: steps(repeat(ROUTE_LIMIT + 1, { url: '/items/1', headers: { origin: ALLOWED_ORIGIN } })),
    check(replies) {
      assert.equal(replies.at(-1)?.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
    },
  },
  {
    name: 'size limits: 413 declared, 413 chunked, 414, 431',
    expect: [
      [413, 'BODY_TOO_LARGE'],
      [413, 'BODY_TOO_LARGE'],
      [414, 'URL_TOO_LONG'],
      [431, 'HEADERS_TOO_LARGE'],
      [200],
    ],
    run: steps([
      {
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, authorization: 'Bearer t', 'content-length': String(10 * 1024 * 1024 + 1) },
        payload: '{}',
      },
      {
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, authorization: 'Bearer t' },
        streamBytes: 10 * 1024 * 1024 + 1,
      },
      { url: `/items/1?q=${'a'.repeat(2048)}` },
      { url: '/items/1', headers: { 'x-pad': 'a'.repeat(9 * 1024) } },
      { url: '/items/1' },
    ]),
  },
  {
    name: 'JSON bodies: too deep, too many keys, forbidden key, invalid',
    expect: [
      [400, 'JSON_TOO_DEEP'],
      [400, 'JSON_FORBIDDEN_KEY'],
      [400, 'INVALID_JSON'],
      [400, 'JSON_TOO_MANY_KEYS'],
      [201],
    ],
    run: steps(
      [
        '['.repeat(1000) + ']'.repeat(1000),
        '{"a":{"__proto__":{"admin":true}}}',
        '{"a":',
        `{${Array.from({ length: 10_001 }, (_, i) => `"k${i}":0`).join(',')}}`,
        '{"ok":[[[1]]]}',
      ].map((payload) => ({
        method: 'POST',
        url: '/items',
        headers: { ...JSON_TYPE, authorization: 'Bearer t' },
        payload,
      })),
    ),
  },
  {
    name: 'an admin-blocked address gets 403 IP_BLOCKED_BY_ADMIN on every route; others are served',
    expect: [[403, 'IP_BLOCKED_BY_ADMIN'], [403, 'IP_BLOCKED_BY_ADMIN'], [403, 'IP_BLOCKED_BY_ADMIN'], [200]],
    async run(h) {
      await h.rampart.blocklist.block({ ip: BLOCKED, reason: 'abuse' });
      return steps([
        { url: '/items/1', remoteAddress: BLOCKED },
        { url: '/health', remoteAddress: BLOCKED },
        { url: '/csrf-token', remoteAddress: BLOCKED },
        { url: '/items/1', remoteAddress: '203.0.113.10' },
      ])(h);
    },
    check([reply]) {
      assert.equal(field(reply, 'error'), 'Access from this address has been blocked.');
    },
  },
  {
    name: 'X-Forwarded-For is ignored from an untrusted peer and read from the right behind a trusted proxy',
    expect: [[200], [200], [403, 'IP_BLOCKED_BY_ADMIN'], [403, 'IP_BLOCKED_BY_ADMIN'], [200], [200]],
    async run(h) {
      await h.rampart.blocklist.block({ ip: BLOCKED, reason: 'abuse' });
      return steps([
        // A client cannot pin its requests on someone else (or escape its own block) by sending the header.
        { url: '/items/1', remoteAddress: '198.51.100.7', headers: { 'x-forwarded-for': BLOCKED } },
        {
          url: '/items/1',
          remoteAddress: '198.51.100.7',
          headers: { 'x-forwarded-for': `${BLOCKED}, ${PROXY}` },
        },
        { url: '/items/1', remoteAddress: PROXY, headers: { 'x-forwarded-for': BLOCKED } },
        {
          url: '/items/1',
          remoteAddress: PROXY,
          headers: { 'x-forwarded-for': `198.51.100.99, ${BLOCKED}` },
        },
        // The leftmost entry was written by the client: behind the proxy the client is the rightmost untrusted hop.
        {
          url: '/items/1',
          remoteAddress: PROXY,
          headers: { 'x-forwarded-for': `${BLOCKED}, 198.51.100.20` },
        },
        { url: '/items/1', remoteAddress: '198.51.100.30' },
      ])(h);
    },
  },
  {
    name: 'URLs the framework router refuses still go through the guards (blocked address, bad escape, long parameter)',
    expect: [
      [403, 'IP_BLOCKED_BY_ADMIN'],
      [403, 'IP_BLOCKED_BY_ADMIN'],
    ],
    async run(h) {
      await h.rampart.blocklist.block({ ip: BLOCKED, reason: 'abuse' });
      return steps([
        // Fastify's router answers these itself (maxParamLength 100, malformed percent-encoding) before any hook.
        { url: `/items/${'1'.repeat(101)}`, remoteAddress: BLOCKED },
        { url: '/items/%E0%A4%A', remoteAddress: BLOCKED },
      ])(h);
    },
  },
  {
    name: 'a blocked address behind the proxy cannot escape by rotating the XFF it sends',
    expect: [
      [403, 'IP_BLOCKED_BY_ADMIN'],
      [403, 'IP_BLOCKED_BY_ADMIN'],
    ],
    async run(h) {
      await h.rampart.blocklist.block({ ip: BLOCKED, reason: 'abuse' });
      return steps([
        { url: '/items/1', remoteAddress: BLOCKED, headers: { 'x-forwarded-for': '198.51.100.1' } },
        { url: '/items/1', remoteAddress: BLOCKED, headers: { 'x-forwarded-for': PROXY } },
      ])(h);
    },
  },
];

const presence = (reply: Reply): Record<string, boolean> =>
  Object.fromEntries(KEY_HEADERS.map((name) => [name, reply.headers[name] !== undefined]));

describe('adapter conformance: Fastify and Express answer alike', () => {
  for (const scenario of SCENARIOS) {
    it(scenario.name, async () => {
      const results: { adapter: string; replies: Reply[] }[] = [];
      for (const make of [fastifyHarness, expressHarness]) {
        const h = await make();
        const replies = await scenario.run(h);
        const got = replies.map((r) => [r.status, r.code]);
        const want = scenario.expect.map(([status, code]) => [status, code]);
        assert.deepEqual(got, want, `${h.adapter}: [status, code] per request`);
        for (const [i, reply] of replies.entries()) {
          assert.equal(
            reply.headers['x-content-type-options'],
            'nosniff',
            `${h.adapter} #${i}: security headers`,
          );
          if (reply.status >= 400) {
            assert.equal(
              typeof (reply.body as { error?: unknown }).error,
              'string',
              `${h.adapter} #${i}: error message`,
            );
          }
        }
        scenario.check?.(replies, h);
        results.push({ adapter: h.adapter, replies });
      }
      const [fastify, expressResult] = results;
      assert.ok(fastify !== undefined && expressResult !== undefined);
      for (const [i, reply] of fastify.replies.entries()) {
        const other: Reply | undefined = expressResult.replies[i];
        assert.ok(other !== undefined);
        assert.deepEqual(
          { status: other.status, code: other.code, headers: presence(other) },
          { status: reply.status, code: reply.code, headers: presence(reply) },
          `request #${i}: express (actual) vs fastify (expected)`,
        );
        if (reply.status >= 400) assert.deepEqual(other.body, reply.body, `request #${i}: error bodies`);
      }
    });
  }
});
