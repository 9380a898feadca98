import type { IncomingMessage } from 'node:http';

/** True when the request declares a body (a length above zero, or a chunked one), whatever its type. */
export function hasBody(request: IncomingMessage): boolean {
  const { headers } = request;
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

/**
 * True when a refusal should close the connection: the request declares a body the client is still sending. Kept
 * alive, Node reads and throws away whatever follows (a declared terabyte included), and refusals before the rate
 * limiter are never counted: one client could make the server read without end.
 */
export function bodyStillComing(request: IncomingMessage): boolean {
  return hasBody(request) && !request.complete;
}
