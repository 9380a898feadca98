import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as rampart from '../../src/index.js';

const docsPath = fileURLToPath(new URL('../../../../../docs/errors.md', import.meta.url));
const docs = readFileSync(docsPath, 'utf8');
const documented = new Map(
  [...docs.matchAll(/^\| `([A-Z0-9_]+)` \| (\d{3}|—) \|/gm)].map((m) => [m[1] ?? '', m[2] ?? '']),
);

describe('error registry', () => {
  it('is exported from the package', () => {
    assert.ok(Object.keys(rampart.ERROR_CODES).length >= 20);
    assert.ok(Object.isFrozen(rampart.ERROR_CODES));
    assert.equal(typeof rampart.errorBody, 'function');
    assert.equal(typeof rampart.RampartError, 'function');
    assert.equal(typeof rampart.RampartConfigError, 'function');
  });

  it('lists every code in docs/errors.md with the same status, and nothing else', () => {
    for (const [code, { status }] of Object.entries(rampart.ERROR_CODES)) {
      assert.ok(documented.has(code), `${code} is missing from docs/errors.md`);
      if (!code.startsWith('CONFIG_'))
        assert.equal(documented.get(code), String(status), `${code} status differs`);
    }
    for (const code of documented.keys()) {
      assert.ok(
        code in rampart.ERROR_CODES,
        `docs/errors.md lists ${code}, which the registry does not have`,
      );
    }
  });

  it('uses UPPER_SNAKE codes, 4xx/5xx statuses and non-empty messages', () => {
    for (const [code, { status, message }] of Object.entries(rampart.ERROR_CODES)) {
      assert.match(code, /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/);
      assert.ok(status >= 400 && status < 600, `${code}: ${status}`);
      assert.ok(message.length > 0);
    }
  });

  it('builds bodies with the registry message and extra fields', () => {
    assert.deepEqual(rampart.errorBody('RATE_LIMITED', { retry_after: 3 }), {
      error: 'Rate limit exceeded. Please try again later.',
      code: 'RATE_LIMITED',
      retry_after: 3,
    });
    assert.deepEqual(rampart.errorBody('URL_TOO_LONG'), { error: 'URL too long', code: 'URL_TOO_LONG' });
  });

  it('gives RampartError and its subclasses the registry status', () => {
    const error = new rampart.StoreUnavailableError('redis down', { cause: new Error('ECONNREFUSED') });
    assert.ok(error instanceof rampart.RampartError);
    assert.equal(error.code, 'STORE_UNAVAILABLE');
    assert.equal(error.statusCode, 503);
    const config = new rampart.RampartConfigError('cors.origins', 'bad');
    assert.ok(config instanceof TypeError);
    assert.equal(config.code, 'CONFIG_INVALID');
    assert.equal(config.option, 'cors.origins');
    assert.match(config.message, /^rampart: cors\.origins: bad$/);
  });
});
