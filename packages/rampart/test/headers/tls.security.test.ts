/*
 * HTTPS decided from the real socket. The other header suites run without sockets and mark HTTPS the way a trusted
 * proxy does (`X-Forwarded-Proto`); here both adapters serve over TLS, with a throwaway self-signed certificate, so
 * the `encrypted` socket flag itself is what turns HSTS and the CSRF cookie's `Secure` on. The attack: a client
 * talking plain HTTP that claims `X-Forwarded-Proto: https` without being a trusted proxy gets neither, and a
 * `Strict-Transport-Security` sent over plain HTTP (which browsers ignore anyway) would only advertise a lie.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { createRampartExpress } from '../../src/adapters/express/index.js';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import type { RampartOptions } from '../../src/config/index.js';

const HSTS = 'max-age=31536000; includeSubDomains';
const OPTIONS: RampartOptions = {
  secret: 'tls-security-test-secret-0123456789abcdef',
  events: { logger: false },
};

interface Certificate {
  readonly key: Buffer;
  readonly cert: Buffer;
}

/** A P-256 key and a one-day certificate for 127.0.0.1, made by the openssl command line; undefined without it. */
function selfSignedCertificate(): Certificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-tls-'));
  try {
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key), cert: readFileSync(cert) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
}

/** One request over a fresh connection, trusting only the test certificate when the URL is https. */
function request(url: string, ca: Buffer, headers: http.OutgoingHttpHeaders = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const options = { headers, agent: false, ca } as const;
    const req = (url.startsWith('https:') ? https : http).get(url, options, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
  });
}

type Serve = (tls: Certificate | undefined) => Promise<{ readonly url: string; close(): Promise<void> }>;

const serveFastify: Serve = async (tls) => {
  const app = Fastify({ ...secureServerOptions(), ...(tls && { https: tls }) });
  await app.register(rampartFastify, OPTIONS);
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`, close: () => app.close() };
};

const serveExpress: Serve = async (tls) => {
  const guard = createRampartExpress({ ...OPTIONS, routes: ['/health'] });
  const app = express();
  app.use(guard.middleware);
  app.get('/health', (_request, response) => {
    response.json({ status: 'ok' });
  });
  app.use(guard.notFound);
  app.use(guard.errorHandler);
  const server = tls ? https.createServer(tls, app) : http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
};

const certificate = selfSignedCertificate();
// Locally a missing openssl skips with its reason; under CI it is a failure (.ci/run installs it).
const skip = certificate === undefined && process.env.CI !== 'true' ? 'openssl is not installed' : false;

for (const [name, serve] of [
  ['fastify', serveFastify],
  ['express', serveExpress],
] as const) {
  describe(`HTTPS from the socket (${name})`, { skip }, () => {
    const servers: { readonly url: string; close(): Promise<void> }[] = [];
    let tlsUrl = '';
    let plainUrl = '';
    let ca: Buffer = Buffer.alloc(0);

    before(async () => {
      assert.ok(certificate, 'openssl must be installed to make the test certificate');
      ca = certificate.cert;
      servers.push(await serve(certificate), await serve(undefined));
      [tlsUrl, plainUrl] = servers.map((server) => server.url) as [string, string];
    });
    after(async () => {
      await Promise.all(servers.map((server) => server.close()));
    });

    it('sends HSTS over TLS on a success, a 404 and the CSRF token route, with a Secure cookie', async () => {
      for (const path of ['/health', '/no-such-route']) {
        const res = await request(`${tlsUrl}${path}`, ca);
        assert.equal(res.headers['strict-transport-security'], HSTS, `${path} (status ${res.status})`);
      }
      const token = await request(`${tlsUrl}/csrf-token`, ca);
      assert.equal(token.status, 200);
      assert.equal(token.headers['strict-transport-security'], HSTS);
      const cookie = token.headers['set-cookie']?.[0] ?? '';
      assert.match(cookie, /^__Host-rampart_sid=[^;]+;.*;\s*Secure/i, cookie);
    });

    it('sends no HSTS over plain HTTP, even when an untrusted client claims X-Forwarded-Proto: https', async () => {
      for (const headers of [{}, { 'x-forwarded-proto': 'https' }, { forwarded: 'proto=https' }]) {
        const res = await request(`${plainUrl}/health`, ca, headers);
        assert.equal(res.status, 200);
        assert.equal(res.headers['strict-transport-security'], undefined, JSON.stringify(headers));
        const token = await request(`${plainUrl}/csrf-token`, ca, headers);
        const cookie = token.headers['set-cookie']?.[0] ?? '';
        assert.match(cookie, /^rampart_sid=/, cookie);
        assert.doesNotMatch(cookie, /;\s*Secure/i, cookie);
      }
    });
  });
}
