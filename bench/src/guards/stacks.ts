/**
 * The stacks the guards benchmark compares. Each is a standalone server entry in `servers/<id>.ts`, started as its
 * own process so its CPU time can be read apart from the load generator's.
 */

/** How a stack's `POST /bench` gets past CSRF protection, if it has any. */
export interface CsrfSetup {
  /** `GET` route that issues a token and sets the cookie it is bound to. */
  readonly tokenPath: string;
  /** Field of the token route's JSON answer holding the token. */
  readonly tokenField: string;
  /** Request header the token is sent back in. */
  readonly headerName: string;
}

/** One benchmarked stack. */
export interface Stack {
  /** Identifier used by `--stacks` and as the server entry's file name. */
  readonly id: string;
  /** Name printed in the report. */
  readonly label: string;
  /** Whether it runs security middleware: the preflight then checks the headers it must add. */
  readonly guarded: boolean;
  /** CSRF token setup for `POST`, or `undefined` when `POST` is unprotected. */
  readonly csrf?: CsrfSetup;
}

/** Bare Fastify: the reference of every `÷ Fastify` ratio. */
export const BARE_FASTIFY = 'fastify-bare';

/**
 * Fastify with the response headers the Rampart stack sends and no guard logic: the floor that the specification's
 * headers set, against which the guards' own cost is read.
 */
export const HEADERS_ONLY = 'fastify-headers';

/** Bare Express: the reference of every `÷ Express` ratio. */
export const BARE_EXPRESS = 'express-bare';

const RAMPART_CSRF: CsrfSetup = Object.freeze({
  tokenPath: '/csrf-token',
  tokenField: 'csrf_token',
  headerName: 'x-csrf-token',
});

/** Every stack, in report order. */
export const STACKS: readonly Stack[] = Object.freeze([
  { id: BARE_FASTIFY, label: 'Fastify (bare)', guarded: false },
  { id: HEADERS_ONLY, label: 'Fastify + the same headers, no guards', guarded: false },
  { id: 'fastify-rampart', label: 'Fastify + Rampart', guarded: true, csrf: RAMPART_CSRF },
  {
    id: 'fastify-rampart-inspect',
    label: 'Fastify + Rampart + inspection',
    guarded: true,
    csrf: RAMPART_CSRF,
  },
  {
    id: 'fastify-plugins',
    label: 'Fastify + helmet/rate-limit/cors/csrf',
    guarded: true,
    csrf: { tokenPath: '/csrf', tokenField: 'csrf_token', headerName: 'x-csrf-token' },
  },
  { id: BARE_EXPRESS, label: 'Express (bare)', guarded: false },
  { id: 'express-middleware', label: 'Express + helmet/rate-limit/cors', guarded: true },
  { id: 'express-rampart', label: 'Express + Rampart', guarded: true, csrf: RAMPART_CSRF },
]);

/**
 * Picks stacks by id, keeping report order.
 *
 * @throws {TypeError} naming the unknown ids and the known ones.
 */
export function selectStacks(ids: readonly string[] | undefined): readonly Stack[] {
  if (ids === undefined) return STACKS;
  const unknown = ids.filter((id) => !STACKS.some((stack) => stack.id === id));
  if (unknown.length > 0) {
    throw new TypeError(
      `--stacks: unknown ${unknown.join(', ')}; known: ${STACKS.map((stack) => stack.id).join(', ')}`,
    );
  }
  return STACKS.filter((stack) => ids.includes(stack.id));
}
