/**
 * Before a stack is loaded: obtain a CSRF token where `POST` needs one, then check with single requests that the
 * stack answers as a correctly configured one should. Numbers from a stack that answers 403 or 429, or whose
 * guards are silently off, would be meaningless.
 */
import type { Stack } from './stacks.js';
import { ALLOWED_ORIGIN, BENCH_PATH, GET_REPLY, LIMITED_PATH, POST_BODY } from './workload.js';

/** Headers of the benchmark requests, per route. */
export interface RequestHeaders {
  readonly get: Readonly<Record<string, string>>;
  readonly post: Readonly<Record<string, string>>;
}

/** The `name=value` part of each `Set-Cookie`, joined as one `Cookie` header. */
function cookieHeader(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((setCookie) => setCookie.split(';', 1)[0]!.trim())
    .join('; ');
}

/**
 * Builds the request headers for a stack: `Origin` on every request, and for a CSRF-protected stack the cookie
 * and token header issued by its token route (one session for the whole run, as a browser tab would have).
 *
 * @throws {Error} when the token route does not answer 200 with the token field.
 */
export async function prepareHeaders(stack: Stack, baseUrl: string): Promise<RequestHeaders> {
  const get = { origin: ALLOWED_ORIGIN };
  const post: Record<string, string> = { origin: ALLOWED_ORIGIN, 'content-type': 'application/json' };
  if (stack.csrf !== undefined) {
    const response = await fetch(`${baseUrl}${stack.csrf.tokenPath}`, { headers: get });
    const body: unknown = await response.json().catch(() => undefined);
    const token =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)[stack.csrf.tokenField]
        : undefined;
    if (response.status !== 200 || typeof token !== 'string') {
      throw new Error(
        `${stack.id}: GET ${stack.csrf.tokenPath} answered ${response.status} ${JSON.stringify(body)}, no token`,
      );
    }
    const cookie = cookieHeader(response);
    if (cookie !== '') post.cookie = cookie;
    post[stack.csrf.headerName] = token;
  }
  return { get, post };
}

/** True when the stack's limiter refuses the second request to its one-per-window route. */
async function limiterIsLive(baseUrl: string, headers: Readonly<Record<string, string>>): Promise<boolean> {
  const statuses: number[] = [];
  for (let i = 0; i < 2; i++) {
    const response = await fetch(`${baseUrl}${LIMITED_PATH}`, { headers });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses[0] === 200 && statuses[1] === 429;
}

/**
 * Sends one `GET` and one `POST` as the load generator will, and for guarded stacks checks the guards are on.
 * Resolves to the problems found, empty when the stack is fit to measure.
 */
export async function preflight(stack: Stack, baseUrl: string, headers: RequestHeaders): Promise<string[]> {
  const problems: string[] = [];
  const url = `${baseUrl}${BENCH_PATH}`;

  const get = await fetch(url, { headers: headers.get });
  const getBody = await get.text();
  if (get.status !== 200 || getBody !== JSON.stringify(GET_REPLY)) {
    problems.push(`GET ${BENCH_PATH} answered ${get.status} ${getBody.slice(0, 200)}`);
  }
  if (stack.guarded) {
    if (get.headers.get('x-content-type-options') !== 'nosniff') problems.push('no security headers on GET');
    if (get.headers.get('access-control-allow-origin') !== ALLOWED_ORIGIN)
      problems.push('no CORS headers on GET');
    if (!(await limiterIsLive(baseUrl, headers.get))) {
      problems.push(`${LIMITED_PATH} was not limited to one request: limiter inactive?`);
    }
  }

  const post = await fetch(url, { method: 'POST', headers: headers.post, body: POST_BODY });
  const postBody = await post.text();
  if (post.status !== 200 || !postBody.includes('"ok":true')) {
    problems.push(`POST ${BENCH_PATH} answered ${post.status} ${postBody.slice(0, 200)}`);
  }

  if (stack.csrf !== undefined) {
    const { [stack.csrf.headerName]: _token, ...withoutToken } = headers.post;
    const forged = await fetch(url, { method: 'POST', headers: withoutToken, body: POST_BODY });
    await forged.arrayBuffer();
    if (forged.status !== 403) problems.push(`POST without a CSRF token answered ${forged.status}, not 403`);
  }
  return problems;
}
