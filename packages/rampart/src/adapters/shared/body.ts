import type { IncomingMessage } from 'node:http';

/** True when the request declares a body (a length above zero, or a chunked one), whatever its type. */
export function hasBody(request: IncomingMessage): boolean {
  const { headers } = request;
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

/** Declared bodies up to this size are left to Node to read and discard: closing for them costs a reconnect. */
const SMALL_BODY = 64 * 1024;

/**
 * True when a refusal should close the connection: the client is still sending a body that is chunked or larger
 * than {@link SMALL_BODY}. Kept alive, Node reads and throws away whatever follows (a declared terabyte included),
 * and refusals before the rate limiter are never counted: one client could make the server read without end. A
 * small body costs less to read than a reconnect, which behind a proxy a flood of 429s would multiply.
 */
export function bodyStillComing(request: IncomingMessage): boolean {
  if (request.complete) return false;
  const { headers } = request;
  if (headers['transfer-encoding'] !== undefined) return true;
  const declared = headers['content-length'];
  // No length and not chunked: no body. A length that is no number is refused unread too.
  return declared !== undefined && !(Number(declared) <= SMALL_BODY);
}
