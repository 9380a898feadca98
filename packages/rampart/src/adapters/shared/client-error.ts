import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { type ErrorCode, errorBody } from '../../errors/index.js';

const STATIC_HEADERS =
  'Content-Type: application/json; charset=utf-8\r\n' +
  'X-Content-Type-Options: nosniff\r\n' +
  'X-Frame-Options: DENY\r\n' +
  'X-XSS-Protection: 0\r\n' +
  'Referrer-Policy: strict-origin-when-cross-origin\r\n' +
  'Permissions-Policy: geolocation=(), microphone=(), camera=()\r\n' +
  "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n" +
  'Cache-Control: no-store\r\n' +
  'Connection: close\r\n';

/**
 * Answers requests that Node's HTTP parser rejects before any framework sees them (headers over Node's
 * `maxHeaderSize`, malformed request lines) with a JSON error and the basic security headers, then closes the
 * connection. Pass it as `clientErrorHandler` to Fastify or listen for `clientError` on a Node server.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code]: [number, ErrorCode] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE']
      : error.code === 'HPE_URI_TOO_LONG'
        ? [414, 'URL_TOO_LONG']
        : [400, 'BAD_REQUEST'];
  const body = JSON.stringify(errorBody(code));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${STATIC_HEADERS}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
