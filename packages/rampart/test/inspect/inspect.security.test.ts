/**
 * Attack: injection payloads sent in the body, the query string, a header, a path parameter or an object key, to
 * reach a handler that concatenates them into SQL or HTML. In `block` mode the request must be refused before the
 * handler runs; in `monitor` mode it goes through but leaves a CRITICAL event naming the field and what was found,
 * and never the value itself (which may be a password or personal data). A request too large to inspect must not
 * slip through unexamined.
 */
import assert from 'node:assert/strict';
import { describe, it, mock } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import inject from 'light-my-request';
import { createRampartExpress } from '../../src/adapters/express/index.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import type { RampartOptions } from '../../src/config/index.js';
import type { SecurityEvent } from '../../src/events/index.js';
import { ADAPTERS, type AdapterClient } from '../helpers/adapters.js';

const SQLI = "1' OR '1'='1";
const XSS = '<img src=x onerror=alert(1)>';

async function clientWith(
  make: (typeof ADAPTERS)[number],
  inspect: RampartOptions['inspect'],
): Promise<{ client: AdapterClient; events: SecurityEvent[] }> {
  const client = await make({ events: { logger: false }, inspect });
  const events: SecurityEvent[] = [];
  client.rampart.events.subscribe((event) => events.push(event));
  return { client, events };
}

const post = (client: AdapterClient, body: unknown, url = '/items') =>
  client.send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
    payload: JSON.stringify(body),
  });

for (const make of ADAPTERS) {
  describe(`input inspection through ${make.name.replace('Client', '')}`, () => {
    it('block mode refuses an injection before the handler runs (400 INPUT_REJECTED, with the field)', async () => {
      const { client, events } = await clientWith(make, { routes: { 'POST /items': { mode: 'block' } } });
      const response = await post(client, { name: 'ok', memo: SQLI });
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().code, 'INPUT_REJECTED');
      assert.equal(response.json().field, 'body.memo');
      // Security headers are on the refusal too.
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      const event = events.find((e) => e.type === 'sql_injection_attempt');
      assert.ok(event, JSON.stringify(events));
      assert.equal(event.severity, 'CRITICAL');
      assert.equal((event.details as { blocked: boolean }).blocked, true);
    });

    it('monitor mode (the default) lets the request through and logs a CRITICAL event without the value', async () => {
      const { client, events } = await clientWith(make, {});
      const response = await post(client, { memo: SQLI, note: XSS });
      assert.equal(response.statusCode, 201);
      const sql = events.find((e) => e.type === 'sql_injection_attempt');
      const xss = events.find((e) => e.type === 'xss_attempt');
      assert.ok(sql && xss, JSON.stringify(events));
      assert.equal(sql.severity, 'CRITICAL');
      assert.equal(xss.severity, 'CRITICAL');
      const details = sql.details as { field: string; fingerprint: string; blocked: boolean; length: number };
      assert.equal(details.field, 'body.memo');
      assert.equal(details.blocked, false);
      assert.equal(details.length, SQLI.length);
      assert.ok(details.fingerprint.length > 0);
      const logged = JSON.stringify(events);
      assert.ok(!logged.includes(SQLI) && !logged.includes('onerror=alert'), logged);
    });

    it('inspects the query string, the configured headers and object keys', async () => {
      const { client, events } = await clientWith(make, { mode: 'block' });
      const query = await client.send({ url: `/items/1?q=${encodeURIComponent(XSS)}` });
      assert.equal(query.statusCode, 400);
      assert.equal(query.json().field, 'query.q');

      const header = await client.send({ url: '/items/1', headers: { 'user-agent': `Mozilla ${SQLI}` } });
      assert.equal(header.statusCode, 400);
      assert.equal(header.json().field, 'header.user-agent');

      const key = await post(client, { [XSS]: 1 });
      assert.equal(key.statusCode, 400);
      assert.ok(events.some((e) => e.type === 'xss_attempt'));
    });

    it('leaves ordinary input alone in block mode', async () => {
      const { client, events } = await clientWith(make, { mode: 'block' });
      const body = {
        name: "Siobhán O'Connell",
        address: '12 Union Street, Apt #4; Leeds',
        memo: 'Please select your drop-off point: 80% ACRYLIC AND 20% WOOL, 1990--1995',
        email: 'd.amore@example.com',
        site: 'https://example.com/?a=1&b=2',
        tags: ['a < b', 'x > y'],
      };
      const response = await post(client, body);
      assert.equal(response.statusCode, 201, response.body);
      const browser = await client.send({
        url: '/items/1?sort=-created&page=2',
        headers: {
          'user-agent':
            'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
          referer: 'https://wallet.example/send?to=abc&amount=10',
        },
      });
      assert.equal(browser.statusCode, 200);
      assert.deepEqual(
        events.filter((e) => e.type === 'sql_injection_attempt' || e.type === 'xss_attempt'),
        [],
      );
    });

    it('applies field kinds: url refuses javascript:, richText allows formatting, identifier refuses by shape', async () => {
      const { client } = await clientWith(make, {
        mode: 'block',
        fields: { site: { kind: 'url' }, bio: { kind: 'richText' }, account: { kind: 'identifier' } },
      });
      assert.equal((await post(client, { site: 'javascript:alert(document.cookie)' })).statusCode, 400);
      assert.equal((await post(client, { site: 'https://example.com/profile' })).statusCode, 201);
      assert.equal(
        (await post(client, { bio: '<p style="color: red">Hi, <b>I</b> am here</p>' })).statusCode,
        201,
      );
      assert.equal((await post(client, { bio: `<p>Hi</p>${XSS}` })).statusCode, 400);
      assert.equal((await post(client, { account: 'acct_0042-x.y@z' })).statusCode, 201);
      const shaped = await post(client, { account: 'acct 42' });
      assert.equal(shaped.statusCode, 400);
      assert.equal(shaped.json().field, 'body.account');
    });

    it('a field set to off is never inspected (a password may hold anything)', async () => {
      const { client, events } = await clientWith(make, {
        mode: 'block',
        fields: { password: { mode: 'off' } },
      });
      const response = await post(client, { password: "' OR 1=1 -- <script>" });
      assert.equal(response.statusCode, 201);
      assert.deepEqual(events, []);
    });

    it('a refused request logs what refused it, however many monitor findings came first', async () => {
      const { client, events } = await clientWith(make, { fields: { to: { mode: 'block' } } });
      const body = Object.fromEntries([...Array.from({ length: 6 }, (_, i) => [`m${i}`, XSS]), ['to', SQLI]]);
      const response = await post(client, body);
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().field, 'body.to');
      const blocked = events.filter((e) => (e.details as { blocked?: boolean }).blocked === true);
      assert.deepEqual(
        blocked.map((e) => (e.details as { field: string }).field),
        ['body.to'],
      );
    });

    it('a request with more values than the cap is refused in block mode, not waved through', async () => {
      const { client, events } = await clientWith(make, { mode: 'block', maxValues: 50 });
      const many = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, `v${i}`]));
      const response = await post(client, many);
      assert.equal(response.statusCode, 400);
      assert.ok(
        events.some(
          (e) =>
            e.type === 'input_validation_failure' &&
            (e.details as { reason: string }).reason === 'too_much_input',
        ),
      );
    });
  });
}

describe('input inspection of path parameters (Fastify)', () => {
  it('an identifier path parameter in block mode refuses an injection before the handler', async () => {
    const app = Fastify({ ...secureServerOptions() });
    await app.register(rampartFastify, {
      events: { logger: false },
      inspect: {
        routes: { 'GET /balance/:address': { mode: 'block', fields: { address: { kind: 'identifier' } } } },
      },
    });
    let handled = 0;
    app.get('/balance/:address', async () => {
      handled++;
      return { ok: true };
    });
    await app.ready();
    const good = await app.inject({ url: '/balance/XAI1a2b3c4d' });
    assert.equal(good.statusCode, 200);
    const bad = await app.inject({
      url: `/balance/${encodeURIComponent("x' UNION SELECT password FROM users--")}`,
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, 'params.address');
    assert.equal(handled, 1);
    await app.close();
  });

  // Values that fit an identifier's shape and are still SQL or a script URL, and values that are no single string:
  // `WHERE id = 1--` drops what follows, `?id=a&id=b` is a list an ORM reads as `IN (...)`, and null, a boolean or a
  // fraction are what type confusion is made of. Each once reached the handler.
  it('an identifier field refuses comments, script schemes, lists, nulls and booleans', async () => {
    const app = Fastify({ ...secureServerOptions() });
    await app.register(rampartFastify, {
      events: { logger: false },
      inspect: {
        routes: {
          'GET /tx/:id': { mode: 'block', fields: { id: { kind: 'identifier' } } },
          'POST /send': { mode: 'block', fields: { to: { kind: 'identifier' } } },
        },
      },
    });
    let handled = 0;
    app.get('/tx/:id', async () => {
      handled++;
      return { ok: true };
    });
    app.post('/send', async () => {
      handled++;
      return { ok: true };
    });
    await app.ready();
    for (const url of ['/tx/1--', '/tx/javascript:x', '/tx/x?id=a&id=b']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 400, url);
      assert.equal(res.json().code, 'INPUT_REJECTED', url);
    }
    const send = (to: unknown) =>
      app.inject({ method: 'POST', url: '/send', headers: { authorization: 'Bearer t' }, payload: { to } });
    for (const to of [null, true, false, 1.5, ['XAIa', 'XAIb'], [], [['XAIa']]]) {
      assert.equal((await send(to)).statusCode, 400, JSON.stringify(to));
    }
    for (const to of ['XAI1a2b3c4d', 42]) assert.equal((await send(to)).statusCode, 200, JSON.stringify(to));
    assert.equal((await app.inject({ url: '/tx/7f3a9c' })).statusCode, 200);
    assert.equal(handled, 3);
    await app.close();
  });
});

describe('input inspection on Express without a routes list, and with other body parsers', () => {
  const form = (app: express.Express, payload: string, url = '/wallet/send') =>
    inject(app as unknown as inject.DispatchFunc, {
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer t' },
      payload,
    });

  const appWith = (options: { inspectAfterParsers: boolean }) => {
    const guard = createRampartExpress({
      events: { logger: false },
      inspect: { routes: { 'POST /wallet/send': { mode: 'block' } } },
    });
    const app = express();
    let handled = 0;
    app.use(guard.middleware);
    app.use(guard.json);
    app.use(express.urlencoded({ extended: false }));
    if (options.inspectAfterParsers) app.use(guard.inspect);
    app.post('/wallet/send', (_request, response) => {
      handled++;
      response.json({ ok: true });
    });
    return { app, handled: () => handled };
  };

  it('applies an inspect.routes rule to its route with no `routes` option (the rule names the route)', async () => {
    const guard = createRampartExpress({
      events: { logger: false },
      inspect: { routes: { 'POST /wallet/send': { mode: 'block' } } },
    });
    const app = express();
    app.use(guard.middleware);
    app.use(guard.json);
    app.post('/wallet/send', (_request, response) => {
      response.json({ ok: true });
    });
    const response = await inject(app as unknown as inject.DispatchFunc, {
      method: 'POST',
      url: '/wallet/send',
      headers: { 'content-type': 'application/json', authorization: 'Bearer t' },
      payload: JSON.stringify({ memo: SQLI }),
    });
    assert.equal(response.statusCode, 400);
  });

  it('inspects a form body that another parser read, when guard.inspect is mounted after it', async () => {
    const { app, handled } = appWith({ inspectAfterParsers: true });
    const refused = await form(app, `memo=${encodeURIComponent(SQLI)}`);
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().field, 'body.memo');
    assert.equal((await form(app, 'memo=monthly+rent')).statusCode, 200);
    assert.equal(handled(), 1);
  });

  // An `inspect` before the body parsers sees no body. It once marked the body inspected all the same, so the
  // `inspect` after the parsers, or on the route, skipped it: adding one more turned body inspection off.
  it('inspects the body after an inspect mounted before the parsers, at app or route level', async () => {
    for (const routeLevel of [false, true]) {
      const guard = createRampartExpress({ events: { logger: false }, inspect: { mode: 'block' } });
      const app = express();
      app.use(guard.middleware);
      app.use(guard.inspect);
      app.use(express.urlencoded({ extended: false }));
      if (!routeLevel) app.use(guard.inspect);
      const handler = (_request: express.Request, response: express.Response) => {
        response.json({ ok: true });
      };
      if (routeLevel) app.post('/wallet/:action', guard.inspect, handler);
      else app.post('/wallet/:action', handler);
      const refused = await form(app, `memo=${encodeURIComponent(SQLI)}`);
      assert.equal(refused.statusCode, 400, routeLevel ? 'route level' : 'app level');
      assert.equal(refused.json().field, 'body.memo');
      assert.equal((await form(app, 'memo=monthly+rent')).statusCode, 200);
    }
  });

  it('warns when the only inspect saw no body, because it came before the parser', async () => {
    const guard = createRampartExpress({ events: { logger: false }, inspect: { mode: 'block' } });
    const app = express();
    app.use(guard.middleware);
    app.use(guard.inspect);
    app.use(express.urlencoded({ extended: false }));
    app.post('/wallet/send', (_request, response) => {
      response.json({ ok: true });
    });
    const emitWarning = mock.method(process, 'emitWarning', () => undefined);
    try {
      assert.equal((await form(app, `memo=${encodeURIComponent(SQLI)}`)).statusCode, 200);
      const codes = emitWarning.mock.calls.map((call) => (call.arguments[1] as { code?: string })?.code);
      assert.deepEqual(codes, ['RAMPART_BODY_NOT_INSPECTED']);
    } finally {
      emitWarning.mock.restore();
    }
  });

  it('warns once when such a body reaches a handler uninspected', async () => {
    const { app } = appWith({ inspectAfterParsers: false });
    const emitWarning = mock.method(process, 'emitWarning', () => undefined);
    try {
      await form(app, 'memo=monthly+rent');
      await form(app, 'memo=monthly+rent');
      const codes = emitWarning.mock.calls.map((call) => (call.arguments[1] as { code?: string })?.code);
      assert.deepEqual(codes, ['RAMPART_BODY_NOT_INSPECTED']);
    } finally {
      emitWarning.mock.restore();
    }
  });
});
