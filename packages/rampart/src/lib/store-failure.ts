import { errorBody } from '../errors/index.js';
import type { EmitContext, EventBus } from '../events/bus.js';
import type { Denial } from './request.js';

/** What a request gets when the store fails: `deny` answers 503, `allow` lets it on (`rateLimit.onStoreError`). */
export type StoreErrorPolicy = 'deny' | 'allow';

/**
 * Emits `store_error` for a store call that failed (the error's name only: its message may hold a connection
 * string) and answers as the policy says: a 503 with `Retry-After`, or undefined to let the request on.
 */
export function storeFailure(
  events: EventBus,
  policy: StoreErrorPolicy,
  where: EmitContext,
  operation: string,
  error: unknown,
): Denial | undefined {
  events.emit('store_error', where, { operation, policy, error: (error as Error)?.name ?? 'Error' });
  // A new answer each time: a denial reaches user error handlers (`RequestDeniedError.denial`), which may edit it.
  if (policy === 'allow') return undefined;
  return {
    allowed: false,
    status: 503,
    body: errorBody('STORE_UNAVAILABLE'),
    headers: [['retry-after', '5']],
  };
}
