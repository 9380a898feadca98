/**
 * What every stack serves and what the load generator sends. Shared by the server entries and the runner so the
 * two sides cannot drift apart.
 */

/** The one benchmarked path: `GET` and `POST` both live here. */
export const BENCH_PATH = '/bench';

/** The only interface servers listen on. */
export const HOST = '127.0.0.1';

/** The cross-origin caller every CORS-enabled stack allows; every benchmark request carries it as `Origin`. */
export const ALLOWED_ORIGIN = 'https://app.example';

/**
 * A rate limit that is never reached during a run (the limiter still counts every request), per window below.
 * A stack that answers 429 anyway is misconfigured and the runner flags it.
 */
export const UNREACHED_RATE_LIMIT = 1_000_000_000;

/** The rate-limit window in milliseconds. */
export const RATE_WINDOW_MS = 60_000;

/**
 * A route every guarded stack limits to one request per window, so the preflight can prove the limiter is live
 * (the second request must get 429) without the benchmarked route having to carry rate-limit headers.
 */
export const LIMITED_PATH = '/limited';

/** The `GET /bench` answer: a small JSON body. */
export const GET_REPLY = Object.freeze({ ok: true, n: 1 });

/** The `POST /bench` request body, about 200 bytes of JSON, as sent on the wire. */
export const POST_BODY = JSON.stringify({
  id: 'ord_7f3a9c2e51',
  account: 'acct_0042',
  amount: 125_000,
  currency: 'EUR',
  note: 'monthly transfer to savings',
  tags: ['bench', 'transfer', 'scheduled'],
  createdAt: '2025-01-15T09:30:00.000Z',
  confirm: true,
});

/**
 * The `POST /bench` answer: a small JSON echo of the request's `id`, or `null` when the body has none, so the
 * handler does read the parsed body.
 */
export function postReply(body: unknown): { readonly ok: true; readonly id: string | null } {
  const id = typeof body === 'object' && body !== null && 'id' in body ? body.id : undefined;
  return { ok: true, id: typeof id === 'string' ? id : null };
}

/** The routes the runner can load. */
export type RouteName = 'get' | 'post';

/** Every route, in the order they are measured. */
export const ROUTES: readonly RouteName[] = ['get', 'post'];
