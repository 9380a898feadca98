import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createEventBus, type EventBus } from '../../src/events/bus.js';
import {
  EVENT_CATALOGUE,
  type EventType,
  SEVERITY_RANK,
  type SecurityEvent,
} from '../../src/events/catalogue.js';
import { createSecurityLogger } from '../../src/events/logger.js';
import { REDACTED, redactDetails } from '../../src/events/redact.js';

const T0 = Date.UTC(2025, 0, 2, 3, 4, 5, 678);
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const clock = () => {
  let t = T0;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
};

/** A Writable that keeps every line pino writes. */
function lineCollector(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  let pending = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      pending += chunk.toString();
      let newline = pending.indexOf('\n');
      while (newline !== -1) {
        lines.push(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
      callback();
    },
  });
  return { stream, lines };
}

const emitFree = (bus: EventBus, type: EventType, details: Record<string, unknown>) =>
  bus.emit(type, { ip: '203.0.113.7' }, details as never);

describe('createEventBus', () => {
  it('gives every event its severity from the catalogue, an ISO timestamp from the clock, and the context', () => {
    const c = clock();
    const bus = createEventBus({ logger: false, bufferSize: 100, now: c.now });
    for (const type of Object.keys(EVENT_CATALOGUE) as EventType[]) {
      const event = bus.emit(type, { ip: '198.51.100.1', userId: 'u1', route: '/items/:id' }, {} as never);
      assert.equal(event.type, type);
      assert.equal(event.severity, EVENT_CATALOGUE[type], type);
      assert.equal(event.timestamp, new Date(c.now()).toISOString());
      assert.equal(event.ip, '198.51.100.1');
      assert.equal(event.userId, 'u1');
      assert.equal(event.route, '/items/:id');
      c.advance(1000);
    }
    const spot: [EventType, string][] = [
      ['rate_limit_exceeded', 'WARNING'],
      ['ip_unblocked', 'INFO'],
      ['refresh_reuse_detected', 'CRITICAL'],
      ['sql_injection_attempt', 'CRITICAL'],
      ['store_error', 'ERROR'],
      ['cors_rejected', 'WARNING'],
    ];
    for (const [type, severity] of spot) assert.equal(EVENT_CATALOGUE[type], severity, type);
  });

  it('leaves out context fields that are not given', () => {
    const bus = createEventBus({ logger: false, bufferSize: 10, now: () => T0 });
    const event = bus.emit('ip_unblocked', {}, { source: 'admin' });
    assert.deepEqual(Object.keys(event).sort(), ['details', 'severity', 'timestamp', 'type']);
  });

  describe('ring buffer', () => {
    it('keeps the newest bufferSize events, newest first, after wrapping several times', () => {
      const bus = createEventBus({ logger: false, bufferSize: 5, now: () => T0 });
      assert.deepEqual(bus.recent(), []);
      for (let i = 1; i <= 3; i++) emitFree(bus, 'failed_attempt', { n: i });
      assert.deepEqual(
        bus.recent().map((e) => (e.details as { n: number }).n),
        [3, 2, 1],
      );
      for (let i = 4; i <= 17; i++) emitFree(bus, 'failed_attempt', { n: i });
      assert.deepEqual(
        bus.recent().map((e) => (e.details as { n: number }).n),
        [17, 16, 15, 14, 13],
      );
      assert.deepEqual(
        bus.recent({ limit: 2 }).map((e) => (e.details as { n: number }).n),
        [17, 16],
      );
      assert.deepEqual(bus.recent({ limit: 0 }), []);
    });

    it('filters by type and minimum severity, and the limit counts matches', () => {
      const bus = createEventBus({ logger: false, bufferSize: 50, now: () => T0 });
      const sequence: EventType[] = [
        'login_success', // INFO
        'rate_limit_exceeded', // WARNING
        'store_error', // ERROR
        'xss_attempt', // CRITICAL
        'rate_limit_exceeded',
        'login_success',
        'sql_injection_attempt',
        'rate_limit_exceeded',
      ];
      sequence.forEach((type, i) => {
        emitFree(bus, type, { i });
      });
      const indexes = (events: SecurityEvent[]) => events.map((e) => (e.details as { i: number }).i);
      assert.deepEqual(indexes(bus.recent({ type: 'rate_limit_exceeded' })), [7, 4, 1]);
      assert.deepEqual(indexes(bus.recent({ type: 'rate_limit_exceeded', limit: 2 })), [7, 4]);
      assert.deepEqual(indexes(bus.recent({ minSeverity: 'CRITICAL' })), [6, 3]);
      assert.deepEqual(indexes(bus.recent({ minSeverity: 'ERROR' })), [6, 3, 2]);
      assert.deepEqual(indexes(bus.recent({ minSeverity: 'WARNING' })), [7, 6, 4, 3, 2, 1]);
      assert.deepEqual(indexes(bus.recent({ minSeverity: 'INFO' })), [7, 6, 5, 4, 3, 2, 1, 0]);
      assert.deepEqual(indexes(bus.recent({ type: 'login_success', minSeverity: 'WARNING' })), []);
      assert.deepEqual(indexes(bus.recent({ type: 'xss_attempt', minSeverity: 'CRITICAL' })), [3]);
      for (const event of bus.recent({ minSeverity: 'ERROR' })) {
        assert.ok(SEVERITY_RANK[event.severity] >= SEVERITY_RANK.ERROR);
      }
    });

    it('filters only what is still in the buffer after wrapping', () => {
      const bus = createEventBus({ logger: false, bufferSize: 3, now: () => T0 });
      emitFree(bus, 'xss_attempt', { i: 0 });
      for (let i = 1; i <= 3; i++) emitFree(bus, 'login_success', { i });
      assert.deepEqual(bus.recent({ type: 'xss_attempt' }), []);
      assert.equal(bus.recent().length, 3);
    });

    it('keeps nothing with bufferSize 0 but still delivers to subscribers', () => {
      const bus = createEventBus({ logger: false, bufferSize: 0, now: () => T0 });
      const got: SecurityEvent[] = [];
      bus.subscribe((event) => got.push(event));
      emitFree(bus, 'login_success', {});
      assert.deepEqual(bus.recent(), []);
      assert.equal(got.length, 1);
    });
  });

  describe('subscribers', () => {
    it('delivers every later event to each subscriber until it unsubscribes', () => {
      const bus = createEventBus({ logger: false, bufferSize: 10, now: () => T0 });
      emitFree(bus, 'login_success', { n: 0 });
      const a: number[] = [];
      const b: number[] = [];
      const offA = bus.subscribe((event) => a.push((event.details as { n: number }).n));
      bus.subscribe((event) => b.push((event.details as { n: number }).n));
      emitFree(bus, 'login_success', { n: 1 });
      offA();
      offA();
      emitFree(bus, 'login_success', { n: 2 });
      assert.deepEqual(a, [1]);
      assert.deepEqual(b, [1, 2]);
    });

    it('gives subscribers the same event the buffer holds and emit returns', () => {
      const bus = createEventBus({ logger: false, bufferSize: 10, now: () => T0 });
      let seen: SecurityEvent | undefined;
      bus.subscribe((event) => {
        seen = event;
      });
      const returned = emitFree(bus, 'admin_action', { action: 'x' });
      assert.deepEqual(seen, returned);
      assert.deepEqual(bus.recent()[0], returned);
    });

    it('isolates a throwing subscriber: the others still run, emit does not throw, the failure is logged', () => {
      const { stream, lines } = lineCollector();
      const bus = createEventBus({
        logger: createSecurityLogger({ destination: stream }),
        bufferSize: 10,
        now: () => T0,
      });
      const calls: string[] = [];
      bus.subscribe(() => calls.push('first'));
      bus.subscribe(() => {
        throw new TypeError('dashboard broke: password=hunter2');
      });
      bus.subscribe(() => calls.push('third'));
      assert.doesNotThrow(() => emitFree(bus, 'login_failure', {}));
      assert.doesNotThrow(() => emitFree(bus, 'login_failure', {}));
      assert.deepEqual(calls, ['first', 'third', 'first', 'third']);
      assert.equal(bus.recent().length, 2);
      const failures = lines
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((l) => l.message === 'security event subscriber failed');
      assert.equal(failures.length, 2);
      assert.equal(failures[0]?.err_name, 'TypeError');
      assert.ok(!lines.join('\n').includes('hunter2'), 'the subscriber error text is not logged');
    });
  });
});

describe('redaction', () => {
  const SECRET = 'S3cr3t-VALUE-must-not-leak';
  const secretKeys = [
    'password',
    'Password',
    'passwd',
    'passphrase',
    'newPassword',
    'token',
    'access_token',
    'refreshToken',
    'authorization',
    'Authorization',
    'cookie',
    'set-cookie',
    'secret',
    'client_secret',
    'api_key',
    'apiKey',
    'x-api-key',
    'totp',
    'totp_code',
    'otp',
    'backup_code',
    'backupCodes',
    'private_key',
    'privateKey',
    'x-csrf-token',
  ];

  it('replaces secret-named keys at the top level', () => {
    for (const key of secretKeys) {
      const out = redactDetails({ [key]: SECRET, keep: 'visible' }) as Record<string, unknown>;
      assert.equal(out[key], REDACTED, key);
      assert.equal(out.keep, 'visible', key);
    }
  });

  it('replaces secret-named keys at any depth, in objects and arrays, even when the value is an object', () => {
    for (const key of secretKeys) {
      const details = {
        level1: { level2: { level3: { [key]: SECRET } } },
        list: [{ ok: 1 }, { [key]: { nested: SECRET } }],
        headers: { [key]: [SECRET, SECRET] },
      };
      const out = redactDetails(details);
      assert.ok(!JSON.stringify(out).includes(SECRET), `${key}: ${JSON.stringify(out)}`);
      assert.equal((out.level1.level2.level3 as Record<string, unknown>)[key], REDACTED);
      assert.equal((out.list[1] as Record<string, unknown>)[key], REDACTED);
      assert.equal(out.list[0]?.ok, 1);
      assert.equal(
        (details.level1.level2.level3 as Record<string, unknown>)[key],
        SECRET,
        `${key}: input was mutated`,
      );
    }
  });

  it('never leaks a secret nested deeper than it inspects', () => {
    let deep: Record<string, unknown> = { password: SECRET };
    for (let i = 0; i < 20; i++) deep = { wrap: deep };
    assert.ok(!JSON.stringify(redactDetails(deep)).includes(SECRET));
  });

  it('keeps ordinary details', () => {
    const details = {
      reason: 'rate_limit_violations',
      limit: 5,
      route: '/items/:id',
      nested: { method: 'POST', n: null },
    };
    assert.deepEqual(redactDetails(details), details);
  });

  it('redacts in the event, the ring buffer, every subscriber and the JSON log line', () => {
    const { stream, lines } = lineCollector();
    const logger = createSecurityLogger({ destination: stream });
    const c = clock();
    const bus = createEventBus({ logger, bufferSize: 10, now: c.now });
    const received: SecurityEvent[] = [];
    bus.subscribe((event) => received.push(event));
    const details = {
      password: SECRET,
      token: `${SECRET}-token`,
      authorization: `Bearer ${SECRET}`,
      cookie: `sid=${SECRET}`,
      secret: SECRET,
      api_key: SECRET,
      totp: '123456',
      otp: '654321',
      backup_code: 'ABCD-EFGH',
      private_key: `-----BEGIN PRIVATE KEY-----${SECRET}`,
      request: { headers: { Authorization: `Basic ${SECRET}`, Cookie: SECRET, 'user-agent': 'ua' } },
      attempts: [{ password: SECRET }, { otp: SECRET }],
      reason: 'visible-reason',
    };
    const needles = [SECRET, '123456', '654321', 'ABCD-EFGH'];
    const event = emitFree(bus, 'login_failure', details);

    for (const [where, value] of [
      ['returned event', event],
      ['ring buffer', bus.recent()[0]],
      ['subscriber', received[0]],
    ] as const) {
      assert.ok(value !== undefined, where);
      const text = JSON.stringify(value);
      for (const needle of needles) assert.ok(!text.includes(needle), `${where} carries ${needle}: ${text}`);
      const d = value.details as Record<string, unknown>;
      for (const key of [
        'password',
        'token',
        'authorization',
        'cookie',
        'secret',
        'api_key',
        'totp',
        'otp',
        'backup_code',
        'private_key',
      ]) {
        assert.equal(d[key], REDACTED, `${where}: ${key}`);
      }
      assert.equal(d.reason, 'visible-reason');
      assert.deepEqual((d.request as { headers: unknown }).headers, {
        Authorization: REDACTED,
        Cookie: REDACTED,
        'user-agent': 'ua',
      });
    }

    assert.equal(lines.length, 1, 'one log line per event');
    const raw = lines[0] ?? '';
    for (const needle of needles) assert.ok(!raw.includes(needle), `log line carries ${needle}: ${raw}`);
    const line = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(line.event_type, 'login_failure');
    assert.equal(line.severity, 'WARNING');
    assert.equal(line.level, 40, 'WARNING is logged at warn');
    assert.equal(line.ip, '203.0.113.7');
    assert.equal((line.details as Record<string, unknown>).password, REDACTED);
    assert.equal((line.details as Record<string, unknown>).reason, 'visible-reason');
  });

  it('writes the event time to the log line as `timestamp`, ISO 8601', () => {
    const { stream, lines } = lineCollector();
    const bus = createEventBus({
      logger: createSecurityLogger({ destination: stream }),
      bufferSize: 10,
      now: () => T0,
    });
    const event = emitFree(bus, 'rate_limit_exceeded', {});
    const raw = lines[0] ?? '';
    const line = JSON.parse(raw) as Record<string, unknown>;
    assert.equal(line.event_type, 'rate_limit_exceeded');
    assert.equal(line.severity, 'WARNING');
    assert.equal(typeof line.timestamp, 'string', `log line has no timestamp field: ${raw}`);
    assert.match(String(line.timestamp), ISO);
    assert.equal(line.timestamp, event.timestamp, 'the log line carries the event time');
  });

  it('logs each severity at its level', () => {
    const { stream, lines } = lineCollector();
    const bus = createEventBus({
      logger: createSecurityLogger({ destination: stream }),
      bufferSize: 10,
      now: () => T0,
    });
    const table: [EventType, string, number][] = [
      ['login_success', 'INFO', 30],
      ['rate_limit_exceeded', 'WARNING', 40],
      ['store_error', 'ERROR', 50],
      ['xss_attempt', 'CRITICAL', 60],
    ];
    for (const [type] of table) emitFree(bus, type, {});
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      parsed.map((l) => [l.event_type, l.severity, l.level, l.message]),
      table.map(([type, severity, level]) => [type, severity, level, type]),
    );
  });

  it('writes nothing below the configured level', () => {
    const { stream, lines } = lineCollector();
    const bus = createEventBus({
      logger: createSecurityLogger({ destination: stream, level: 'error' }),
      bufferSize: 10,
      now: () => T0,
    });
    emitFree(bus, 'login_success', {});
    emitFree(bus, 'rate_limit_exceeded', {});
    emitFree(bus, 'store_error', {});
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { event_type: string }).event_type),
      ['store_error'],
    );
  });
});
