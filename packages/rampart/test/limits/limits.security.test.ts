/*
 * Resource-exhaustion attacks on the request itself: an oversized body (declared, or streamed chunked without a
 * Content-Length so no up-front check can see it), an overlong URL, an oversized header block, and deeply nested
 * JSON meant to exhaust the parser's stack or time. Each must be refused with its status and code before the
 * handler runs, through both adapters, and the server must keep answering normal requests afterwards. Inputs exactly
 * at each limit must still pass: a limit that refuses legitimate traffic gets switched off.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import inject from 'light-my-request';
import { createRampartExpress } from '../../src/adapters/express/index.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import type { RampartOptions } from '../../src/config/index.js';

const MIB = 1024 * 1024;
const MAX_BODY = 10 * MIB;
const SECRET = 'limits-security-test-secret-0123456789abcdef';
const OPTIONS: RampartOptions = {
  secret: SECRET,
  events: { logger: false },
  // Many requests from one address in this file: the rate limiter is not what is under test.
  rateLimit: { global: { limit: 10_000, windowMs: 60_000 } },
};

interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
}

interface Client {
  readonly name: string;
  send(options: inject.InjectOptions): Promise<Reply>;
  close(): Promise<unknown>;
}

const toReply = (res: inject.Response): Reply => ({
  status: res.statusCode,
  headers: res.headers,
  body: res.body,
});

function expressApp(options: RampartOptions): express.Express {
  const guard = createRampartExpress({ ...options, routes: ['/items/:id', '/items'] });
  const app = express();
  app.use(guard.middleware);
  app.use(guard.json);
  app.get('/items/:id', (req, res) => {
    res.json({ id: req.params.id });
  });
  app.post('/items', (req, res) => {
    res.status(201).json({ type: Array.isArray(req.body) ? 'array' : typeof req.body });
  });
  app.use(guard.notFound);
  app.use(guard.errorHandler);
  return app;
}

async function fastifyClient(options: RampartOptions): Promise<Client> {
  const app = Fastify({ ...secureServerOptions() });
  await app.register(rampartFastify, options);
  app.get<{ Params: { id: string } }>('/items/:id', async (request) => ({ id: request.params.id }));
  app.post('/items', async (request, reply) =>
    reply.code(201).send({ type: Array.isArray(request.body) ? 'array' : typeof request.body }),
  );
  await app.ready();
  return { name: 'fastify', send: async (o) => toReply(await app.inject(o)), close: () => app.close() };
}

async function expressClient(options: RampartOptions): Promise<Client> {
  const app = expressApp(options);
  return {
    name: 'express',
    send: async (o) => toReply(await inject(app as unknown as inject.DispatchFunc, o)),
    close: async () => undefined,
  };
}

function assertError(reply: Reply, status: number, code: string, message: string, label: string): void {
  assert.equal(reply.status, status, `${label}: status (body ${reply.body.slice(0, 200)})`);
  const body = JSON.parse(reply.body) as { code?: unknown; error?: unknown };
  assert.equal(body.code, code, `${label}: code`);
  assert.equal(body.error, message, `${label}: message`);
  assert.equal(reply.headers['x-content-type-options'], 'nosniff', `${label}: security headers on the error`);
}

async function assertHealthy(client: Client, label: string): Promise<void> {
  const reply = await client.send({ method: 'GET', url: '/items/7' });
  assert.equal(reply.status, 200, `${label}: server still answers`);
  assert.deepEqual(JSON.parse(reply.body), { id: '7' }, label);
}

/** A stream of `total` bytes of JSON-ish filler, in 64 KiB chunks, with no declared length. */
function chunkedBody(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) {
        this.push(null);
        return;
      }
      const size = Math.min(64 * 1024, total - sent);
      const chunk = Buffer.alloc(size, 0x20);
      if (sent === 0) chunk[0] = 0x5b; // '['
      sent += size;
      this.push(chunk);
    },
  });
}

/** `[]` padded with spaces to exactly `bytes`: valid JSON, no long string, any size. */
const paddedJson = (bytes: number): Buffer => {
  const buffer = Buffer.alloc(bytes, 0x20);
  buffer[0] = 0x5b;
  buffer[bytes - 1] = 0x5d;
  return buffer;
};

// This suite runs first: light-my-request, when injecting into an Express app, re-parents Express's shared
// request/response prototypes onto its own mocks, which breaks real Express servers later in the same process.
describe('request limits over a real socket (Express, chunked upload)', () => {
  let server: Server;
  let port = 0;

  after(() => {
    server?.close();
    server?.closeAllConnections();
  });

  /** POSTs `total` bytes chunked, stopping as soon as the server answers; resolves with the answer. */
  function upload(total: number): Promise<{ status: number; body: string; written: number }> {
    return new Promise((resolve, reject) => {
      let written = 0;
      let answered = false;
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/items',
          headers: {
            'content-type': 'application/json',
            'transfer-encoding': 'chunked',
            connection: 'close',
          },
        },
        (res) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), written });
          });
        },
      );
      // The server may close the connection mid-upload after answering: that is the point, not a failure.
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      const data = paddedJson(total);
      const pump = (): void => {
        while (!answered && written < total) {
          const piece = data.subarray(written, written + 64 * 1024);
          written += piece.length;
          if (!req.write(piece)) {
            req.once('drain', pump);
            return;
          }
        }
        if (!answered) req.end();
      };
      pump();
    });
  }

  it('answers 413 BODY_TOO_LARGE to a chunked upload past 10 MiB, then keeps serving', async () => {
    server = createServer(expressApp(OPTIONS));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;

    const reply = await upload(MAX_BODY + 1);
    assert.equal(reply.status, 413, reply.body);
    assert.deepEqual(JSON.parse(reply.body), { error: 'Request body too large', code: 'BODY_TOO_LARGE' });

    const healthy = await fetch(`http://127.0.0.1:${port}/items/3`);
    assert.equal(healthy.status, 200);
    assert.deepEqual(await healthy.json(), { id: '3' });

    const atLimit = await upload(MAX_BODY);
    assert.equal(atLimit.status, 201, `exactly 10 MiB is read in full: ${atLimit.body}`);
    assert.equal(atLimit.written, MAX_BODY);
  });
});

// Found by a reviewer session: a refusal kept the connection alive, so Node read and threw away whatever body was
// declared (a terabyte: 200 MiB swallowed in a quarter of a second), and refusals before the rate limiter are never
// counted. A refusal of a request whose body is still coming now closes the connection.
describe('refusals close a connection whose body is still coming (real socket)', () => {
  /** Sends a declared terabyte and keeps writing after the answer; resolves with the answer and bytes accepted. */
  async function declaredTerabyte(
    server: Server,
  ): Promise<{ head: string; written: number; closed: boolean }> {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const cap = 64 * MIB;
    let head = '';
    let written = 0;
    let closed = false;
    socket.on('data', (data: Buffer) => {
      head += data.toString('latin1');
    });
    await new Promise<void>((resolve) => {
      socket.once('close', () => {
        closed = true;
        resolve();
      });
      socket.on('error', () => undefined);
      socket.write(
        'POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\n' +
          'Content-Length: 1099511627776\r\n\r\n',
      );
      const pump = (): void => {
        while (!closed && written < cap) {
          written += chunk.length;
          if (!socket.write(chunk)) {
            socket.once('drain', pump);
            return;
          }
        }
        if (!closed) resolve();
      };
      pump();
    });
    socket.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    return { head, written, closed };
  }

  const apps: [string, () => Promise<Server>][] = [
    [
      'express',
      async () => {
        const guard = createRampartExpress({ ...OPTIONS, routes: ['/items'] });
        const app = express();
        app.use(guard.middleware);
        app.post('/items', (_req, res) => {
          res.status(201).end();
        });
        app.use(guard.errorHandler);
        return createServer(app);
      },
    ],
    [
      'fastify',
      async () => {
        const app = Fastify({ ...secureServerOptions() });
        await app.register(rampartFastify, OPTIONS);
        app.post('/items', async () => ({ ok: true }));
        await app.ready();
        return app.server;
      },
    ],
  ];
  // Closing costs a reconnect, which behind a proxy a flood of 429s would multiply: a small body is read instead.
  it('keeps the connection of a refused request with a small body', async () => {
    const app = Fastify({ ...secureServerOptions() });
    await app.register(rampartFastify, { ...OPTIONS, rateLimit: { global: { limit: 1, windowMs: 60_000 } } });
    app.post('/items', async () => ({ ok: true }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const socket = connect(port, '127.0.0.1');
    let replies = '';
    socket.on('data', (data: Buffer) => {
      replies += data.toString('latin1');
    });
    const post =
      'POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n';
    try {
      // The body follows its head late, so that it is still coming when the refusal is sent.
      for (let i = 0; i < 3; i++) {
        socket.write(post);
        await new Promise((resolve) => setTimeout(resolve, 20));
        socket.write('{"a":1}');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const statuses = [...replies.matchAll(/HTTP\/1\.1 (\d+)/g)].map((m) => m[1]);
      assert.deepEqual(statuses, ['200', '429', '429']);
      assert.doesNotMatch(replies, /connection: close/i);
    } finally {
      socket.destroy();
      await app.close();
    }
  });

  for (const [name, make] of apps) {
    it(`answers 413 and closes rather than reading a declared terabyte (${name})`, async () => {
      const { head, written, closed } = await declaredTerabyte(await make());
      assert.match(head, /^HTTP\/1\.1 413 /, name);
      assert.match(head, /\r\nconnection: close\r\n/i, name);
      assert.ok(
        closed && written < 64 * MIB,
        `${name}: the server accepted ${written / MIB} MiB and kept it open`,
      );
    });
  }
});

for (const make of [fastifyClient, expressClient]) {
  describe(`request limits through ${make === fastifyClient ? 'fastify' : 'express'}`, () => {
    let c: Client;
    before(async () => {
      c = await make(OPTIONS);
    });
    after(() => c.close());

    it('refuses a 10 MiB + 1 byte body with a Content-Length: 413 BODY_TOO_LARGE', async () => {
      const reply = await c.send({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json' },
        payload: paddedJson(MAX_BODY + 1),
      });
      assertError(reply, 413, 'BODY_TOO_LARGE', 'Request body too large', `${c.name} declared`);
      await assertHealthy(c, `${c.name} after declared 413`);
    });

    it('refuses a lying Content-Length that claims 10 MiB + 1 on a tiny body', async () => {
      const reply = await c.send({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json', 'content-length': String(MAX_BODY + 1) },
        payload: '[]',
      });
      assertError(reply, 413, 'BODY_TOO_LARGE', 'Request body too large', `${c.name} declared only`);
      await assertHealthy(c, `${c.name} after declared-only 413`);
    });

    it('refuses a chunked 10 MiB + 1 byte body without a Content-Length: 413 BODY_TOO_LARGE', async () => {
      const reply = await c.send({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        payload: chunkedBody(MAX_BODY + 1),
      });
      assertError(reply, 413, 'BODY_TOO_LARGE', 'Request body too large', `${c.name} chunked`);
      await assertHealthy(c, `${c.name} after chunked 413`);
    });

    it('accepts a body of exactly 10 MiB, declared or chunked', async () => {
      const declared = await c.send({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json' },
        payload: paddedJson(MAX_BODY),
      });
      assert.equal(declared.status, 201, `${c.name}: declared 10 MiB (${declared.body.slice(0, 200)})`);
      assert.deepEqual(JSON.parse(declared.body), { type: 'array' });
      const stream = new Readable({ read() {} });
      const bytes = paddedJson(MAX_BODY);
      for (let i = 0; i < bytes.length; i += 64 * 1024) stream.push(bytes.subarray(i, i + 64 * 1024));
      stream.push(null);
      const chunked = await c.send({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        payload: stream,
      });
      assert.equal(chunked.status, 201, `${c.name}: chunked 10 MiB (${chunked.body.slice(0, 200)})`);
    });

    it('refuses a 2049-byte URL with 414 and accepts one of exactly 2048 bytes', async () => {
      const prefix = '/items/1?pad=';
      const at = prefix + 'a'.repeat(2048 - prefix.length);
      assert.equal(at.length, 2048);
      const ok = await c.send({ method: 'GET', url: at });
      assert.equal(ok.status, 200, `${c.name}: 2048-byte URL`);
      for (const url of [`${at}a`, `/${'x'.repeat(2048)}`, `/items/1?q=${'9'.repeat(3000)}`]) {
        const reply = await c.send({ method: 'GET', url });
        assertError(reply, 414, 'URL_TOO_LONG', 'URL too long', `${c.name} ${url.length}-byte URL`);
      }
      await assertHealthy(c, `${c.name} after 414`);
    });

    it('refuses a URL over 2048 bytes that is one long route parameter with 414 URL_TOO_LONG', async () => {
      // Fastify's router rejects parameters over its maxParamLength (100) itself, before any hook runs.
      for (const url of [`/items/${'9'.repeat(3000)}`, `/items/${'9'.repeat(2049)}`]) {
        const reply = await c.send({ method: 'GET', url });
        assertError(
          reply,
          414,
          'URL_TOO_LONG',
          'URL too long',
          `${c.name} ${url.length}-byte route parameter`,
        );
      }
      await assertHealthy(c, `${c.name} after a long route parameter`);
    });

    it('refuses a 9 KiB header with 431 and accepts a header block of exactly 8 KiB', async () => {
      // On the wire each header is name + ": " + value + CRLF; host and user-agent are fixed so the sum is exact.
      const fixed = { host: 'localhost', 'user-agent': 't' };
      const overhead =
        'host'.length + 'localhost'.length + 4 + 'user-agent'.length + 1 + 4 + 'x-pad'.length + 4;
      const atLimit = await c.send({
        method: 'GET',
        url: '/items/1',
        headers: { ...fixed, 'x-pad': 'a'.repeat(8 * 1024 - overhead) },
      });
      assert.equal(atLimit.status, 200, `${c.name}: 8 KiB of headers`);
      const justOver = await c.send({
        method: 'GET',
        url: '/items/1',
        headers: { ...fixed, 'x-pad': 'a'.repeat(8 * 1024 - overhead + 1) },
      });
      assertError(justOver, 431, 'HEADERS_TOO_LARGE', 'Request headers too large', `${c.name} 8 KiB + 1`);
      const big = await c.send({
        method: 'GET',
        url: '/items/1',
        headers: { 'x-pad': 'a'.repeat(9 * 1024) },
      });
      assertError(big, 431, 'HEADERS_TOO_LARGE', 'Request headers too large', `${c.name} 9 KiB`);
      // Many small headers add up the same way as one big one.
      const many: Record<string, string> = {};
      for (let i = 0; i < 300; i++) many[`x-h${i}`] = 'v'.repeat(30);
      const spread = await c.send({ method: 'GET', url: '/items/1', headers: many });
      assertError(spread, 431, 'HEADERS_TOO_LARGE', 'Request headers too large', `${c.name} many headers`);
      await assertHealthy(c, `${c.name} after 431`);
    });

    it('refuses 1,000-deep JSON with 400 JSON_TOO_DEEP and accepts 32-deep', async () => {
      for (const [open, close] of [
        ['[', ']'],
        ['{"a":', '}'],
      ] as const) {
        const reply = await c.send({
          method: 'POST',
          url: '/items',
          headers: { 'content-type': 'application/json' },
          payload: `${open.repeat(1000)}1${close.repeat(1000)}`,
        });
        assertError(reply, 400, 'JSON_TOO_DEEP', 'JSON body is nested too deeply', `${c.name} ${open} x1000`);
        assert.equal((JSON.parse(reply.body) as { limit?: unknown }).limit, 32);
        await assertHealthy(c, `${c.name} after JSON_TOO_DEEP`);
      }
      const ok = await c.send({
        method: 'POST',
        url: '/items',
        headers: { 'content-type': 'application/json' },
        payload: `${'['.repeat(32)}${']'.repeat(32)}`,
      });
      assert.equal(ok.status, 201, `${c.name}: 32-deep JSON`);
    });
  });
}
