import { RampartConfigError } from '../errors/index.js';
import {
  type CounterArrays,
  consumeSlidingWindow,
  consumeTokenBucket,
  F64_PER_SLOT,
  U32_PER_SLOT,
} from './algorithms.js';
import type { ConsumeResult, FastStore, RateRule } from './types.js';

/** Entries examined per insertion when looking for something to evict: bounded work per request. */
const EVICTION_SCAN = 8;

export interface MemoryStoreOptions {
  /**
   * Most keys kept, counters and values each (default 250,000). When full, an expired entry is dropped, else one
   * not used recently (second-chance eviction): memory stays bounded whatever clients send.
   */
  readonly maxKeys?: number;
  /** Clock, injectable for tests (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * V8 keeps a concatenated string (`rl:g:` + address) as a tree of 32-byte pieces until something reads it whole;
 * converting it to a number does, collapsing it into one flat string (the trick pino's `flatstr` uses). Done once
 * per new key, it cuts a tracked client's key from about 120 bytes to about 60. Other engines ignore it.
 */
function flatten(key: string): string {
  if (key.length > 12) Number(key);
  return key;
}

interface ValueEntry {
  value: string;
  expiresAt: number;
}

/**
 * Counters live in typed-array slabs addressed by slot number, so a tracked client costs a Map entry, its key
 * string and 72 bytes of slab: no per-client objects for the garbage collector to trace.
 */
class CounterSlab implements CounterArrays {
  f64: Float64Array;
  u32: Uint32Array;
  /** CLOCK bit: set when a live counter is used, cleared when eviction passes over it (its second chance). */
  referenced: Uint8Array;
  private readonly free: number[] = [];
  private next = 0;

  constructor(initialSlots: number) {
    this.f64 = new Float64Array(initialSlots * F64_PER_SLOT);
    this.u32 = new Uint32Array(initialSlots * U32_PER_SLOT);
    this.referenced = new Uint8Array(initialSlots);
  }

  allocate(): number {
    const reused = this.free.pop();
    const slot = reused ?? this.next++;
    if (slot * F64_PER_SLOT >= this.f64.length) this.grow();
    this.reset(slot);
    return slot;
  }

  reset(slot: number): void {
    this.u32.fill(0, slot * U32_PER_SLOT, (slot + 1) * U32_PER_SLOT);
    this.f64.fill(0, slot * F64_PER_SLOT, (slot + 1) * F64_PER_SLOT);
    this.referenced[slot] = 0;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  expiresAt(slot: number): number {
    return this.f64[slot * F64_PER_SLOT + 2] ?? 0;
  }

  private grow(): void {
    const f64 = new Float64Array(this.f64.length * 2);
    f64.set(this.f64);
    this.f64 = f64;
    const u32 = new Uint32Array(this.u32.length * 2);
    u32.set(this.u32);
    this.u32 = u32;
    const referenced = new Uint8Array(this.referenced.length * 2);
    referenced.set(this.referenced);
    this.referenced = referenced;
  }
}

/**
 * The embedded fast store: bounded, in-process, and atomic because every method runs to completion without
 * yielding. One process only: for several instances use the Redis store, or limits become per instance.
 *
 * @example
 * const store = createMemoryStore({ maxKeys: 100_000 });
 * const r = await store.consume('ip:203.0.113.7', 1, { algorithm: 'sliding-window', limit: 120, windowMs: 60_000 });
 */
export function createMemoryStore(
  options: MemoryStoreOptions = {},
): FastStore & { readonly size: () => number } {
  const maxKeys = options.maxKeys ?? 250_000;
  if (!Number.isInteger(maxKeys) || maxKeys < 1) {
    throw new RampartConfigError('maxKeys', `must be a whole number >= 1 (got ${String(maxKeys)})`);
  }
  const now = options.now ?? Date.now;
  const slab = new CounterSlab(Math.min(maxKeys, 1024));
  const counters = new Map<string, number>();
  const values = new Map<string, ValueEntry>();

  /**
   * Makes room for one more counter: second-chance (CLOCK) over insertion order. From the oldest entry: an expired
   * one is dropped; a live one used since the last pass is moved to the back with its bit cleared; a live one not
   * used since is evicted. At most `EVICTION_SCAN` entries are examined, so a flood costs bounded work per request.
   */
  const makeCounterRoom = (t: number): void => {
    let scanned = 0;
    for (const [key, slot] of counters) {
      const expired = slab.expiresAt(slot) <= t;
      if (!expired && slab.referenced[slot] === 1 && ++scanned < EVICTION_SCAN) {
        slab.referenced[slot] = 0;
        counters.delete(key);
        counters.set(key, slot);
        continue;
      }
      counters.delete(key);
      slab.release(slot);
      if (counters.size < maxKeys) return;
    }
  };

  /** Drops up to two expired counters from the front, so idle keys do not wait for the cap to go away. */
  const sweepCounters = (t: number): void => {
    let i = 0;
    for (const [key, slot] of counters) {
      if (i++ >= 2 || slab.expiresAt(slot) > t) return;
      counters.delete(key);
      slab.release(slot);
    }
  };

  const counterSlot = (key: string, t: number): { slot: number; fresh: boolean } => {
    const existing = counters.get(key);
    if (existing !== undefined) {
      if (slab.expiresAt(existing) > t) {
        slab.referenced[existing] = 1;
        return { slot: existing, fresh: false };
      }
      // Expired: renew in place and move it to the back, where the newest activity lives.
      counters.delete(key);
      counters.set(key, existing);
      slab.reset(existing);
      return { slot: existing, fresh: true };
    }
    sweepCounters(t);
    if (counters.size >= maxKeys) makeCounterRoom(t);
    const slot = slab.allocate();
    counters.set(flatten(key), slot);
    return { slot, fresh: true };
  };

  /** Drops an expired value among the oldest few, else the oldest. */
  const makeValueRoom = (t: number): void => {
    let scanned = 0;
    let oldest: string | undefined;
    for (const [key, entry] of values) {
      oldest ??= key;
      if (entry.expiresAt <= t) {
        values.delete(key);
        return;
      }
      if (++scanned >= EVICTION_SCAN) break;
    }
    if (oldest !== undefined) values.delete(oldest);
  };

  const liveValue = (key: string, t: number): ValueEntry | undefined => {
    const entry = values.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > t) return entry;
    values.delete(key);
    return undefined;
  };

  const putValue = (key: string, value: string, ttlMs: number, t: number): void => {
    values.delete(key);
    if (values.size >= maxKeys) makeValueRoom(t);
    values.set(flatten(key), { value, expiresAt: t + ttlMs });
  };

  const consumeSync = (key: string, cost: number, rule: RateRule): ConsumeResult => {
    const t = now();
    const { slot } = counterSlot(key, t);
    return rule.algorithm === 'token-bucket'
      ? consumeTokenBucket(slab, slot, cost, rule, t)
      : consumeSlidingWindow(slab, slot, cost, rule, t);
  };

  const getSync = (key: string): string | undefined => liveValue(key, now())?.value;

  return {
    shared: false,
    sync: { consume: consumeSync, get: getSync },
    consume: (key, cost, rule) => Promise.resolve(consumeSync(key, cost, rule)),

    increment(key, ttlMs) {
      const t = now();
      const { slot, fresh } = counterSlot(key, t);
      if (fresh) slab.f64[slot * F64_PER_SLOT + 2] = t + ttlMs;
      const count = (slab.u32[slot * U32_PER_SLOT] ?? 0) + 1;
      slab.u32[slot * U32_PER_SLOT] = count;
      return Promise.resolve(count);
    },

    setIfAbsent(key, value, ttlMs) {
      const t = now();
      if (liveValue(key, t) !== undefined) return Promise.resolve(false);
      putValue(key, value, ttlMs, t);
      return Promise.resolve(true);
    },

    set(key, value, ttlMs) {
      putValue(key, value, ttlMs, now());
      return Promise.resolve();
    },

    get: (key) => Promise.resolve(getSync(key)),

    getAndDelete(key) {
      const entry = liveValue(key, now());
      if (entry !== undefined) values.delete(key);
      return Promise.resolve(entry?.value);
    },

    delete(key) {
      const live = liveValue(key, now()) !== undefined;
      values.delete(key);
      const slot = counters.get(key);
      let liveCounter = false;
      if (slot !== undefined) {
        liveCounter = slab.expiresAt(slot) > now();
        counters.delete(key);
        slab.release(slot);
      }
      return Promise.resolve(live || liveCounter);
    },

    close() {
      counters.clear();
      values.clear();
      return Promise.resolve();
    },

    size: () => counters.size + values.size,
  };
}
