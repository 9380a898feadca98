import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULTS } from '../../src/config/index.js';
import { createInspector, type InspectInput, type InspectOptions } from '../../src/inspect/policy.js';

const SQLI = "x' OR '1'='1";
const XSS = '<script>alert(1)</script>';

function inspectorWith(options: Partial<InspectOptions>) {
  return createInspector({ ...DEFAULTS.inspect, ...options });
}

const request = (input: Partial<InspectInput>): InspectInput => ({
  method: 'POST',
  route: '/transfer',
  headers: {},
  ...input,
});

describe('inspection policy', () => {
  it('reports by default (monitor) and never blocks', () => {
    const outcome = inspectorWith({}).inspect(request({ body: { memo: SQLI } }));
    assert.equal(outcome.blocked, false);
    assert.deepEqual(
      outcome.findings.map((f) => [f.type, f.field, f.mode, f.kind]),
      [['sql_injection', 'body.memo', 'monitor', 'text']],
    );
    assert.ok((outcome.findings[0]?.fingerprint.length ?? 0) > 0);
    assert.equal(outcome.findings[0]?.length, SQLI.length);
  });

  it('names fields by path, array positions left out, with their source', () => {
    const outcome = inspectorWith({}).inspect(
      request({
        params: { id: SQLI },
        query: { q: [XSS] },
        body: { items: [{ name: 'ok' }, { name: XSS }], [XSS]: 1 },
        headers: { 'user-agent': SQLI, cookie: SQLI },
      }),
    );
    // A key that is itself the payload is not repeated in the report.
    assert.deepEqual(outcome.findings.map((f) => f.field).sort(), [
      'body.?',
      'body.items.name',
      'header.user-agent',
      'params.id',
      'query.q',
    ]);
  });

  it('resolves the mode: field over route over global, route fields over global fields', () => {
    const inspector = inspectorWith({
      mode: 'monitor',
      fields: { memo: { mode: 'block' }, note: { mode: 'off' } },
      routes: {
        'POST /transfer': { mode: 'block', fields: { memo: { mode: 'monitor' } } },
        '/quiet': { mode: 'off' },
      },
    });
    const onTransfer = inspector.inspect(request({ body: { memo: SQLI, note: SQLI, other: SQLI } }));
    assert.deepEqual(
      onTransfer.findings.map((f) => [f.field, f.mode]),
      [
        ['body.memo', 'monitor'],
        ['body.other', 'block'],
      ],
    );
    assert.equal(onTransfer.blocked, true);
    const elsewhere = inspector.inspect(request({ route: '/other', body: { memo: SQLI, other: SQLI } }));
    assert.deepEqual(
      elsewhere.findings.map((f) => [f.field, f.mode]),
      [
        ['body.memo', 'block'],
        ['body.other', 'monitor'],
      ],
    );
    assert.deepEqual(inspector.inspect(request({ route: '/quiet', body: { other: SQLI } })).findings, []);
  });

  it('a source-qualified path applies to that source only', () => {
    const inspector = inspectorWith({ mode: 'block', fields: { 'query.q': { mode: 'off' } } });
    assert.equal(inspector.inspect(request({ query: { q: SQLI } })).blocked, false);
    assert.equal(inspector.inspect(request({ body: { q: SQLI } })).blocked, true);
  });

  it('judges each kind by its own rules', () => {
    const inspector = inspectorWith({
      fields: { site: { kind: 'url' }, bio: { kind: 'richText' }, account: { kind: 'identifier' } },
    });
    const types = (body: unknown) => inspector.inspect(request({ body })).findings.map((f) => f.type);
    assert.deepEqual(types({ site: 'javascript:alert(1)' }), ['xss']);
    assert.deepEqual(types({ site: 'https://example.com/a?b=1&c=2' }), []);
    assert.deepEqual(types({ bio: '<p style="text-align: center"><b>Hi</b></p>' }), []);
    assert.deepEqual(types({ bio: '<p onclick="steal()">Hi</p>' }), ['xss']);
    assert.deepEqual(types({ account: 'acct_42@bank.example' }), []);
    assert.deepEqual(types({ account: 'acct 42' }), ['invalid_identifier']);
    assert.deepEqual(types({ account: SQLI }), ['sql_injection']);
    // An object key is free text, whatever the kind of its value.
    assert.deepEqual(types({ account: { [XSS]: 'x' } }), ['xss']);
  });

  it('stops at the work caps and reports the request itself', () => {
    const byCount = inspectorWith({ mode: 'block', maxValues: 3 }).inspect(
      request({ body: { a: '1', b: '2', c: SQLI } }),
    );
    assert.deepEqual(
      byCount.findings.map((f) => [f.type, f.fingerprint]),
      [['too_much_input', 'max-values']],
    );
    assert.equal(byCount.blocked, true);
    const byChars = inspectorWith({ maxChars: 10 }).inspect(request({ body: { a: 'x'.repeat(11) } }));
    assert.deepEqual(
      byChars.findings.map((f) => [f.type, f.fingerprint, f.mode]),
      [['too_much_input', 'max-chars', 'monitor']],
    );
  });

  it('does no work at all when everything is off', () => {
    const inspector = inspectorWith({ mode: 'off' });
    assert.equal(inspector.off, true);
    assert.deepEqual(inspector.inspect(request({ body: { memo: SQLI } })).findings, []);
    assert.equal(inspectorWith({ mode: 'off', routes: { '/x': { mode: 'monitor' } } }).off, false);
  });

  it('ignores numbers, booleans and nulls, and survives deep or odd input', () => {
    const inspector = inspectorWith({ mode: 'block' });
    assert.equal(
      inspector.inspect(request({ body: { n: 1, b: true, z: null, list: [1, 2] } })).blocked,
      false,
    );
    let deep: unknown = SQLI;
    for (let i = 0; i < 200; i++) deep = [deep];
    // Beyond 64 levels the walk stops (the JSON limits refuse such bodies before inspection anyway).
    assert.doesNotThrow(() => inspector.inspect(request({ body: deep })));
    assert.equal(inspector.inspect(request({ body: SQLI })).findings[0]?.field, 'body');
  });
});
