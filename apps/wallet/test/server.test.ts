import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createRampart } from 'rampart';
import { buildServer } from '../src/server.js';
import { loadSettings } from '../src/settings.js';

const dataDir = mkdtempSync(join(tmpdir(), 'wallet-test-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

describe('settings', () => {
  it('defaults to localhost:5000 (loopback only) and the seed route limits', () => {
    const settings = loadSettings({ DATA_DIR: dataDir });
    assert.equal(settings.port, 5000);
    assert.equal(settings.host, 'localhost');
    assert.deepEqual(settings.rampart.rateLimit?.routes?.['POST /wallet/send'], {
      limit: 20,
      windowMs: 60_000,
      key: 'user',
    });
    assert.deepEqual(settings.rampart.rateLimit?.routes?.['POST /wallet/create'], {
      limit: 5,
      windowMs: 3_600_000,
    });
    assert.deepEqual(settings.rampart.rateLimit?.routes?.['POST /mine'], {
      limit: 100,
      windowMs: 60_000,
      key: 'user',
    });
    assert.deepEqual(settings.rampart.rateLimit?.routes?.['GET /transaction/:id'], {
      limit: 50,
      windowMs: 60_000,
    });
  });

  it('generates a development secret once, mode 0600, and reuses it', () => {
    const dir = join(dataDir, 'secret-test');
    const first = loadSettings({ DATA_DIR: dir });
    assert.match(first.notices[0] ?? '', /generated a development secret/);
    assert.ok(
      !(first.notices[0] ?? '').includes(String(first.rampart.secret)),
      'the notice must not print the secret',
    );
    const file = join(dir, 'secret.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(readFileSync(file, 'utf8').trim(), first.rampart.secret);
    const second = loadSettings({ DATA_DIR: dir });
    assert.equal(second.rampart.secret, first.rampart.secret);
    assert.deepEqual(second.notices, []);
  });

  it('reads PORT, HOST and the SPEC environment variables', () => {
    const settings = loadSettings({
      DATA_DIR: dataDir,
      PORT: '8080',
      HOST: '0.0.0.0',
      RATE_LIMIT_REQUESTS: '10',
    });
    assert.equal(settings.port, 8080);
    assert.equal(settings.host, '0.0.0.0');
    assert.equal(settings.rampart.rateLimit?.global?.limit, 10);
  });

  for (const bad of ['http', '-1', '70000', '1.5']) {
    it(`rejects PORT=${bad}`, () =>
      assert.throws(() => loadSettings({ DATA_DIR: dataDir, PORT: bad }), /PORT must be a port number/));
  }

  it('refuses to build a production configuration without SECRET_KEY and CORS_ORIGINS', () => {
    const settings = loadSettings({ DATA_DIR: dataDir, NODE_ENV: 'production' });
    assert.throws(() => createRampart(settings.rampart), /SECRET_KEY is required in production/);
  });

  it('accepts a production configuration with a strong secret and HTTPS origins', () => {
    const settings = loadSettings({
      DATA_DIR: dataDir,
      NODE_ENV: 'production',
      SECRET_KEY: randomBytes(32).toString('hex'),
      CORS_ORIGINS: 'https://wallet.example',
    });
    assert.equal(
      createRampart({ ...settings.rampart, events: { logger: false } }).config.environment,
      'production',
    );
  });

  it('requires SSL_CERTFILE and SSL_KEYFILE together', () => {
    assert.throws(() => loadSettings({ DATA_DIR: dataDir, SSL_CERTFILE: '/x.pem' }), /must be set together/);
  });
});

describe('wallet server', () => {
  it('answers the health and readiness routes, exempt from limits, with security headers', async () => {
    const settings = loadSettings({ DATA_DIR: dataDir, RATE_LIMIT_REQUESTS: '1' });
    const { app } = await buildServer(settings, { logger: false });
    for (const url of ['/health', '/healthz', '/health', '/healthz']) {
      const response = await app.inject({ url });
      assert.equal(response.statusCode, 200, url);
      assert.deepEqual(response.json(), { status: 'ok' });
      assert.equal(response.headers['x-frame-options'], 'DENY');
      assert.match(String(response.headers['content-security-policy']), /script-src 'self';/);
    }
    const ready = await app.inject({ url: '/readyz' });
    assert.deepEqual(ready.json(), { status: 'ready', checks: { store: 'ok' } });
    await app.close();
  });

  it('issues CSRF tokens and guards state-changing requests', async () => {
    const { app } = await buildServer(loadSettings({ DATA_DIR: dataDir }), { logger: false });
    const token = await app.inject({ url: '/csrf-token' });
    assert.equal(token.statusCode, 200);
    assert.ok(typeof token.json().csrf_token === 'string');
    const forged = await app.inject({ method: 'POST', url: '/health', headers: { cookie: 'rampart_sid=x' } });
    assert.equal(forged.statusCode, 403);
    assert.equal(forged.json().code, 'CSRF_MISSING');
    await app.close();
  });

  it('answers unknown routes with a JSON 404 carrying the security headers', async () => {
    const { app } = await buildServer(loadSettings({ DATA_DIR: dataDir }), { logger: false });
    const response = await app.inject({ url: '/no/such/route' });
    assert.equal(response.statusCode, 404);
    assert.deepEqual(response.json(), { error: 'Not found', code: 'NOT_FOUND' });
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    await app.close();
  });

  it('allows the development origins through CORS and no others', async () => {
    const { app } = await buildServer(loadSettings({ DATA_DIR: dataDir }), { logger: false });
    const ok = await app.inject({ url: '/health', headers: { origin: 'http://localhost:3000' } });
    assert.equal(ok.headers['access-control-allow-origin'], 'http://localhost:3000');
    const evil = await app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    assert.equal(evil.headers['access-control-allow-origin'], undefined);
    await app.close();
  });

  it('refuses an injection in its identifier fields (addresses, ids) and only reports one in free text', async () => {
    const { app } = await buildServer(loadSettings({ DATA_DIR: dataDir }), { logger: false });
    const events: string[] = [];
    app.rampart.events.subscribe((event) => events.push(event.type));
    const attack = encodeURIComponent("XAI00' OR '1'='1");
    const refused = await app.inject({ url: `/health?address=${attack}` });
    assert.equal(refused.statusCode, 400);
    assert.equal(refused.json().code, 'INPUT_REJECTED');
    assert.equal(refused.json().field, 'query.address');
    const fine = await app.inject({ url: `/health?address=XAI${'0a'.repeat(20)}` });
    assert.equal(fine.statusCode, 200);
    const reported = await app.inject({ url: `/health?q=${attack}` });
    assert.equal(reported.statusCode, 200);
    assert.deepEqual(events, ['sql_injection_attempt', 'sql_injection_attempt']);
    await app.close();
  });
});
