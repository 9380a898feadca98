/**
 * A value now or later. Guards return one so that, with an in-process store, a request runs through the whole
 * pipeline without allocating a promise or waiting a microtask; with a remote store the same code chains promises.
 */
export type MaybePromise<T> = T | Promise<T>;

/** Applies `fn` to `value` now if it is ready, else when it resolves. */
export function then<T, U>(value: MaybePromise<T>, fn: (resolved: T) => MaybePromise<U>): MaybePromise<U> {
  return value instanceof Promise ? value.then(fn) : fn(value);
}

/** Runs `fn`, routing a synchronous throw and a rejection alike to `onError`. */
export function attempt<T>(
  fn: () => MaybePromise<T>,
  onError: (error: unknown) => MaybePromise<T>,
): MaybePromise<T> {
  try {
    const result = fn();
    return result instanceof Promise ? result.catch(onError) : result;
  } catch (error) {
    return onError(error);
  }
}
