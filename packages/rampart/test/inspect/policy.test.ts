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
    // base64url and nanoid ids start with `-` or `_` one time in 32; a path or a hidden name starts with `.`.
    assert.deepEqual(types({ account: '-PUQ4IZQbPEyRNKz4XsoblsBq_2XrfycqJ9SlKXRuh4' }), []);
    assert.deepEqual(types({ account: '_V1StGXR8_Z5jdHi6B-myT' }), []);
    for (const account of ['..', '.env', ':x', '@x']) {
      assert.deepEqual(types({ account }), ['invalid_identifier'], account);
    }
    assert.deepEqual(types({ account: SQLI }), ['sql_injection']);
    // An identifier is a string: an object in its place is an operator (NoSQL `$ne`), refused by shape.
    assert.deepEqual(types({ account: { $ne: null } }), ['invalid_identifier']);
    assert.deepEqual(types({ account: [{ $gt: '' }] }), ['invalid_identifier']);
    assert.deepEqual(types({ account: 42 }), []);
    for (const account of [null, true, 1.5, ['a', 'b'], [], [['a']]]) {
      assert.deepEqual(types({ account }), ['invalid_identifier'], JSON.stringify(account));
    }
    // The identifier's shape, and still SQL or a script URL.
    assert.deepEqual(types({ account: '1--' }), ['sql_injection']);
    assert.deepEqual(types({ account: 'javascript:x' }), ['xss']);
    // An object key is free text, whatever the kind of its field.
    assert.deepEqual(types({ bio: { [XSS]: 'x' } }), ['xss']);
  });

  // A rule that names a header was accepted and did nothing unless the header was also listed in `headers`.
  it('inspects a header a field rule names, listed in headers or not', () => {
    const inspector = inspectorWith({
      headers: [],
      routes: {
        'POST /transfer': { fields: { 'header.x-account-id': { kind: 'identifier', mode: 'block' } } },
      },
    });
    const outcome = inspector.inspect(request({ headers: { 'x-account-id': "1' OR '1'='1" } }));
    assert.equal(outcome.blocked, true);
    assert.equal(outcome.findings[0]?.field, 'header.x-account-id');
    assert.equal(inspector.inspect(request({ headers: { 'x-account-id': 'acct_42' } })).blocked, false);
    // Spelt in any case; objects with numeric keys are named as they are.
    const spelt = inspectorWith({
      fields: {
        'header.X-Account-Id': { mode: 'block' },
        'answers.1': { kind: 'identifier', mode: 'block' },
      },
    });
    assert.equal(spelt.inspect(request({ headers: { 'x-account-id': "1' OR '1'='1" } })).blocked, true);
    assert.equal(spelt.inspect(request({ body: { answers: { 1: 'a b' } } })).blocked, true);
    // A qualified rule beats an unqualified one whatever the case either is spelt in; an unqualified rule reaches a
    // listed header in any case too.
    const both = inspectorWith({ fields: { 'header.X-A': { mode: 'block' }, 'x-a': { mode: 'off' } } });
    assert.equal(both.inspect(request({ headers: { 'x-a': "1' OR '1'='1" } })).blocked, true);
    // Two spellings of one header: the stricter holds, whichever comes last.
    for (const fields of [
      { 'header.X-A': { mode: 'block' as const }, 'header.x-a': { mode: 'off' as const } },
      { 'header.x-a': { mode: 'off' as const }, 'header.X-A': { mode: 'block' as const } },
    ]) {
      const twice = inspectorWith({ fields });
      assert.equal(twice.inspect(request({ headers: { 'x-a': "1' OR '1'='1" } })).blocked, true);
    }
    const unqualified = inspectorWith({
      headers: ['x-account-id'],
      fields: { 'X-Account-Id': { kind: 'identifier', mode: 'block' } },
    });
    assert.equal(unqualified.inspect(request({ headers: { 'x-account-id': 'abc!def' } })).blocked, true);
  });

  // A rule that turns a header off on one route once made every other route inspect it (found by a reviewer
  // session: a webhook's signature header refused everywhere else, in block mode).
  it('inspects a named header only on the routes whose rules name it, and not where they turn it off', () => {
    const inspector = inspectorWith({
      mode: 'block',
      routes: {
        'POST /webhook': { fields: { 'header.x-signature': { mode: 'off' } } },
        'POST /audit': { fields: { 'header.x-trace': {} } },
      },
    });
    const headers = { 'x-signature': "1' OR '1'='1", 'x-trace': "1' OR '1'='1" };
    const fields = (route: string) =>
      inspector.inspect(request({ route, headers })).findings.map((finding) => finding.field);
    assert.deepEqual(fields('/webhook'), []);
    assert.deepEqual(fields('/other'), []);
    assert.deepEqual(fields('/audit'), ['header.x-trace']);
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
    assert.equal(inspector.inspect(request({ body: SQLI })).findings[0]?.field, 'body');
  });
});

/** Attacks on the policy itself: ways to get a value past a `block` field without it being judged. */
describe('inspection policy under attack', () => {
  const wallet = inspectorWith({ fields: { to: { kind: 'identifier', mode: 'block' } } });

  it('padding other fields past the caps cannot carry a block field out of sight', () => {
    const byCount = wallet.inspect(request({ body: { pad: Array(1001).fill(''), to: SQLI } }));
    assert.equal(byCount.blocked, true, JSON.stringify(byCount.findings));
    assert.deepEqual(
      byCount.findings.map((f) => [f.type, f.mode]),
      [['too_much_input', 'block']],
    );
    const byChars = wallet.inspect(
      request({ body: { a: 'a'.repeat(600_000), b: 'b'.repeat(600_000), to: SQLI } }),
    );
    assert.equal(byChars.blocked, true);
    const byQuery = wallet.inspect(request({ query: { p: Array(1001).fill('') }, body: { to: SQLI } }));
    assert.equal(byQuery.blocked, true);
    // Where nothing is in block mode, exhaustion stays a report.
    assert.equal(inspectorWith({}).inspect(request({ body: { pad: Array(1001).fill('') } })).blocked, false);
  });

  it('nesting deeper than the walk goes is a finding, not a blind spot', () => {
    let deep: unknown = SQLI;
    for (let i = 0; i < 200; i++) deep = { a: deep };
    const outcome = inspectorWith({ mode: 'block' }).inspect(request({ body: deep }));
    assert.equal(outcome.blocked, true);
    assert.deepEqual(
      outcome.findings.map((f) => f.fingerprint),
      ['max-depth'],
    );
    assert.equal(wallet.inspect(request({ body: { x: deep, to: 'acct_1' } })).blocked, true);
  });

  it('an operator object in an identifier field is refused (NoSQL injection)', () => {
    for (const to of [{ $ne: null }, { $gt: '' }, [{ $regex: '.*' }]]) {
      const outcome = wallet.inspect(request({ body: { to } }));
      assert.equal(outcome.blocked, true, JSON.stringify(to));
      assert.equal(outcome.findings[0]?.type, 'invalid_identifier');
    }
  });

  it('a rule for one source never applies to a same-named path in another', () => {
    const inspector = inspectorWith({ mode: 'block', fields: { 'query.q': { mode: 'off' } } });
    assert.equal(inspector.inspect(request({ query: { q: SQLI } })).blocked, false);
    assert.equal(inspector.inspect(request({ body: { query: { q: SQLI } } })).blocked, true);
    assert.equal(inspector.inspect(request({ body: { 'query.q': SQLI } })).blocked, true);
  });

  it('a loosely matched route can only make inspection stricter', () => {
    const inspector = inspectorWith({ mode: 'block', routes: { 'POST /posts/preview': { mode: 'off' } } });
    const exact = { route: '/posts/preview', body: { title: SQLI } };
    assert.equal(inspector.inspect(request(exact)).blocked, false);
    assert.equal(inspector.inspect(request({ ...exact, routeExact: false })).blocked, true);
    const strict = inspectorWith({ routes: { 'POST /posts/preview': { mode: 'block' } } });
    assert.equal(strict.inspect(request({ ...exact, routeExact: false })).blocked, true);
  });

  it('refuses prototype keys from any source, even in monitor mode', () => {
    const outcome = inspectorWith({}).inspect(
      request({ query: { constructor: { prototype: { isAdmin: 'yes' } } } }),
    );
    assert.equal(outcome.blocked, true);
    assert.deepEqual(outcome.findings.map((f) => [f.type, f.field]).slice(0, 1), [
      ['forbidden_key', 'query.?'],
    ]);
    assert.equal(
      inspectorWith({}).inspect(request({ body: JSON.parse('{"__proto__": {"x": 1}}') })).blocked,
      true,
    );
    assert.equal(
      inspectorWith({ mode: 'off' }).inspect(request({ query: { constructor: 'x' } })).blocked,
      false,
    );
  });

  it('never walks the internals of a Buffer or class instance (a 10 MB upload costs nothing)', () => {
    const started = performance.now();
    const outcome = inspectorWith({ mode: 'block' }).inspect(request({ body: Buffer.alloc(10_000_000) }));
    assert.deepEqual(outcome.findings, []);
    assert.ok(performance.now() - started < 50);
    const queryLike = Object.create(Object.create(null)) as Record<string, string>;
    queryLike.q = SQLI;
    assert.equal(inspectorWith({ mode: 'block' }).inspect(request({ query: queryLike })).blocked, true);
  });

  it('reports a value too dense to read in full as too much input, refused in block mode', () => {
    const dense = '&#'.repeat(1 << 18);
    const monitored = inspectorWith({}).inspect(request({ body: { memo: dense } }));
    // Either detector may be the one that runs out of budget first (`sqli:work-limit` or `work-limit`).
    assert.deepEqual(
      monitored.findings.map((f) => [f.type, f.fingerprint?.replace(/^sqli:/, ''), f.mode]),
      [['too_much_input', 'work-limit', 'monitor']],
    );
    assert.equal(inspectorWith({ mode: 'block' }).inspect(request({ body: { memo: dense } })).blocked, true);
  });

  it('shows a key finding as `?` and cuts long field paths', () => {
    const outcome = inspectorWith({}).inspect(request({ body: { a: { [SQLI]: 1 } } }));
    assert.equal(outcome.findings[0]?.field, 'body.a.?');
    let deep: unknown = SQLI;
    for (let i = 0; i < 60; i++) deep = { [`${'key'.padEnd(38, 'x')}${i}`]: deep };
    const long = inspectorWith({}).inspect(request({ body: deep }));
    const field = long.findings[0]?.field ?? '';
    assert.ok(field.length <= 260 && field.startsWith('body.keyxx'), field);
  });

  // A map keyed by secrets put them in CRITICAL log lines (found by a reviewer session): a key is shown only when it
  // reads as a name or a number.
  it('shows a key that looks like a token as `?`, and names and numbers as they are', () => {
    const fieldOf = (body: unknown) => inspectorWith({}).inspect(request({ body })).findings[0]?.field;
    assert.equal(fieldOf({ wallets: { sk_live_4eC39HqLyjWDarjtT1zdp7dc: SQLI } }), 'body.wallets.?');
    assert.equal(fieldOf({ keys: { AKIAIOSFODNN7EXAMPLE: SQLI } }), 'body.keys.?');
    assert.equal(fieldOf({ address_line2: { 2024: { 'x-note': SQLI } } }), 'body.address_line2.2024.x-note');
  });
});
