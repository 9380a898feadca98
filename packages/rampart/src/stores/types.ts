/**
 * Store interfaces for fast shared state (rate-limit counters, automatic IP blocks, one-time values).
 *
 * Every method is a single atomic operation: implementations must never split one into a read and a later write
 * (the memory store runs each to completion on the event loop; the Redis store runs each as one Lua script).
 * Callers must never build a check-then-set out of two calls either.
 */

/** How a rate-limit key is counted. */
export interface RateRule {
  /**
   * `sliding-window`: at most `limit` units in any interval of `windowMs`.
   * `token-bucket`: a bucket of `limit` tokens refilled at `limit` per `windowMs`; allows bursts up to `limit`.
   */
  readonly algorithm: 'sliding-window' | 'token-bucket';
  /** Requests allowed per window (sliding window) or the bucket's capacity (token bucket). */
  readonly limit: number;
  /** Window length, or the time the bucket takes to refill from empty, in milliseconds. */
  readonly windowMs: number;
}

/** The outcome of `consume`. Denial is a value, not an exception. */
export interface ConsumeResult {
  readonly allowed: boolean;
  readonly limit: number;
  /** Units left after this call (0 when denied). */
  readonly remaining: number;
  /** Milliseconds until more quota becomes available (for `RateLimit-Reset`). */
  readonly resetMs: number;
  /** When denied: milliseconds until a request of the same cost would be allowed. 0 when allowed. */
  readonly retryAfterMs: number;
}

/** Fast shared state. See the file comment for the atomicity contract. */
export interface FastStore {
  /** True when every server process sees the same state (Redis); false for a per-process store. */
  readonly shared: boolean;
  /**
   * Atomically counts `cost` units against `key` under `rule` if they fit, and reports the outcome.
   * Concurrency: N concurrent calls for one key never admit more than the rule allows.
   */
  consume(key: string, cost: number, rule: RateRule): Promise<ConsumeResult>;
  /**
   * Atomically adds 1 to the counter at `key` and returns the new count. The counter expires `ttlMs` after its
   * first increment (later increments do not extend it), so it counts over a fixed window that no success resets.
   */
  increment(key: string, ttlMs: number): Promise<number>;
  /** Atomically stores `value` at `key` unless a live value is there; true when this call stored it. */
  setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean>;
  /** Stores `value` at `key` for `ttlMs`, replacing any value. */
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** The live value at `key`, or undefined. */
  get(key: string): Promise<string | undefined>;
  /** Atomically reads and removes the live value at `key`: of N concurrent callers at most one gets it. */
  getAndDelete(key: string): Promise<string | undefined>;
  /** Removes `key`; true when a live value was removed. */
  delete(key: string): Promise<boolean>;
  /** Releases timers or connections; the store must not be used afterwards. */
  close(): Promise<void>;
  /**
   * Present on stores that answer in-process (the memory store): the hot-path operations, synchronously, with the
   * same guarantees. Guards use them to run a request without a single promise; remote stores leave it out.
   */
  readonly sync?: SyncFastStore;
}

/** The synchronous face of an in-process store: see `FastStore.sync`. */
export interface SyncFastStore {
  consume(key: string, cost: number, rule: RateRule): ConsumeResult;
  get(key: string): string | undefined;
}

/** A manual (administrator) IP block: durable, survives restarts. */
export interface IpBlockRecord {
  /** The blocked address key (an IPv4 address or an IPv6 /64 prefix such as `2001:db8:0:1::/64`). */
  readonly ip: string;
  readonly reason: string;
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Epoch milliseconds, or null for a block that lasts until it is lifted. */
  readonly expiresAt: number | null;
}

/**
 * Durable storage of manual IP blocks. The in-memory implementation keeps them for the life of the process; the
 * SQL implementation (wallet server) keeps them across restarts.
 */
export interface BlockStore {
  /** Inserts or replaces the block for `record.ip`. */
  put(record: IpBlockRecord): Promise<void>;
  /** Removes the block for `ip`; true when one existed. */
  remove(ip: string): Promise<boolean>;
  /** Every block that has not expired at `nowMs`. */
  list(nowMs: number): Promise<IpBlockRecord[]>;
}
