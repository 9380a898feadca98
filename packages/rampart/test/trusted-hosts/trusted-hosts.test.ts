import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { rampartFastify, secureServerOptions } from '../../src/adapters/fastify/index.js';
import type { SecurityEvent } from '../../src/events/catalogue.js';
import type { RequestHeaders, RequestView } from '../../src/lib/request.js';
import { createRampart } from '../../src/pipeline/index.js';
import { createTrustedHosts } from '../../src/trusted-hosts/index.js';
import { manualClock } from '../helpers/clock.js';

function assertDenied(patterns: readonly string[], headers: RequestHeaders, label: string): void {
  const denial = createTrustedHosts(patterns).check(headers);
  assert.ok(denial !== undefined, `${label}: allowed, expected 400`);
  assert.equal(denial.allowed, false);
  assert.equal(denial.status, 400, label);
  assert.deepEqual(denial.body, { error: 'Host not allowed', code: 'HOST_NOT_ALLOWED' }, label);
}

function assertAllowed(patterns: readonly string[], headers: RequestHeaders, label: string): void {
  assert.equal(createTrustedHosts(patterns).check(headers), undefined, `${label}: denied`);
}

function table(patterns: readonly string[], rows: readonly [host: string, allowed: boolean][]): void {
  for (const [host, allowed] of rows) {
    const label = `${JSON.stringify(patterns)} Host: ${JSON.stringify(host)}`;
    if (allowed) assertAllowed(patterns, { host }, label);
    else assertDenied(patterns, { host }, label);
  }
}

describe('createTrustedHosts', () => {
  it('matches exact names, case-insensitively, with any port when the pattern has none', () => {
    table(
      ['example.com'],
      [
        ['example.com', true],
        ['EXAMPLE.com', true],
        [' example.com ', true],
        ['example.com:443', true],
        ['example.com:8080', true],
        ['www.example.com', false],
        ['evil.com', false],
        ['example.com.evil.com', false],
        ['evil-example.com', false],
        ['example.co', false],
        ['example.comm', false],
        ['example.com.', false],
        ['', false],
        [':443', false],
        ['evil.com:example.com', false],
      ],
    );
  });

  it('matches *.domain on any subdomain but never the bare domain or a look-alike', () => {
    table(
      ['*.example.com'],
      [
        ['api.example.com', true],
        ['a.b.example.com', true],
        ['API.EXAMPLE.COM', true],
        ['api.example.com:8443', true],
        ['example.com', false],
        ['example.com:443', false],
        ['.example.com', false],
        ['evil-example.com', false],
        ['evilexample.com', false],
        ['api.example.com.evil.com', false],
        ['api.example.co', false],
        ['example.com.evil', false],
      ],
    );
  });

  it('matches a pattern with a port on that port only', () => {
    table(
      ['example.com:8443'],
      [
        ['example.com:8443', true],
        ['EXAMPLE.COM:8443', true],
        ['example.com', false],
        ['example.com:443', false],
        ['example.com:84430', false],
      ],
    );
  });

  it('matches a wildcard pattern with a port on subdomains at that port', () => {
    table(
      ['*.example.com:8443'],
      [
        ['api.example.com:8443', true],
        ['api.example.com:443', false],
        ['api.example.com', false],
        ['example.com:8443', false],
      ],
    );
  });

  it('handles IPv6 literals with and without a port', () => {
    table(
      ['[::1]', '127.0.0.1'],
      [
        ['[::1]', true],
        ['[::1]:3000', true],
        ['127.0.0.1', true],
        ['127.0.0.1:3000', true],
        ['[::2]', false],
        ['127.0.0.2', false],
      ],
    );
  });

  it('refuses a Host whose "port" smuggles another host (absolute URLs built from it would point elsewhere)', () => {
    // `https://${host}/reset?token=...` with host `example.com:80@evil.com` is a link to evil.com.
    table(
      ['example.com', '*.example.com'],
      [
        ['example.com:80@evil.com', false],
        ['example.com:@evil.com', false],
        ['api.example.com:1@evil.com', false],
        ['example.com:evil', false],
        ['example.com:80/evil', false],
        ['example.com:', false],
      ],
    );
  });

  it('accepts any of several patterns', () => {
    table(
      ['example.com', '*.example.org', 'localhost:3000'],
      [
        ['example.com', true],
        ['x.example.org', true],
        ['localhost:3000', true],
        ['localhost', false],
        ['example.org', false],
      ],
    );
  });

  it('refuses a missing or empty Host with 400 HOST_NOT_ALLOWED', () => {
    for (const headers of [{}, { host: '' }, { host: '   ' }, { host: undefined }] as RequestHeaders[]) {
      assertDenied(['example.com'], headers, JSON.stringify(headers));
    }
  });

  it('reports the refused host, cut to 255 characters', () => {
    const host = `${'a'.repeat(300)}.evil.com`;
    assert.equal(createTrustedHosts(['example.com']).check({ host })?.host, host.slice(0, 255));
    assert.equal(createTrustedHosts(['example.com']).check({ host: 'Evil.COM' })?.host, 'evil.com');
  });

  // Behind a proxy, Fastify's request.host and Express's req.hostname come from these headers, and nginx passes a
  // client's own X-Forwarded-Host through: a reviewer session got a reset link for evil.example out of a guarded app.
  it('refuses a forwarded host that is not on the list, as X-Forwarded-Host or Forwarded host=', () => {
    const hosts = createTrustedHosts(['wallet.example']);
    const host = 'wallet.example';
    for (const headers of [
      { host, 'x-forwarded-host': 'evil.example' },
      { host, 'x-forwarded-host': 'wallet.example, evil.example' },
      { host, 'x-forwarded-host': ['wallet.example', 'evil.example'] },
      { host, 'x-forwarded-host': 'wallet.example:443@evil.example' },
      { host, forwarded: 'for=192.0.2.60;proto=https;host=evil.example' },
      { host, forwarded: 'for=192.0.2.60;host="wallet.example", for=198.51.100.17;HOST="evil.example"' },
    ]) {
      assert.equal(hosts.check(headers)?.status, 400, JSON.stringify(headers));
    }
    assert.equal(hosts.check({ host, 'x-forwarded-host': 'evil.example' })?.host, 'evil.example');
    for (const headers of [
      { host, 'x-forwarded-host': 'wallet.example' },
      { host, 'x-forwarded-host': 'Wallet.Example:443, wallet.example' },
      { host, forwarded: 'for=192.0.2.60;proto=https;host="wallet.example"' },
      { host, forwarded: 'for=192.0.2.60;proto=https' },
      { host, 'x-forwarded-host': '' },
    ]) {
      assert.equal(hosts.check(headers), undefined, JSON.stringify(headers));
    }
    // A proxy's `$host` carries no port: it matches a pattern with one, by name.
    const pinned = createTrustedHosts(['wallet.example:8443']);
    assert.equal(
      pinned.check({ host: 'wallet.example:8443', 'x-forwarded-host': 'wallet.example' }),
      undefined,
    );
    assert.equal(
      pinned.check({ host: 'wallet.example:8443', 'x-forwarded-host': 'wallet.example:80' })?.status,
      400,
    );
    assert.equal(
      pinned.check({ host: 'wallet.example:8443', 'x-forwarded-host': 'evil.example' })?.status,
      400,
    );
  });

  it('allows every host, and a missing one, when the list is empty', () => {
    const open = createTrustedHosts([]);
    for (const host of ['example.com', 'evil.com', '', 'x:1@y', undefined]) {
      assert.equal(open.check({ host }), undefined, String(host));
    }
    assert.equal(open.check({}), undefined);
  });
});

describe('trusted hosts in the pipeline', () => {
  const view = (headers: RequestHeaders): RequestView => ({
    method: 'GET',
    url: '/',
    route: '/',
    headers,
    rawHeaders: [],
    socketIp: '198.51.100.4',
    socketEncrypted: false,
  });

  /** A pipeline that trusts only example.com, on a manual clock, recording its events. */
  const guarded = () => {
    const clock = manualClock();
    const rampart = createRampart({
      trustedHosts: ['example.com'],
      events: { logger: false },
      now: clock.now,
    });
    const events: SecurityEvent[] = [];
    rampart.events.subscribe((event) => events.push(event));
    return { clock, rampart, events };
  };

  it('answers 400 HOST_NOT_ALLOWED for a missing Host and emits host_rejected', async () => {
    const { clock, rampart, events } = guarded();
    for (const headers of [{}, { host: 'evil.com' }]) {
      events.length = 0;
      clock.advance(10_000);
      const outcome = await rampart.run(view(headers));
      assert.equal(outcome.denial?.status, 400);
      assert.deepEqual(outcome.denial?.body, { error: 'Host not allowed', code: 'HOST_NOT_ALLOWED' });
      assert.deepEqual(
        events.map((event) => [event.type, event.severity, event.details]),
        [['host_rejected', 'WARNING', { host: headers.host ?? '' }]],
      );
    }
    const ok = await rampart.run(view({ host: 'example.com' }));
    assert.equal(ok.denial, undefined);
  });

  it('reports a flood of refused hosts from one client once per 10 s, and refuses every request', async () => {
    const { clock, rampart, events } = guarded();
    for (let i = 0; i < 50; i++) {
      assert.equal((await rampart.run(view({ host: 'evil.com' }))).denial?.status, 400);
      clock.advance(100);
    }
    assert.equal(events.filter((e) => e.type === 'host_rejected').length, 1);
    clock.advance(10_000);
    await rampart.run(view({ host: 'evil.com' }));
    assert.equal(events.filter((e) => e.type === 'host_rejected').length, 2);
    // A wall clock stepped back a minute: the client's next refusal is reported, not silenced for 70 s.
    clock.advance(-60_000);
    await rampart.run(view({ host: 'evil.com' }));
    assert.equal(events.filter((e) => e.type === 'host_rejected').length, 3);
  });

  it('lets a missing Host through when no list is configured', async () => {
    const rampart = createRampart({ events: { logger: false } });
    assert.equal((await rampart.run(view({}))).denial, undefined);
  });

  it('refuses a wrong Host through the Fastify adapter, with security headers', async () => {
    const app = Fastify({ ...secureServerOptions() });
    await app.register(rampartFastify, { trustedHosts: ['api.example.com'], events: { logger: false } });
    app.get('/', async () => ({ ok: true }));
    for (const [host, status] of [
      ['api.example.com', 200],
      ['api.example.com:3000', 200],
      ['evil.com', 400],
      ['localhost:80', 400],
    ] as const) {
      const res = await app.inject({ method: 'GET', url: '/', headers: { host } });
      assert.equal(res.statusCode, status, host);
      if (status === 400)
        assert.deepEqual(res.json(), { error: 'Host not allowed', code: 'HOST_NOT_ALLOWED' });
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
    }
    const forwarded = await app.inject({
      method: 'GET',
      url: '/',
      headers: { host: 'api.example.com', 'x-forwarded-host': 'evil.com' },
    });
    assert.equal(forwarded.statusCode, 400);
    await app.close();
  });
});
