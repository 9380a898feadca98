import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { before, describe, it } from 'node:test';

/*
 * Target: the memory store tracks a client in <= 200 bytes, measured at 1,000,000 clients, so that the default
 * store can hold a large flood of distinct addresses in bounded, predictable memory.
 *
 * Each measurement runs in its own `node --expose-gc` child so that nothing else in the test process (other suites,
 * the runner) moves the figure: create the store, collect garbage, read heapUsed + arrayBuffers, count one
 * sliding-window request for each of 1,000,000 distinct keys, collect again, read again, divide.
 */

const CLIENTS = 1_000_000;
const TARGET_BYTES = 200;
const SRC = new URL('../../src/', import.meta.url).href;

/**
 * How a key is built matters: V8 keeps a string concatenated to 13+ characters as a tree of 32-byte ConsString
 * nodes, and a Map holds the key exactly as it was given. So the figure that counts is the one measured through the
 * rate limiter itself, with whatever keys it builds today; a plain short key is measured beside it for reference.
 */
const KEY_SHAPES = {
  // A plain store key, one template literal.
  short: 'store',
  // Through createRateLimiter: the global rule's key for each client, built exactly as production builds it.
  limiter: 'limiter',
} as const;

type KeyOf = (typeof KEY_SHAPES)[keyof typeof KEY_SHAPES];

interface Footprint {
  readonly example: string;
  readonly size: number;
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
  readonly seconds: number;
}

const childScript = (shape: KeyOf): string => `
const { createMemoryStore } = await import('${SRC}stores/memory-store.js');
const { createRateLimiter } = await import('${SRC}rate-limit/index.js');
const { createEventBus } = await import('${SRC}events/bus.js');
const measure = () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, arrayBuffers: m.arrayBuffers };
};
const store = createMemoryStore({ maxKeys: 1_100_000 });
const rule = { algorithm: 'sliding-window', limit: 120, windowMs: 60_000 };
const limiter = createRateLimiter({
  enabled: true, algorithm: 'sliding-window', global: { limit: 120, windowMs: 60_000 }, routes: {}, exempt: [],
  onStoreError: 'deny', headers: 'denied', store, events: createEventBus({ logger: false, bufferSize: 0 }),
  blocklist: undefined,
});
// An address read from a socket is a flat string; the Buffer round trip makes one the same way.
const address = (i) => Buffer.from('203.' + ((i >> 16) & 255) + '.' + ((i >> 8) & 255) + '.' + (i & 255), 'latin1').toString('latin1');
const request = (i) => {
  const ip = address(i);
  return { method: 'GET', url: '/', route: '/', headers: {}, rawHeaders: [], socketIp: ip, socketEncrypted: false,
    userId: undefined, ip, ipKey: ip, secure: false };
};
const start = performance.now();
const before = measure();
let example = '';
for (let i = 0; i < ${CLIENTS}; i++) {
  const res = ${JSON.stringify(shape)} === 'limiter'
    ? await limiter.check(request(i))
    : await store.consume('g:10.' + ((i >> 16) & 255) + '.' + ((i >> 8) & 255) + '.' + (i & 255), 1, rule);
  if (!res.allowed) throw new Error('a first request was denied');
}
const after = measure();
process.stdout.write(JSON.stringify({
  example: ${JSON.stringify(shape)} === 'limiter' ? 'rate limiter, global rule, IPv4 client' : 'g:10.0.113.7',
  size: store.size(),
  heapBytes: after.heap - before.heap,
  arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
  seconds: (performance.now() - start) / 1000,
}));
`;

/** Runs one measurement in a child that exits by itself; killed if it takes longer than 50 s. */
const measureInChild = (keyOf: KeyOf): Promise<Footprint> =>
  new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--expose-gc', '--input-type=module', '-e', childScript(keyOf)],
      { timeout: 50_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`footprint child failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as Footprint);
      },
    );
  });

const format = (n: number): string => n.toLocaleString('en-US');

describe('memory store footprint', { timeout: 60_000 }, () => {
  const results = new Map<keyof typeof KEY_SHAPES, Promise<Footprint>>();
  before(() => {
    // Both children at once: each is single-threaded, and the whole file stays well under a minute.
    for (const [shape, keyOf] of Object.entries(KEY_SHAPES)) {
      const pending = measureInChild(keyOf);
      pending.catch(() => {}); // awaited (and reported) by the test for this shape
      results.set(shape as keyof typeof KEY_SHAPES, pending);
    }
  });

  for (const shape of Object.keys(KEY_SHAPES) as (keyof typeof KEY_SHAPES)[]) {
    it(`tracks a client in <= ${TARGET_BYTES} bytes at ${format(CLIENTS)} clients (${shape} keys)`, async () => {
      const pending = results.get(shape);
      assert.ok(pending !== undefined);
      const r = await pending;
      assert.equal(r.size, CLIENTS, 'every client is tracked: none was evicted or merged');
      const perClient = (r.heapBytes + r.arrayBufferBytes) / CLIENTS;
      const line =
        `memory store: ${perClient.toFixed(1)} bytes per tracked client at ${format(CLIENTS)} clients ` +
        `(keys like ${r.example}; heap ${(r.heapBytes / CLIENTS).toFixed(1)}, ` +
        `slabs ${(r.arrayBufferBytes / CLIENTS).toFixed(1)}; ${r.seconds.toFixed(1)} s)`;
      console.log(line);
      // Sanity: the slabs alone are 72 bytes per slot, so a figure below that means the measurement is broken.
      assert.ok(r.arrayBufferBytes / CLIENTS >= 72, 'the counter slabs were not measured');
      assert.ok(
        perClient <= TARGET_BYTES,
        `${perClient.toFixed(1)} bytes per client is over ${TARGET_BYTES}`,
      );
    });
  }
});
