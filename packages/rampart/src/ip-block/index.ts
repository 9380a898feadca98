import { errorBody } from '../errors/index.js';
import type { EventBus } from '../events/bus.js';
import { type MaybePromise, then } from '../lib/maybe-promise.js';
import type { Denial } from '../lib/request.js';
import type { BlockStore, FastStore, IpBlockRecord } from '../stores/types.js';

export interface IpBlocklistOptions {
  readonly enabled: boolean;
  readonly blockDurationMs: number;
  readonly violationThreshold: number;
  readonly violationWindowMs: number;
  readonly store: FastStore;
  readonly blockStore: BlockStore;
  readonly events: EventBus;
  readonly now: () => number;
}

export interface BlockInput {
  /** An address or address key (IPv6 /64 prefix). */
  readonly ip: string;
  readonly reason: string;
  /** Omit for a block that lasts until it is lifted. */
  readonly durationMs?: number;
  /** Who asked, for the audit event. */
  readonly actor?: string;
}

export interface IpBlocklist {
  /** Loads durable manual blocks; call once at startup (the adapters do). */
  load(): Promise<void>;
  /** A denial when `ipKey` is blocked: 403 for a manual block, 429 with `Retry-After` for an automatic one. */
  check(ipKey: string): MaybePromise<Denial | undefined>;
  /**
   * Counts one violation (a rate-limit denial) against `ipKey`; at the threshold within the window, blocks it for
   * `blockDurationMs`. Returns true when this violation caused a block.
   */
  recordViolation(ipKey: string, route: string | undefined): Promise<boolean>;
  /** A manual block: durable, 403, emits `ip_blocked` (source `admin`). */
  block(input: BlockInput): Promise<IpBlockRecord>;
  /** Lifts a manual or automatic block; true when one existed. */
  unblock(ip: string, actor?: string): Promise<boolean>;
  /** Current manual blocks. */
  list(): Promise<IpBlockRecord[]>;
}

const AUTO_PREFIX = 'blk:';
const VIOLATION_PREFIX = 'vio:';

/**
 * Automatic and manual IP blocks. Automatic blocks live in the fast store (shared across instances with Redis) and
 * expire by themselves. Manual blocks are written to the durable block store and mirrored in memory, so checking
 * them costs a Map lookup; they are never evicted, unlike entries of a bounded cache an attacker could flood.
 */
export function createIpBlocklist(options: IpBlocklistOptions): IpBlocklist {
  const { store, blockStore, events, now } = options;
  const manual = new Map<string, IpBlockRecord>();
  // With a per-process store only this instance creates automatic blocks, so while none is live (the latest one
  // has expired) the per-request lookup can be skipped. A shared store can be written by other instances: always look.
  let latestAutoBlockUntil = Number.POSITIVE_INFINITY;
  if (!store.shared) latestAutoBlockUntil = 0;

  const autoBlockDenial = (until: string | undefined): Denial | undefined => {
    if (until === undefined) return undefined;
    const retryAfterSeconds = Math.max(1, Math.ceil((Number(until) - now()) / 1000));
    return {
      allowed: false,
      status: 429,
      body: errorBody('IP_BLOCKED', { retry_after: retryAfterSeconds }),
      headers: [['Retry-After', String(retryAfterSeconds)]],
    };
  };

  return {
    async load() {
      manual.clear();
      for (const record of await blockStore.list(now())) manual.set(record.ip, record);
    },

    check(ipKey) {
      if (!options.enabled) return undefined;
      const record = manual.get(ipKey);
      if (record !== undefined) {
        if (record.expiresAt === null || record.expiresAt > now()) {
          return { allowed: false, status: 403, body: errorBody('IP_BLOCKED_BY_ADMIN') };
        }
        manual.delete(ipKey);
      }
      if (latestAutoBlockUntil <= now()) return undefined;
      const key = AUTO_PREFIX + ipKey;
      return then(store.sync ? store.sync.get(key) : store.get(key), autoBlockDenial);
    },

    async recordViolation(ipKey, route) {
      if (!options.enabled) return false;
      const count = await store.increment(VIOLATION_PREFIX + ipKey, options.violationWindowMs);
      if (count < options.violationThreshold) return false;
      // setIfAbsent is atomic: of concurrent violations past the threshold, exactly one creates the block and
      // emits the event. A block that expired while violations kept coming is created again.
      const until = now() + options.blockDurationMs;
      const created = await store.setIfAbsent(AUTO_PREFIX + ipKey, String(until), options.blockDurationMs);
      if (!created) return false;
      if (!store.shared) latestAutoBlockUntil = Math.max(latestAutoBlockUntil, until);
      events.emit(
        'ip_blocked',
        { ip: ipKey, route },
        {
          reason: 'rate_limit_violations',
          source: 'auto',
          durationMs: options.blockDurationMs,
          violations: count,
        },
      );
      return true;
    },

    async block({ ip, reason, durationMs, actor }) {
      const createdAt = now();
      const record: IpBlockRecord = {
        ip,
        reason: reason.slice(0, 500),
        createdAt,
        expiresAt: durationMs === undefined ? null : createdAt + durationMs,
      };
      await blockStore.put(record);
      manual.set(ip, record);
      events.emit(
        'ip_blocked',
        { ip, userId: actor },
        { reason: record.reason, source: 'admin', durationMs: durationMs ?? null },
      );
      return record;
    },

    async unblock(ip, actor) {
      const removedManual = await blockStore.remove(ip);
      manual.delete(ip);
      const removedAuto = await store.delete(AUTO_PREFIX + ip);
      await store.delete(VIOLATION_PREFIX + ip);
      if (removedManual || removedAuto)
        events.emit('ip_unblocked', { ip, userId: actor }, { source: 'admin' });
      return removedManual || removedAuto;
    },

    async list() {
      return blockStore.list(now());
    },
  };
}
