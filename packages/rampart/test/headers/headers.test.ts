import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../../src/config/defaults.js';
import { createSecurityHeaders, type SecurityHeaderOptions, serializeCsp } from '../../src/headers/index.js';
import type { HeaderPairs } from '../../src/lib/request.js';
import { SPEC_CSP, SPEC_SECURITY_HEADERS } from '../helpers/spec.js';

const options = (overrides: Partial<SecurityHeaderOptions> = {}): SecurityHeaderOptions => ({
  ...DEFAULTS.headers,
  ...overrides,
});

/** Header pairs as a map; fails on a header set twice (two CSPs would both apply, the stricter winning). */
function toMap(pairs: HeaderPairs): Map<string, string> {
  const map = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    assert.equal(map.has(key), false, `${name} set twice`);
    map.set(key, value);
  }
  return map;
}

const get = (
  overrides: Partial<SecurityHeaderOptions> = {},
  request: Partial<Parameters<ReturnType<typeof createSecurityHeaders>['forRequest']>[0]> = {},
) => {
  const set = createSecurityHeaders(options(overrides)).forRequest({
    secure: false,
    method: 'GET',
    route: '/items',
    ...request,
  });
  return { map: toMap(set.headers), nonce: set.nonce };
};

describe('createSecurityHeaders', () => {
  it('sends the SPEC §2 header set by default', () => {
    const { map, nonce } = get();
    assert.equal(nonce, undefined);
    const expected = SPEC_SECURITY_HEADERS;
    for (const [name, value] of expected) assert.equal(map.get(name), value, name);
    assert.equal(map.has('strict-transport-security'), false, 'no HSTS over plain HTTP');
    assert.equal(map.has('cache-control'), false, 'no no-store on an ordinary route');
  });

  it("has no 'unsafe-inline' or 'unsafe-eval' anywhere in the default CSP", () => {
    const csp = get().map.get('content-security-policy') ?? '';
    assert.ok(csp.length > 0);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    assert.equal(serializeCsp(DEFAULTS.headers.contentSecurityPolicy), SPEC_CSP);
  });

  it('adds HSTS only when the request is secure', () => {
    assert.equal(
      get({}, { secure: true }).map.get('strict-transport-security'),
      'max-age=31536000; includeSubDomains',
    );
    assert.equal(get({}, { secure: false }).map.get('strict-transport-security'), undefined);
    const table: [Partial<SecurityHeaderOptions>, string][] = [
      [{ hstsMaxAgeSeconds: 600 }, 'max-age=600; includeSubDomains'],
      [{ hstsIncludeSubDomains: false }, 'max-age=31536000'],
      [{ hstsPreload: true }, 'max-age=31536000; includeSubDomains; preload'],
      [
        { hstsIncludeSubDomains: false, hstsPreload: true, hstsMaxAgeSeconds: 63072000 },
        'max-age=63072000; preload',
      ],
    ];
    for (const [overrides, value] of table) {
      assert.equal(
        get(overrides, { secure: true }).map.get('strict-transport-security'),
        value,
        JSON.stringify(overrides),
      );
      assert.equal(get(overrides, { secure: false }).map.has('strict-transport-security'), false);
    }
  });

  it('sends X-XSS-Protection 0 by default and the configured value otherwise', () => {
    assert.equal(get().map.get('x-xss-protection'), '0');
    assert.equal(get({ xssProtection: '1; mode=block' }).map.get('x-xss-protection'), '1; mode=block');
  });

  it('applies the other options: frame options, referrer policy, permissions policy, custom CSP', () => {
    const { map } = get({
      frameOptions: 'SAMEORIGIN',
      referrerPolicy: 'no-referrer',
      permissionsPolicy: 'camera=()',
      contentSecurityPolicy: { 'default-src': ["'none'"], 'upgrade-insecure-requests': [] },
    });
    assert.equal(map.get('x-frame-options'), 'SAMEORIGIN');
    assert.equal(map.get('referrer-policy'), 'no-referrer');
    assert.equal(map.get('permissions-policy'), 'camera=()');
    assert.equal(map.get('content-security-policy'), "default-src 'none'; upgrade-insecure-requests");
  });

  it('leaves out only the CSP when dangerouslyDisableContentSecurityPolicy is set', () => {
    const { map } = get({ dangerouslyDisableContentSecurityPolicy: true });
    assert.equal(map.has('content-security-policy'), false);
    assert.equal(map.get('x-content-type-options'), 'nosniff');
    const nonced = get({ dangerouslyDisableContentSecurityPolicy: true, cspNonce: true });
    assert.equal(nonced.map.has('content-security-policy'), false);
    assert.equal(nonced.nonce, undefined);
  });

  describe('nonce mode', () => {
    it('gives every response a fresh nonce, added to script-src and style-src only', () => {
      const headers = createSecurityHeaders(options({ cspNonce: true }));
      const seen = new Set<string>();
      for (let i = 0; i < 200; i++) {
        const set = headers.forRequest({ secure: i % 2 === 0, method: 'GET', route: '/page' });
        const nonce = set.nonce;
        assert.ok(nonce !== undefined);
        assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/, '16 random bytes, base64');
        assert.equal(seen.has(nonce), false, 'nonce reused');
        seen.add(nonce);
        const csp = toMap(set.headers).get('content-security-policy');
        const directives = new Map(
          (csp ?? '').split('; ').map((d) => {
            const [name = '', ...sources] = d.split(' ');
            return [name, sources] as const;
          }),
        );
        assert.deepEqual(directives.get('script-src'), ["'self'", `'nonce-${nonce}'`]);
        assert.deepEqual(directives.get('style-src'), ["'self'", `'nonce-${nonce}'`]);
        for (const [name, sources] of directives) {
          if (name !== 'script-src' && name !== 'style-src') {
            assert.ok(!sources.some((s) => s.includes('nonce')), `${name} has a nonce`);
          }
        }
        assert.equal(directives.size, 9);
      }
    });

    it('keeps the HSTS and no-store choices with a nonce', () => {
      const set = createSecurityHeaders(options({ cspNonce: true })).forRequest({
        secure: true,
        method: 'GET',
        route: '/csrf-token',
      });
      const map = toMap(set.headers);
      assert.equal(map.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
      assert.equal(map.get('cache-control'), 'no-store');
    });
  });

  describe('no-store routes', () => {
    it('marks exactly the listed route patterns, never a prefix or a near match', () => {
      const noStoreRoutes = ['/csrf-token', '/auth/login', 'POST /auth/refresh'];
      const table: [string, string | undefined, boolean][] = [
        ['GET', '/csrf-token', true],
        ['POST', '/auth/login', true],
        ['POST', '/auth/refresh', true],
        ['GET', '/auth/refresh', false],
        ['GET', '/csrf-token/extra', false],
        ['GET', '/csrf', false],
        ['GET', '/auth', false],
        ['GET', '/auth/login/other', false],
        ['GET', '/auth/loginx', false],
        ['GET', '/', false],
        ['GET', undefined, false],
      ];
      const headers = createSecurityHeaders(options({ noStoreRoutes }));
      for (const [method, route, noStore] of table) {
        for (const secure of [false, true]) {
          const map = toMap(headers.forRequest({ secure, method, route }).headers);
          assert.equal(map.get('cache-control'), noStore ? 'no-store' : undefined, `${method} ${route}`);
        }
      }
    });

    it('marks /csrf-token by default', () => {
      assert.equal(get({}, { route: '/csrf-token' }).map.get('cache-control'), 'no-store');
      assert.equal(get({}, { route: '/csrf-token-x' }).map.get('cache-control'), undefined);
    });
  });

  it('sends no headers at all when enabled is false', () => {
    for (const overrides of [{ enabled: false }, { enabled: false, cspNonce: true }]) {
      for (const secure of [false, true]) {
        const set = createSecurityHeaders(options(overrides)).forRequest({
          secure,
          method: 'GET',
          route: '/csrf-token',
        });
        assert.deepEqual(set.headers, []);
        assert.equal(set.nonce, undefined);
      }
    }
  });
});

describe('serializeCsp', () => {
  it('joins directives in order, sources with spaces, directives with "; "', () => {
    const table: [Record<string, string[]>, string | undefined, string][] = [
      [{}, undefined, ''],
      [{ 'default-src': ["'self'"] }, undefined, "default-src 'self'"],
      [
        { 'default-src': ["'self'"], 'img-src': ["'self'", 'data:', 'https:'] },
        undefined,
        "default-src 'self'; img-src 'self' data: https:",
      ],
      [{ 'upgrade-insecure-requests': [] }, undefined, 'upgrade-insecure-requests'],
      [
        { 'script-src': ["'self'"], 'img-src': ["'self'"] },
        'abc',
        "script-src 'self' 'nonce-abc'; img-src 'self'",
      ],
      [{ 'style-src': [] }, 'xyz', "style-src 'nonce-xyz'"],
      [{ 'default-src': ["'none'"] }, 'n', "default-src 'none'"],
    ];
    for (const [directives, nonce, expected] of table) {
      assert.equal(serializeCsp(directives, nonce), expected, JSON.stringify([directives, nonce]));
    }
  });

  it('does not change the directives it is given', () => {
    const directives = { 'script-src': ["'self'"] };
    serializeCsp(directives, 'n1');
    assert.deepEqual(directives, { 'script-src': ["'self'"] });
  });
});
