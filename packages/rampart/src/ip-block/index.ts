import { ipKeyOf, isIp, normalizeIp } from '../client-ip/ip.js';
import { errorBody } from '../errors/index.js';
import type { EventBus } from '../events/bus.js';
import { attempt, type MaybePromise, then } from '../lib/maybe-promise.js';
import type { Denial } from '../lib/request.js';
import { type StoreErrorPolicy, storeFailure } from '../lib/store-failure.js';
import type { BlockStore, FastStore, IpBlockRecord, RateRule } from '../stores/types.js';

export interface IpBlocklistOptions {
  /** Automatic blocking after rate-limit violations. Manual blocks are always enforced. */
  readonly enabled: boolean;
  readonly blockDurationMs: number;
  readonly violationThreshold: number;
  readonly violationWindowMs: number;
  /** IPv6 clients are keyed by this prefix (the client-IP resolver's setting). */
  readonly ipv6PrefixLength: number;
  readonly store: FastStore;
  readonly blockStore: BlockStore;
  readonly events: EventBus;
  readonly now: () => number;
  /**
   * When the store fails to answer whether an address is blocked (the rate limiter's setting): `deny` answers 503,
   * `allow` lets the request on. Both emit `store_error`.
   */
  readonly onStoreError: StoreErrorPolicy;
}

export interface BlockInput {
  /** An IPv4 or IPv6 address, or an IPv6 prefix of the configured length (`2001:db8:6::/64`). */
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
   * Counts one violation (a rate-limit denial) against `ipKey`; at the threshold within the rolling window, blocks
   * it for `blockDurationMs`. Returns true when this violation caused a block.
   */
  recordViolation(ipKey: string, route: string | undefined): Promise<boolean>;
  /** A manual block: durable, 403, emits `ip_blocked` (source `admin`). Throws `TypeError` for a bad address. */
  block(input: BlockInput): Promise<IpBlockRecord>;
  /** Lifts a manual or automatic block; true when one existed. */
  unblock(ip: string, actor?: string): Promise<boolean>;
  /** Current manual blocks. */
  list(): Promise<IpBlockRecord[]>;
}

const BLOCK_PREFIX = 'blk:';
const VIOLATION_PREFIX = 'vio:';
/** How long a permanent manual block is kept in the fast store; every instance writes it again at startup. */
const PERMANENT_TTL_MS = 365 * 86_400_000;

/**
 * Automatic and manual IP blocks.
 *
 * Both kinds live in the fast store under `blk:<key>` (`auto:<until>` or `admin:<until>`), so with a shared store
 * (Redis) a block made or lifted through one instance is enforced by every instance at once. Manual blocks are also
 * written to the durable block store, so they survive restarts (each instance writes them to the shared store again
 * at startup). With a per-process store they are also kept in process memory, where a flood of new clients cannot
 * evict them as it could entries of the bounded cache.
 */
export function createIpBlocklist(options: IpBlocklistOptions): IpBlocklist {
  const { store, blockStore, events, now } = options;
  // Manual blocks in process memory, for a per-process store: there a flood of new clients could evict them from
  // the bounded cache. A shared store (Redis) does not evict, and is the truth for every instance.
  const manual = new Map<string, IpBlockRecord>();
  // With a per-process store only this instance writes blocks, so while no automatic block is live the per-request
  // lookup can be skipped (manual ones are in `manual`). A shared store can be written by other instances: always look.
  let latestAutoBlockUntil = store.shared ? Number.POSITIVE_INFINITY : 0;
  // Violations are counted over a rolling window: threshold - 1 are admitted, the threshold-th is "denied".
  const violations: RateRule = {
    algorithm: 'sliding-window',
    limit: options.violationThreshold - 1,
    windowMs: options.violationWindowMs,
  };

  /** The key a block applies to, the same one the client-IP resolver gives its clients. */
  const keyOf = (input: string): string => {
    const [address = '', bits] = input.trim().split('/');
    const ip = normalizeIp(address);
    if (!isIp(ip)) throw new TypeError(`rampart: cannot block "${input.slice(0, 64)}": not an IP address`);
    const v6 = ip.includes(':');
    if (bits !== undefined && Number(bits) !== (v6 ? options.ipv6PrefixLength : 32)) {
      throw new TypeError(
        `rampart: cannot block "${input.slice(0, 64)}": block an address${v6 ? ` or a /${options.ipv6PrefixLength}` : ''}`,
      );
    }
    return ipKeyOf(ip, options.ipv6PrefixLength);
  };

  // A store that cannot answer is a store error, under the rate limiter's policy: a rejection passed on would
  // reach the framework's error handler as a 500, without the security headers and whatever the policy says.
  const storeFailed = (ipKey: string, error: unknown): Denial | undefined => {
    // Manual blocks are always enforced: with the store down, as far as this instance knows them (loaded at
    // startup, or made here), a block lifted elsewhere meanwhile included.
    const record = manual.get(ipKey);
    const manualBlock = record !== undefined && (record.expiresAt === null || record.expiresAt > now());
    const answer = storeFailure(events, options.onStoreError, { ip: ipKey }, 'ip_block', error);
    return manualBlock ? denialFor('admin:') : answer;
  };

  const denialFor = (value: string | undefined): Denial | undefined => {
    if (value === undefined) return undefined;
    const colon = value.indexOf(':');
    const until = Number(value.slice(colon + 1));
    if (value.startsWith('admin'))
      return { allowed: false, status: 403, body: errorBody('IP_BLOCKED_BY_ADMIN') };
    const retryAfterSeconds = Math.max(1, Math.ceil((until - now()) / 1000));
    return {
      allowed: false,
      status: 429,
      body: errorBody('IP_BLOCKED', { retry_after: retryAfterSeconds }),
      headers: [['retry-after', String(retryAfterSeconds)]],
    };
  };

  const mirror = async (record: IpBlockRecord): Promise<void> => {
    const ttl = record.expiresAt === null ? PERMANENT_TTL_MS : record.expiresAt - now();
    if (ttl > 0) await store.set(BLOCK_PREFIX + record.ip, `admin:${record.expiresAt ?? 0}`, ttl);
  };

  return {
    async load() {
      manual.clear();
      for (const record of await blockStore.list(now())) {
        manual.set(record.ip, record);
        if (store.shared) await mirror(record);
      }
    },

    check(ipKey) {
      // With a shared store, the store is the truth for every instance (a block lifted elsewhere is lifted here);
      // `manual` is only the unevictable copy that a per-process store needs.
      const record = store.shared || manual.size === 0 ? undefined : manual.get(ipKey);
      if (record !== undefined) {
        if (record.expiresAt === null || record.expiresAt > now()) return denialFor('admin:');
        manual.delete(ipKey);
      }
      // No automatic block made yet: no lookup, and no clock read either (this runs on every request, and reading
      // the clock costs as much as the rest of the check).
      if (latestAutoBlockUntil === 0 || latestAutoBlockUntil <= now()) return undefined;
      const key = BLOCK_PREFIX + ipKey;
      return attempt(
        () => then(store.sync ? store.sync.get(key) : store.get(key), denialFor),
        (error) => storeFailed(ipKey, error),
      );
    },

    async recordViolation(ipKey, route) {
      if (!options.enabled) return false;
      const counted = await store.consume(VIOLATION_PREFIX + ipKey, 1, violations);
      if (counted.allowed) return false;
      // setIfAbsent is atomic: of concurrent violations past the threshold, exactly one creates the block and
      // emits the event. A block that expired while violations kept coming is created again.
      const until = now() + options.blockDurationMs;
      const created = await store.setIfAbsent(BLOCK_PREFIX + ipKey, `auto:${until}`, options.blockDurationMs);
      if (!created) return false;
      if (!store.shared) latestAutoBlockUntil = Math.max(latestAutoBlockUntil, until);
      events.emit(
        'ip_blocked',
        { ip: ipKey, route },
        {
          reason: 'rate_limit_violations',
          source: 'auto',
          durationMs: options.blockDurationMs,
          violations: options.violationThreshold,
        },
      );
      return true;
    },

    async block({ ip, reason, durationMs, actor }) {
      const key = keyOf(ip);
      const createdAt = now();
      const record: IpBlockRecord = {
        ip: key,
        reason: reason.slice(0, 500),
        createdAt,
        expiresAt: durationMs === undefined ? null : createdAt + durationMs,
      };
      await blockStore.put(record);
      manual.set(key, record);
      await mirror(record);
      events.emit(
        'ip_blocked',
        { ip: key, userId: actor },
        { reason: record.reason, source: 'admin', durationMs: durationMs ?? null },
      );
      return record;
    },

    async unblock(ip, actor) {
      const key = keyOf(ip);
      const removedManual = await blockStore.remove(key);
      manual.delete(key);
      const removedBlock = await store.delete(BLOCK_PREFIX + key);
      await store.delete(VIOLATION_PREFIX + key);
      const removed = removedManual || removedBlock;
      if (removed) events.emit('ip_unblocked', { ip: key, userId: actor }, { source: 'admin' });
      return removed;
    },

    async list() {
      return blockStore.list(now());
    },
  };
}
