import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { FastStore, RateRule } from '../../src/stores/types.js';

/**
 * The one conformance suite every `FastStore` implementation runs (memory now, Redis later). Each test states a
 * guarantee from `src/stores/types.ts` and fails when an implementation breaks it.
 *
 * Time only moves through `clock.advance`, so no test sleeps: every store takes its clock as `now` (the Redis
 * store passes it to its scripts as an argument), and the whole suite runs against every implementation.
 */

/** The test clock handed to `makeStore`: inject `now` into the store; the suite moves it with `advance`. */
export interface ConformanceClock {
  now: () => number;
  advance(ms: number): void;
  /** Moves the clock back, as an NTP step of the wall clock does: only the tests of that use it. */
  stepBack(ms: number): void;
}

/** A realistic epoch, deliberately not aligned to any window or sub-bucket boundary. */
const START_MS = 1_700_000_000_037;

const ALGORITHMS = ['sliding-window', 'token-bucket'] as const;

const rule = (algorithm: RateRule['algorithm'], limit: number, windowMs: number): RateRule => ({
  algorithm,
  limit,
  windowMs,
});

/** Most timestamps of `times` (sorted ascending) that fall in any half-open interval [t, t + lengthMs). */
export function maxInAnyInterval(times: readonly number[], lengthMs: number): number {
  let best = 0;
  let from = 0;
  for (let to = 0; to < times.length; to++) {
    while ((times[from] ?? 0) + lengthMs <= (times[to] ?? 0)) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}

/**
 * Registers `describe(name, ...)` with one test per documented guarantee of `FastStore`.
 *
 * @example
 * runFastStoreConformance('memory store', (clock) => createMemoryStore({ now: clock.now }));
 */
export function runFastStoreConformance(
  name: string,
  makeStore: (clock: ConformanceClock) => Promise<FastStore> | FastStore,
): void {
  /** Runs `body` against a fresh store and clock, and closes the store whatever happens. */
  const withStore = async (
    body: (store: FastStore, clock: ConformanceClock) => Promise<void>,
  ): Promise<void> => {
    let manual = START_MS;
    const clock: ConformanceClock = {
      now: () => manual,
      advance(ms) {
        assert.ok(Number.isFinite(ms) && ms >= 0, `clock.advance(${ms}): time only moves forward`);
        manual += ms;
      },
      stepBack(ms) {
        manual -= ms;
      },
    };
    const store = await makeStore(clock);
    try {
      await body(store, clock);
    } finally {
      await store.close();
    }
  };

  /**
   * Moves the clock by each of `moves` (back when negative) and asks for one unit of `k` after each: the key's own
   * times (the forward moves added up) at which the store admitted it.
   */
  const admittedAlong = async (
    store: FastStore,
    clock: ConformanceClock,
    r: RateRule,
    moves: readonly number[],
  ): Promise<number[]> => {
    let keyTime = 0;
    const admitted: number[] = [];
    for (const move of moves) {
      if (move < 0) clock.stepBack(-move);
      else {
        clock.advance(move);
        keyTime += move;
      }
      if ((await store.consume('k', 1, r)).allowed) admitted.push(keyTime);
    }
    return admitted;
  };

  describe(name, () => {
    it('says whether it is shared between processes', async () => {
      await withStore(async (store) => {
        assert.equal(typeof store.shared, 'boolean');
      });
    });

    for (const algorithm of ALGORITHMS) {
      describe(`consume (${algorithm})`, () => {
        it('allows exactly limit requests, counting remaining down, then denies', async () => {
          await withStore(async (store) => {
            // A long window: a real clock drifting a few milliseconds cannot refill anything.
            const r = rule(algorithm, 5, 600_000);
            for (let i = 1; i <= 5; i++) {
              const res = await store.consume('k', 1, r);
              assert.equal(res.allowed, true, `request ${i} of 5`);
              assert.equal(res.limit, 5);
              assert.equal(res.remaining, 5 - i);
              assert.equal(res.retryAfterMs, 0);
              assert.ok(res.resetMs > 0 && res.resetMs <= r.windowMs * 1.1, `resetMs ${res.resetMs}`);
            }
            for (let i = 0; i < 3; i++) {
              const res = await store.consume('k', 1, r);
              assert.equal(res.allowed, false, `request ${6 + i} must be denied`);
              assert.equal(res.limit, 5);
              assert.equal(res.remaining, 0);
              assert.ok(
                res.retryAfterMs > 0 && res.retryAfterMs <= r.windowMs * 1.1,
                `retry ${res.retryAfterMs}`,
              );
              assert.ok(res.resetMs > 0 && res.resetMs <= r.windowMs * 1.1, `resetMs ${res.resetMs}`);
            }
          });
        });

        it('counts cost > 1 as that many units and denies what does not fit without counting it', async () => {
          await withStore(async (store) => {
            const r = rule(algorithm, 10, 600_000);
            assert.deepEqual(
              [await store.consume('k', 4, r), await store.consume('k', 4, r)].map((x) => [
                x.allowed,
                x.remaining,
              ]),
              [
                [true, 6],
                [true, 2],
              ],
            );
            const tooBig = await store.consume('k', 3, r);
            assert.equal(tooBig.allowed, false);
            assert.equal(tooBig.remaining, 0);
            assert.ok(tooBig.retryAfterMs > 0);
            // The denied 3 were not counted: 2 still fit, then nothing.
            const fits = await store.consume('k', 2, r);
            assert.equal(fits.allowed, true);
            assert.equal(fits.remaining, 0);
            assert.equal((await store.consume('k', 1, r)).allowed, false);
          });
        });

        it('denies cost > limit with a finite retryAfterMs and counts none of it', async () => {
          await withStore(async (store) => {
            const r = rule(algorithm, 3, 600_000);
            const res = await store.consume('k', 4, r);
            assert.equal(res.allowed, false);
            assert.equal(res.remaining, 0);
            assert.ok(Number.isFinite(res.retryAfterMs) && res.retryAfterMs > 0, `retry ${res.retryAfterMs}`);
            assert.ok(res.retryAfterMs <= r.windowMs * 1.1, `retry ${res.retryAfterMs}`);
            assert.ok(Number.isFinite(res.resetMs) && res.resetMs >= 0, `resetMs ${res.resetMs}`);
            const next = await store.consume('k', 3, r);
            assert.equal(next.allowed, true, 'the oversized request must not have used any quota');
          });
        });

        it('never admits cost > limit, even after waiting', async () => {
          await withStore(async (store, clock) => {
            const r = rule(algorithm, 3, 1_000);
            for (let i = 0; i < 4; i++) {
              const res = await store.consume('k', 4, r);
              assert.equal(res.allowed, false);
              clock.advance(res.retryAfterMs);
            }
          });
        });

        // A wall clock stepped back (by NTP, or by hand), then going on: the store sees time stop, not run back.
        // Stepping back 1 ms at a sub-bucket's start once emptied the sliding window's buckets on the way forward
        // (twice the limit in a millisecond), and 30 s refilled the token bucket for time that had not passed.
        it('admits what time that passed allows, no more, when the clock steps back', async () => {
          for (const backMs of [1, 999, 6_000, 30_000]) {
            await withStore(async (store, clock) => {
              const r = rule(algorithm, 5, 60_000);
              // At the start of a sub-bucket of the sliding window (a tenth of the window).
              clock.advance(6_000 - (START_MS % 6_000));
              // One request, one after the step back, then the limit's worth once the clock has come forward again.
              const moves = [0, -backMs, backMs, ...new Array<number>(r.limit - 1).fill(0)];
              const allowed = (await admittedAlong(store, clock, r, moves)).length;
              // backMs passed: the token bucket refills for it; the window holds all of it.
              const refilled = algorithm === 'token-bucket' ? Math.floor((backMs * r.limit) / r.windowMs) : 0;
              assert.equal(allowed, r.limit + refilled, `stepped back ${backMs} ms`);
              const denied = await store.consume('k', 1, r);
              assert.equal(denied.allowed, false);
              clock.advance(denied.retryAfterMs);
              assert.equal((await store.consume('k', 1, r)).allowed, true, `stepped back ${backMs} ms`);
            });
          }
        });

        // The reviewer's case: a clock flipping between two milliseconds across a sub-bucket's edge moved the
        // relabelled counts one bucket back per flip, until they left the window.
        it('admits nothing more while the clock flips across a sub-bucket edge', async () => {
          await withStore(async (store, clock) => {
            const r = rule(algorithm, 5, 1_000);
            clock.advance(100 - (START_MS % 100));
            for (let i = 0; i < r.limit; i++) assert.equal((await store.consume('k', 1, r)).allowed, true);
            const flips = new Array<number[]>(12).fill([-1, 1]).flat();
            assert.deepEqual(await admittedAlong(store, clock, r, flips), []);
          });
        });

        // The other side: a clock running 900 ms, then stepping back 901, again and again. The key's time runs
        // 19.8 s, with a call every 900 ms of it: a limit of 1 a second admits every other one, 11. Keeping the
        // token bucket's base at its last admission lost each stretch's refill, and admitted 1 (found by a reviewer
        // session).
        it("goes on admitting as the key's time runs, while the clock steps back and forth", async () => {
          await withStore(async (store, clock) => {
            const r = rule(algorithm, 1, 1_000);
            const moves = new Array<number[]>(22).fill([900, -901]).flat();
            const admitted = (await admittedAlong(store, clock, r, moves)).length;
            assert.equal(admitted, 11, `${admitted} admitted in 19.8 s of the key's time`);
          });
        });

        // A clock that keeps stepping back and forth (a reviewer session found the sliding window, relabelled a
        // bucket at a time, drifting against the key's time: twice the limit, or a lockout without end). The key's
        // time is the clock's forward moves added up; in it, the algorithm's guarantee holds.
        it("keeps its guarantee in the key's own time while the clock moves back and forth", async () => {
          await fc.assert(
            fc.asyncProperty(
              // Small flips around a sub-bucket's edge, as well as steps of several windows.
              fc.array(
                fc.oneof(fc.constantFrom(-1, 1, -90, 90, -100, 100), fc.integer({ min: -2_500, max: 400 })),
                { minLength: 1, maxLength: 120 },
              ),
              async (moves) => {
                await withStore(async (store, clock) => {
                  const r = rule(algorithm, 4, 1_000);
                  const admitted = await admittedAlong(store, clock, r, moves);
                  for (let i = 0; i < admitted.length; i++) {
                    for (let j = i; j < admitted.length; j++) {
                      const span = (admitted[j] as number) - (admitted[i] as number);
                      const most =
                        algorithm === 'sliding-window'
                          ? span < r.windowMs
                            ? r.limit
                            : Number.POSITIVE_INFINITY
                          : r.limit + (span * r.limit) / r.windowMs;
                      assert.ok(j - i + 1 <= most, `${j - i + 1} admitted in ${span} ms of the key's time`);
                    }
                  }
                  // Never locked out for more than a window (and a sub-bucket) of the key's time.
                  clock.advance(r.windowMs + r.windowMs / 10);
                  assert.equal((await store.consume('k', 1, r)).allowed, true, 'locked out');
                });
              },
            ),
            { numRuns: 200 },
          );
        });

        // Holding the window where it was instead refused a steady client for the whole step (found by a reviewer
        // session: an hour back, an hour of 429s).
        it('does not lock a key out when the clock steps back an hour', async () => {
          await withStore(async (store, clock) => {
            const r = rule(algorithm, 10, 60_000);
            for (let i = 0; i < 5; i++) assert.equal((await store.consume('k', 1, r)).allowed, true);
            clock.stepBack(3_600_000);
            const refused: number[] = [];
            for (let minute = 0; minute < 60; minute++) {
              for (let i = 0; i < 3; i++) {
                if (!(await store.consume('k', 1, r)).allowed) refused.push(minute);
                clock.advance(20_000);
              }
            }
            assert.deepEqual(refused, []);
          });
        });

        it('keeps separate keys independent', async () => {
          await withStore(async (store) => {
            const r = rule(algorithm, 2, 600_000);
            assert.equal((await store.consume('a', 2, r)).allowed, true);
            assert.equal((await store.consume('a', 1, r)).allowed, false);
            // Keys that share a prefix or differ only in case are different keys.
            for (const key of ['b', 'a:', 'ab', 'A', ' a']) {
              const res = await store.consume(key, 1, r);
              assert.equal(res.allowed, true, key);
              assert.equal(res.remaining, 1, key);
            }
            assert.equal((await store.consume('a', 1, r)).allowed, false);
          });
        });

        // The token bucket once stored the refill of each denial as a fraction, and the rounding piled up: a key
        // calling every millisecond was admitted 1 ms after the time it had been promised (found by a reviewer
        // session). Tokens are whole numbers now.
        it('keeps a retryAfterMs promise while the key calls every millisecond', async () => {
          for (const [limit, windowMs] of [
            [1, 10_000],
            [3, 1_735],
            [7, 999],
          ] as const) {
            await withStore(async (store, clock) => {
              const r = rule(algorithm, limit, windowMs);
              assert.equal((await store.consume('k', limit, r)).allowed, true);
              clock.advance(1);
              const denied = await store.consume('k', 1, r);
              assert.equal(denied.allowed, false);
              for (let ms = 1; ms < denied.retryAfterMs; ms++) {
                clock.advance(1);
                assert.equal(
                  (await store.consume('k', 1, r)).allowed,
                  false,
                  `${limit}/${windowMs}: admitted early`,
                );
              }
              clock.advance(1);
              assert.equal(
                (await store.consume('k', 1, r)).allowed,
                true,
                `${limit}/${windowMs}: admitted late`,
              );
            });
          }
        });

        it('gives a retryAfterMs after which the same request is allowed, and not 1 ms before', {}, async () => {
          await withStore(async (store, clock) => {
            const r = rule(algorithm, 5, 1_000);
            // Spread the use over time so the answer depends on when each unit was spent (and, for the token
            // bucket, leaves a fraction of a token).
            assert.equal((await store.consume('k', 3, r)).allowed, true);
            clock.advance(250);
            let extra = 0;
            while ((await store.consume('k', 1, r)).allowed)
              assert.ok(++extra <= 3, 'admitted beyond the limit');
            assert.equal(extra, algorithm === 'sliding-window' ? 2 : 3);
            for (const cost of [1, 2, 3]) {
              const denied = await store.consume('k', cost, r);
              assert.equal(denied.allowed, false, `cost ${cost}`);
              assert.ok(denied.retryAfterMs >= 1, `cost ${cost}: retry ${denied.retryAfterMs}`);
            }
            const denied = await store.consume('k', 2, r);
            clock.advance(denied.retryAfterMs - 1);
            const early = await store.consume('k', 2, r);
            assert.equal(
              early.allowed,
              false,
              `1 ms before retryAfterMs (${denied.retryAfterMs}) must still deny`,
            );
            assert.equal(early.retryAfterMs, 1, 'asking again 1 ms early must say 1 ms');
            clock.advance(1);
            const onTime = await store.consume('k', 2, r);
            assert.equal(onTime.allowed, true, `after retryAfterMs (${denied.retryAfterMs}) it must allow`);
            assert.equal(onTime.retryAfterMs, 0);
          });
        });
      });
    }

    describe('consume (sliding-window) over time', () => {
      it('admits at most limit in any interval of windowMs, under steady and bursty traffic', {}, async () => {
        // [gap before the next request, fewest the store must admit in 6 s]: an exact log would admit 60 in each;
        // the sub-bucket store may make a client wait up to a tenth of a window longer, never less.
        const patterns: Record<string, [(i: number) => number, number]> = {
          'steady 37 ms': [() => 37, 50],
          'bursts at sub-bucket edges': [(i) => (i % 7 === 6 ? 99 : 1), 50],
          'bursts of 11 every 1100 ms': [(i) => (i % 11 === 10 ? 1_100 : 0), 60],
          'bursts either side of the window edge': [(i) => (i % 12 === 11 ? 988 : i % 12 === 5 ? 12 : 0), 30],
        };
        for (const [label, [gap, minAllowed]] of Object.entries(patterns)) {
          await withStore(async (store, clock) => {
            const r = rule('sliding-window', 10, 1_000);
            const allowedAt: number[] = [];
            for (let i = 0; clock.now() < START_MS + 6_000; i++) {
              if ((await store.consume('k', 1, r)).allowed) allowedAt.push(clock.now());
              clock.advance(gap(i));
            }
            assert.ok(maxInAnyInterval(allowedAt, r.windowMs) <= r.limit, `${label}: over the limit`);
            // Not satisfied by denying everything.
            assert.ok(allowedAt.length >= minAllowed, `${label}: only ${allowedAt.length} allowed`);
          });
        }
      });

      it('gives a retryAfterMs no shorter than the exact wait and at most one sub-bucket longer', {}, async () => {
        await withStore(async (store, clock) => {
          const r = rule('sliding-window', 4, 1_000);
          assert.equal((await store.consume('k', 4, r)).allowed, true);
          clock.advance(300);
          const denied = await store.consume('k', 1, r);
          assert.equal(denied.allowed, false);
          // The units leave the window 1000 ms after they were spent, 700 ms from now; the store may round up to
          // its sub-bucket (a tenth of the window), never down.
          assert.ok(denied.retryAfterMs >= 700 && denied.retryAfterMs <= 800, `retry ${denied.retryAfterMs}`);
        });
      });

      it('returns the full quota once the window has passed', async () => {
        await withStore(async (store, clock) => {
          const r = rule('sliding-window', 3, 1_000);
          assert.equal((await store.consume('k', 3, r)).allowed, true);
          clock.advance(r.windowMs * 1.1);
          const res = await store.consume('k', 3, r);
          assert.equal(res.allowed, true);
          assert.equal(res.remaining, 0);
        });
      });
    });

    describe('consume (token-bucket) over time', () => {
      it('refills limit per windowMs, continuously, up to limit and no further', {}, async () => {
        await withStore(async (store, clock) => {
          const r = rule('token-bucket', 10, 1_000); // 1 token per 100 ms
          assert.equal((await store.consume('k', 10, r)).allowed, true);
          assert.equal((await store.consume('k', 1, r)).allowed, false);
          clock.advance(99);
          assert.equal((await store.consume('k', 1, r)).allowed, false, '99 ms refills less than one token');
          clock.advance(1);
          assert.equal((await store.consume('k', 1, r)).allowed, true, '100 ms refills one token');
          assert.equal((await store.consume('k', 1, r)).allowed, false);
          clock.advance(350);
          const three = await store.consume('k', 3, r);
          assert.equal(three.allowed, true, '350 ms refills 3.5 tokens');
          assert.equal(three.remaining, 0);
          assert.equal((await store.consume('k', 1, r)).allowed, false, 'half a token is not a token');
          clock.advance(50);
          assert.equal((await store.consume('k', 1, r)).allowed, true, 'the half token was kept');
          // A long idle period fills the bucket to limit, not beyond.
          clock.advance(r.windowMs * 5);
          const full = await store.consume('k', 1, r);
          assert.equal(full.remaining, 9);
          assert.equal((await store.consume('k', 9, r)).allowed, true);
          assert.equal((await store.consume('k', 1, r)).allowed, false);
        });
      });

      it('gives the exact retryAfterMs for the missing tokens', async () => {
        await withStore(async (store, clock) => {
          const r = rule('token-bucket', 4, 1_000); // 1 token per 250 ms
          assert.equal((await store.consume('k', 4, r)).allowed, true);
          clock.advance(100);
          assert.equal((await store.consume('k', 1, r)).retryAfterMs, 150);
          assert.equal((await store.consume('k', 2, r)).retryAfterMs, 400);
        });
      });

      it('reports resetMs as the time until the bucket is full again', async () => {
        await withStore(async (store, clock) => {
          const r = rule('token-bucket', 10, 1_000);
          const res = await store.consume('k', 4, r);
          assert.equal(res.resetMs, 400);
          clock.advance(res.resetMs);
          assert.equal((await store.consume('k', 10, r)).allowed, true);
        });
      });
    });

    describe('consume under concurrency', () => {
      for (const algorithm of ALGORITHMS) {
        it(`admits exactly limit of 200 concurrent calls on one key (${algorithm})`, async () => {
          await withStore(async (store) => {
            const r = rule(algorithm, 37, 600_000);
            const results = await Promise.all(Array.from({ length: 200 }, () => store.consume('hot', 1, r)));
            assert.equal(results.filter((x) => x.allowed).length, 37);
            // Every admitted call saw a distinct remaining count: no two read the same state.
            const remaining = results.filter((x) => x.allowed).map((x) => x.remaining);
            assert.equal(new Set(remaining).size, 37);
            assert.deepEqual(
              [...remaining].sort((a, b) => a - b),
              Array.from({ length: 37 }, (_, i) => i),
            );
          });
        });
      }

      it('keeps concurrent calls on different keys apart', async () => {
        await withStore(async (store) => {
          const r = rule('sliding-window', 3, 600_000);
          const keys = ['a', 'b', 'c', 'd'];
          const results = await Promise.all(
            Array.from({ length: 40 }, (_, i) => {
              const key = keys[i % keys.length] ?? 'a';
              return store.consume(key, 1, r).then((res) => ({ key, res }));
            }),
          );
          for (const key of keys) {
            assert.equal(results.filter((x) => x.key === key && x.res.allowed).length, 3, key);
          }
        });
      });
    });

    describe('increment', () => {
      it('counts 1, 2, 3 per key', async () => {
        await withStore(async (store) => {
          assert.equal(await store.increment('a', 600_000), 1);
          assert.equal(await store.increment('a', 600_000), 2);
          assert.equal(await store.increment('b', 600_000), 1);
          assert.equal(await store.increment('a', 600_000), 3);
        });
      });

      it('counts every one of 100 concurrent increments', async () => {
        await withStore(async (store) => {
          const counts = await Promise.all(Array.from({ length: 100 }, () => store.increment('k', 600_000)));
          assert.deepEqual(
            [...counts].sort((a, b) => a - b),
            Array.from({ length: 100 }, (_, i) => i + 1),
          );
        });
      });

      it('expires ttlMs after the first increment; later increments do not extend it', {}, async () => {
        await withStore(async (store, clock) => {
          assert.equal(await store.increment('k', 1_000), 1);
          clock.advance(600);
          assert.equal(await store.increment('k', 1_000), 2);
          clock.advance(399);
          assert.equal(await store.increment('k', 1_000), 3, 'still live 999 ms after the first increment');
          clock.advance(1);
          assert.equal(
            await store.increment('k', 1_000),
            1,
            'a fresh count 1000 ms after the first increment',
          );
          clock.advance(999);
          assert.equal(
            await store.increment('k', 1_000),
            2,
            'the new window runs from its own first increment',
          );
          clock.advance(1);
          assert.equal(await store.increment('k', 1_000), 1);
        });
      });

      it('starts again at 1 after delete', async () => {
        await withStore(async (store) => {
          await store.increment('k', 600_000);
          await store.increment('k', 600_000);
          assert.equal(await store.delete('k'), true);
          assert.equal(await store.increment('k', 600_000), 1);
        });
      });
    });

    describe('setIfAbsent', () => {
      it('stores only once while the value is live', async () => {
        await withStore(async (store) => {
          assert.equal(await store.setIfAbsent('k', 'first', 600_000), true);
          assert.equal(await store.setIfAbsent('k', 'second', 600_000), false);
          assert.equal(await store.setIfAbsent('k', 'first', 600_000), false);
          assert.equal(await store.get('k'), 'first');
          assert.equal(await store.setIfAbsent('other', 'x', 600_000), true);
        });
      });

      it('stores again once the value has expired', async () => {
        await withStore(async (store, clock) => {
          assert.equal(await store.setIfAbsent('k', 'first', 1_000), true);
          clock.advance(999);
          assert.equal(await store.setIfAbsent('k', 'second', 1_000), false, 'live for 999 ms');
          assert.equal(await store.get('k'), 'first');
          clock.advance(1);
          assert.equal(await store.setIfAbsent('k', 'third', 1_000), true, 'expired after 1000 ms');
          assert.equal(await store.get('k'), 'third');
          clock.advance(999);
          assert.equal(await store.get('k'), 'third', 'the new value has its own ttl');
        });
      });

      it('stores again after delete', async () => {
        await withStore(async (store) => {
          assert.equal(await store.setIfAbsent('k', 'first', 600_000), true);
          assert.equal(await store.delete('k'), true);
          assert.equal(await store.setIfAbsent('k', 'second', 600_000), true);
          assert.equal(await store.get('k'), 'second');
        });
      });

      it('lets exactly one of 50 concurrent callers store', async () => {
        await withStore(async (store) => {
          const results = await Promise.all(
            Array.from({ length: 50 }, (_, i) => store.setIfAbsent('k', `v${i}`, 600_000)),
          );
          assert.equal(results.filter(Boolean).length, 1);
          assert.equal(await store.get('k'), `v${results.indexOf(true)}`);
        });
      });
    });

    describe('set, get, delete', () => {
      it('get returns undefined for a missing key', async () => {
        await withStore(async (store) => {
          assert.equal(await store.get('missing'), undefined);
        });
      });

      it('set stores and replaces; values are kept exactly', async () => {
        await withStore(async (store) => {
          await store.set('k', 'one', 600_000);
          assert.equal(await store.get('k'), 'one');
          await store.set('k', 'two', 600_000);
          assert.equal(await store.get('k'), 'two');
          for (const value of ['', ' ', 'ü€😀', 'a\nb\0c', 'x'.repeat(10_000)]) {
            await store.set('v', value, 600_000);
            assert.equal(await store.get('v'), value);
          }
        });
      });

      it('set expires after ttlMs and replaces the ttl along with the value', {}, async () => {
        await withStore(async (store, clock) => {
          await store.set('k', 'one', 1_000);
          clock.advance(500);
          await store.set('k', 'two', 1_000);
          clock.advance(999);
          assert.equal(await store.get('k'), 'two', 'the second set started a new ttl');
          clock.advance(1);
          assert.equal(await store.get('k'), undefined);
          await store.set('short', 'x', 1_000);
          await store.set('short', 'y', 10);
          clock.advance(10);
          assert.equal(await store.get('short'), undefined, 'a shorter ttl replaces a longer one');
        });
      });

      it('delete removes a live value and says so', async () => {
        await withStore(async (store) => {
          await store.set('k', 'v', 600_000);
          await store.set('keep', 'v', 600_000);
          assert.equal(await store.delete('k'), true);
          assert.equal(await store.get('k'), undefined);
          assert.equal(await store.delete('k'), false);
          assert.equal(await store.delete('never-set'), false);
          assert.equal(await store.get('keep'), 'v');
        });
      });

      it('delete of an expired value returns false', async () => {
        await withStore(async (store, clock) => {
          await store.set('k', 'v', 1_000);
          clock.advance(1_000);
          assert.equal(await store.delete('k'), false);
        });
      });
    });

    describe('getAndDelete', () => {
      it('returns the value once, then undefined', async () => {
        await withStore(async (store) => {
          await store.set('k', 'v', 600_000);
          assert.equal(await store.getAndDelete('k'), 'v');
          assert.equal(await store.getAndDelete('k'), undefined);
          assert.equal(await store.get('k'), undefined);
          assert.equal(await store.getAndDelete('never-set'), undefined);
        });
      });

      it('returns undefined for an expired value', async () => {
        await withStore(async (store, clock) => {
          await store.set('k', 'v', 1_000);
          clock.advance(999);
          assert.equal(await store.get('k'), 'v');
          clock.advance(1);
          assert.equal(await store.getAndDelete('k'), undefined);
        });
      });

      it('gives the value to exactly one of 50 concurrent callers', async () => {
        await withStore(async (store) => {
          await store.set('k', 'secret', 600_000);
          const results = await Promise.all(Array.from({ length: 50 }, () => store.getAndDelete('k')));
          assert.deepEqual(
            results.filter((x) => x !== undefined),
            ['secret'],
          );
          assert.equal(await store.get('k'), undefined);
        });
      });
    });
  });
}
