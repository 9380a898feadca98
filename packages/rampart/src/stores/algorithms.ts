import type { ConsumeResult, RateRule } from './types.js';

/**
 * The two rate-limit algorithms, written against flat typed arrays so that the memory store keeps no object per
 * client. The Redis store's Lua script follows the same steps, so both stores answer alike.
 */

/** Sub-buckets per sliding window. The window counts every bucket it touches, so it over-counts by at most one. */
export const BUCKETS = 10;
const RING = BUCKETS + 1;
/**
 * Per slot: [0] the key's own time at its last call (sliding) or tokens (bucket), [1] how far the key's time is
 * ahead of the clock (sliding) or the last refill time (bucket), [2] expiry.
 */
export const F64_PER_SLOT = 3;
/** Per slot: [0] total in the window (or a plain counter), [1..RING] the ring of bucket counts. */
export const U32_PER_SLOT = 1 + RING;

export interface CounterArrays {
  readonly f64: Float64Array;
  readonly u32: Uint32Array;
}

/**
 * Sliding window over `BUCKETS` + 1 sub-buckets. Guarantee: in any interval of `windowMs`, at most `limit` units
 * are admitted, whatever the timing — every bucket that overlaps the window counts in full. The price is that a
 * client may wait up to one sub-bucket (a tenth of the window) longer than an exact log would make it wait.
 * The common two-window weighted estimate is cheaper still but can admit nearly 2 x limit around a boundary.
 */
export function consumeSlidingWindow(
  arrays: CounterArrays,
  slot: number,
  cost: number,
  rule: RateRule,
  nowMs: number,
): ConsumeResult {
  const { f64, u32 } = arrays;
  const fBase = slot * F64_PER_SLOT;
  const uBase = slot * U32_PER_SLOT;
  const bucketMs = rule.windowMs / BUCKETS;
  let total = u32[uBase] ?? 0;
  // The key keeps a time of its own that never goes back: when the clock steps back, the key's time stops until the
  // clock has caught up, as far ahead of the clock as the step (an offset, kept while the key holds counts). Moving
  // the window back with the clock would empty, when it came forward again, the buckets that hold the window (the
  // limit admitted twice); holding it where it was without an offset would refuse the key until the clock caught up.
  let offset = total > 0 ? (f64[fBase + 1] ?? 0) : 0;
  let timeMs = nowMs + offset;
  if (total > 0) {
    const lastMs = f64[fBase] ?? 0;
    if (timeMs < lastMs) {
      offset = lastMs - nowMs;
      timeMs = lastMs;
    }
    const last = Math.floor(lastMs / bucketMs);
    const now = Math.floor(timeMs / bucketMs);
    if (now - last >= RING) {
      u32.fill(0, uBase, uBase + U32_PER_SLOT);
      total = 0;
    } else {
      // Buckets that fell out of the window since the last call are emptied and subtracted.
      for (let i = last + 1; i <= now; i++) {
        const at = uBase + 1 + (i % RING);
        total -= u32[at] ?? 0;
        u32[at] = 0;
      }
    }
  }
  const index = Math.floor(timeMs / bucketMs);
  f64[fBase] = timeMs;
  f64[fBase + 1] = offset;

  const allowed = total + cost <= rule.limit;
  if (allowed) {
    u32[uBase + 1 + (index % RING)] = (u32[uBase + 1 + (index % RING)] ?? 0) + cost;
    total += cost;
  }
  u32[uBase] = total;
  // Empty once the newest non-empty bucket (this one, at most) has left the window: on the clock, not the key's time.
  f64[fBase + 2] = bucketStartMs(index + RING, bucketMs) - offset;

  // Walk the buckets from the oldest: the first time enough has left the window is when quota comes back.
  let freed = 0;
  let resetAt = bucketStartMs(index + RING, bucketMs);
  let retryAt = allowed ? timeMs : Number.POSITIVE_INFINITY;
  let foundReset = false;
  for (let i = index - BUCKETS; i <= index; i++) {
    const count = u32[uBase + 1 + (((i % RING) + RING) % RING)] ?? 0;
    if (count === 0) continue;
    freed += count;
    const leavesAt = bucketStartMs(i + RING, bucketMs);
    if (!foundReset) {
      resetAt = leavesAt;
      foundReset = true;
    }
    if (!allowed && total - freed + cost <= rule.limit) {
      retryAt = leavesAt;
      break;
    }
  }
  if (!allowed && retryAt === Number.POSITIVE_INFINITY) {
    // cost > limit: it can never fit; tell the client to wait a whole window rather than forever.
    retryAt = timeMs + rule.windowMs;
  }

  return {
    allowed,
    limit: rule.limit,
    remaining: allowed ? rule.limit - total : 0,
    resetMs: Math.max(0, resetAt - timeMs),
    retryAfterMs: allowed ? 0 : Math.max(1, retryAt - timeMs),
  };
}

/**
 * The first whole millisecond in bucket `index`, found with the same `Math.floor(t / bucketMs)` that places a
 * request in a bucket: a client that comes back at this time is counted there, one that comes 1 ms sooner is not,
 * whatever rounding does to `index * bucketMs` (a window that is not a multiple of 10 ms has fractional buckets).
 */
function bucketStartMs(index: number, bucketMs: number): number {
  let t = Math.ceil(index * bucketMs);
  while (Math.floor(t / bucketMs) < index) t++;
  while (Math.floor((t - 1) / bucketMs) >= index) t--;
  return t;
}

/**
 * Whole milliseconds until `tokens` (scaled, see {@link consumeTokenBucket}) refill to `amount`: 0 when they are
 * there. The division of two whole numbers under 2^53 is rounded correctly, so its ceiling is exact.
 */
function msUntil(tokens: number, amount: number, rule: RateRule): number {
  return amount <= tokens ? 0 : Math.ceil((amount - tokens) / rule.limit);
}

/**
 * Token bucket of `limit` tokens refilled continuously at `limit / windowMs` per millisecond. Guarantee: over any
 * interval of length T, at most `limit + T * limit / windowMs` units are admitted.
 *
 * Tokens are kept multiplied by `windowMs`: a millisecond refills `limit` of them and a unit costs `windowMs`, so
 * with whole-millisecond clocks every sum is a whole number and exact (below 2^53), however many calls add to it. A
 * retry time is exactly when the bucket will hold the cost, not 1 ms sooner, whatever calls come in between.
 */
export function consumeTokenBucket(
  arrays: CounterArrays,
  slot: number,
  cost: number,
  rule: RateRule,
  nowMs: number,
): ConsumeResult {
  const { f64 } = arrays;
  const base = slot * F64_PER_SLOT;
  const full = rule.limit * rule.windowMs;
  const need = cost * rule.windowMs;
  const fresh = (f64[base + 2] ?? 0) === 0;
  // The stored base: the tokens at the key's last call, and its time.
  const baseTokens = fresh ? full : (f64[base] ?? 0);
  const baseMs = fresh ? nowMs : (f64[base + 1] ?? nowMs);
  // A clock that steps backwards mints no tokens, and locks no one out: the bucket is taken as it was at the base
  // time, and every call, admitted or not, moves the base to now (as if the clock had stopped). Kept where it was,
  // the base would refill nothing until the clock caught up with it.
  const elapsed = Math.max(0, nowMs - baseMs);
  const tokens = Math.min(full, baseTokens + elapsed * rule.limit);

  if (tokens >= need) {
    const left = tokens - need;
    const fullInMs = msUntil(left, full, rule);
    f64[base] = left;
    f64[base + 1] = nowMs;
    // Expire exactly when the bucket is full again: then forgetting it changes nothing. Never 0 (= fresh).
    f64[base + 2] = nowMs + Math.max(fullInMs, 1);
    return {
      allowed: true,
      limit: rule.limit,
      remaining: Math.floor(left / rule.windowMs),
      resetMs: fullInMs,
      retryAfterMs: 0,
    };
  }
  // A denial keeps the refill it found: the base moves to now with the tokens there. A clock stepped back later
  // then loses nothing earned up to this call (a clock flipping back and forth stalled the refill for good).
  const fullInMs = msUntil(tokens, full, rule);
  f64[base] = tokens;
  f64[base + 1] = nowMs;
  f64[base + 2] = nowMs + Math.max(fullInMs, 1);
  return {
    allowed: false,
    limit: rule.limit,
    remaining: 0,
    resetMs: fullInMs,
    retryAfterMs: cost > rule.limit ? rule.windowMs : Math.max(1, msUntil(tokens, need, rule)),
  };
}
