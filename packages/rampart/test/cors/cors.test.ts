import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.js';
import { type CorsDecision, type CorsOptions, createCors, ownOrigin } from '../../src/cors/index.js';
import type { RequestContext, RequestHeaders } from '../../src/lib/request.js';

const ALLOWED = 'https://wallet.example';
const options = (overrides: Partial<CorsOptions> = {}): CorsOptions => ({
  ...DEFAULTS.cors,
  origins: [ALLOWED, 'https://admin.wallet.example:8443'],
  ...overrides,
});

function context(method: string, headers: RequestHeaders, secure = false): RequestContext {
  return {
    method,
    url: '/items',
    route: '/items',
    headers: { host: 'api.wallet.example', ...headers },
    rawHeaders: [],
    socketIp: '203.0.113.5',
    socketEncrypted: secure,
    ip: '203.0.113.5',
    ipKey: '203.0.113.5',
    secure,
  };
}

const headerMap = (decision: CorsDecision): Map<string, string> => {
  const map = new Map<string, string>();
  for (const [name, value] of decision.headers ?? []) {
    assert.equal(map.has(name.toLowerCase()), false, `${name} twice`);
    map.set(name.toLowerCase(), value);
  }
  return map;
};

const preflight = (origin: string, method = 'POST', requestHeaders?: string): RequestHeaders => ({
  origin,
  'access-control-request-method': method,
  ...(requestHeaders !== undefined && { 'access-control-request-headers': requestHeaders }),
});

describe('createCors', () => {
  const cors = createCors(options());

  it('reflects an allowed origin with credentials and Vary: Origin, and offers the exposed headers apart', () => {
    for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
      for (const origin of [ALLOWED, 'https://admin.wallet.example:8443']) {
        const decision = cors.check(context(method, { origin }));
        assert.equal(decision.allowed, true);
        assert.equal(decision.rejectedOrigin, undefined);
        const headers = headerMap(decision);
        assert.equal(headers.get('access-control-allow-origin'), origin);
        assert.equal(headers.get('access-control-allow-credentials'), 'true');
        assert.equal(headers.get('vary'), 'Origin');
        // Exposed only on responses that carry those headers (the pipeline adds them with the rate-limit headers).
        assert.equal(headers.has('access-control-expose-headers'), false);
        assert.deepEqual(decision.expose, [
          [
            'access-control-expose-headers',
            'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, X-RateLimit-Limit, X-RateLimit-Remaining',
          ],
        ]);
        assert.equal(
          headers.has('access-control-allow-methods'),
          false,
          'preflight headers only on preflights',
        );
      }
    }
  });

  it('answers an allowed preflight with 204, methods, headers and max-age', () => {
    const decision = cors.check(context('OPTIONS', preflight(ALLOWED, 'PUT', 'Content-Type, X-CSRF-Token')));
    assert.equal(decision.allowed, false);
    assert.ok(!decision.allowed);
    assert.equal(decision.status, 204);
    assert.equal(decision.body, undefined);
    assert.equal(decision.preflight, true);
    assert.equal(decision.rejectedOrigin, undefined);
    const headers = headerMap(decision);
    assert.equal(headers.get('access-control-allow-origin'), ALLOWED);
    assert.equal(headers.get('access-control-allow-credentials'), 'true');
    assert.equal(headers.get('access-control-allow-methods'), 'GET, POST, PUT, DELETE, OPTIONS');
    assert.equal(headers.get('access-control-allow-headers'), 'Content-Type, Authorization, X-CSRF-Token');
    assert.equal(headers.get('access-control-max-age'), '3600');
    assert.equal(headers.get('vary'), 'Origin');
  });

  it('matches requested headers case-insensitively and ignores empty entries', () => {
    for (const requested of [
      'content-type',
      'AUTHORIZATION,x-csrf-token',
      ' Content-Type ,, Authorization ',
      '',
      '  ',
    ]) {
      const decision = cors.check(context('OPTIONS', preflight(ALLOWED, 'POST', requested)));
      assert.ok(!decision.allowed);
      assert.equal(decision.status, 204, JSON.stringify(requested));
    }
  });

  it('refuses a preflight from an allowed origin that asks for a method or header not on the list', () => {
    const table: [string, string | undefined][] = [
      ['PATCH', undefined],
      ['TRACE', undefined],
      ['post', undefined],
      ['', undefined],
      ['POST', 'X-Evil'],
      ['POST', 'Content-Type, X-Api-Key'],
      ['GET', 'Cookie'],
    ];
    for (const [method, requested] of table) {
      const decision = cors.check(context('OPTIONS', preflight(ALLOWED, method, requested)));
      assert.ok(!decision.allowed);
      assert.equal(decision.status, 403, `${method} ${requested}`);
      assert.equal(decision.body?.code, 'CORS_ORIGIN_DENIED');
      assert.equal(decision.body?.error, 'Origin not allowed');
      assert.equal(headerMap(decision).has('access-control-allow-origin'), false);
    }
  });

  it('refuses a preflight from an origin not on the list: 403 CORS_ORIGIN_DENIED, no CORS headers', () => {
    for (const origin of [
      'https://evil.example',
      'http://wallet.example',
      'https://wallet.example.evil.com',
      'null',
    ]) {
      const decision = cors.check(context('OPTIONS', preflight(origin)));
      assert.ok(!decision.allowed);
      assert.equal(decision.status, 403, origin);
      assert.deepEqual(decision.body, { error: 'Origin not allowed', code: 'CORS_ORIGIN_DENIED' });
      assert.equal(decision.rejectedOrigin, origin);
      assert.equal(decision.preflight, true);
      assert.deepEqual([...headerMap(decision)], [['vary', 'Origin']]);
    }
  });

  it('lets a disallowed actual request through without CORS headers, and reports it', () => {
    const decision = cors.check(context('GET', { origin: 'https://evil.example' }));
    assert.equal(decision.allowed, true);
    assert.equal(decision.rejectedOrigin, 'https://evil.example');
    assert.equal(decision.preflight, false);
    assert.deepEqual([...headerMap(decision)], [['vary', 'Origin']]);
  });

  it('cuts a reported origin to 200 characters', () => {
    const origin = `https://${'a'.repeat(500)}.example`;
    assert.equal(cors.check(context('GET', { origin })).rejectedOrigin, origin.slice(0, 200));
  });

  it('adds only Vary: Origin to requests without an Origin', () => {
    for (const method of ['GET', 'POST', 'OPTIONS']) {
      const decision = cors.check(context(method, {}));
      assert.equal(decision.allowed, true);
      assert.equal(decision.rejectedOrigin, undefined);
      assert.deepEqual([...headerMap(decision)], [['vary', 'Origin']]);
    }
  });

  it('treats OPTIONS without Access-Control-Request-Method as an ordinary request', () => {
    const decision = cors.check(context('OPTIONS', { origin: ALLOWED }));
    assert.equal(decision.allowed, true);
    assert.equal(headerMap(decision).get('access-control-allow-origin'), ALLOWED);
  });

  it('does not report same-origin requests (Origin equals the request scheme and Host)', () => {
    const table: [string, boolean, string][] = [
      ['http://api.wallet.example', false, 'POST'],
      ['https://api.wallet.example', true, 'POST'],
      ['HTTPS://API.WALLET.EXAMPLE', true, 'DELETE'],
    ];
    for (const [origin, secure, method] of table) {
      const decision = cors.check(context(method, { origin }, secure));
      assert.equal(decision.allowed, true);
      assert.equal(decision.rejectedOrigin, undefined, origin);
      assert.equal(headerMap(decision).has('access-control-allow-origin'), false);
    }
    // The other scheme is another origin.
    assert.equal(
      cors.check(context('POST', { origin: 'http://api.wallet.example' }, true)).rejectedOrigin,
      'http://api.wallet.example',
    );
    assert.equal(
      cors.check(context('POST', { origin: 'https://api.wallet.example' }, false)).rejectedOrigin,
      'https://api.wallet.example',
    );
  });

  it('ownOrigin is scheme://host of the request, lower-cased', () => {
    assert.equal(ownOrigin(context('GET', { host: 'API.Example:8080' }, true)), 'https://api.example:8080');
    assert.equal(ownOrigin(context('GET', { host: 'api.example' })), 'http://api.example');
    assert.equal(ownOrigin({ ...context('GET', {}), headers: {} }), undefined);
  });

  it('never sends Access-Control-Allow-Credentials when credentials is false', () => {
    const noCredentials = createCors(options({ credentials: false }));
    assert.equal(
      headerMap(noCredentials.check(context('GET', { origin: ALLOWED }))).has(
        'access-control-allow-credentials',
      ),
      false,
    );
    assert.equal(
      headerMap(noCredentials.check(context('OPTIONS', preflight(ALLOWED)))).has(
        'access-control-allow-credentials',
      ),
      false,
    );
  });

  it('uses the configured methods, headers and max-age', () => {
    const custom = createCors(
      options({ methods: ['GET'], allowedHeaders: ['X-One'], maxAgeSeconds: 60, exposedHeaders: [] }),
    );
    const ok = custom.check(context('OPTIONS', preflight(ALLOWED, 'GET', 'x-one')));
    assert.ok(!ok.allowed);
    assert.equal(ok.status, 204);
    const headers = headerMap(ok);
    assert.equal(headers.get('access-control-allow-methods'), 'GET');
    assert.equal(headers.get('access-control-allow-headers'), 'X-One');
    assert.equal(headers.get('access-control-max-age'), '60');
    const post = custom.check(context('OPTIONS', preflight(ALLOWED, 'POST')));
    assert.ok(!post.allowed);
    assert.equal(post.status, 403);
    assert.equal(
      headerMap(custom.check(context('GET', { origin: ALLOWED }))).has('access-control-expose-headers'),
      false,
    );
  });

  it('does nothing when disabled', () => {
    const off = createCors(options({ enabled: false }));
    for (const headers of [
      { origin: 'https://evil.example' },
      preflight('https://evil.example'),
      preflight(ALLOWED),
    ]) {
      const decision = off.check(context('OPTIONS', headers));
      assert.equal(decision.allowed, true);
      assert.equal(decision.headers, undefined);
      assert.equal(decision.rejectedOrigin, undefined);
    }
  });

  it('allows no cross-origin caller with an empty list', () => {
    const none = createCors(options({ origins: [] }));
    const decision = none.check(context('OPTIONS', preflight(ALLOWED)));
    assert.ok(!decision.allowed);
    assert.equal(decision.status, 403);
    assert.equal(
      headerMap(none.check(context('GET', { origin: ALLOWED }))).has('access-control-allow-origin'),
      false,
    );
  });
});
