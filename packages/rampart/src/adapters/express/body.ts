import type { IncomingMessage } from 'node:http';
import { hasBody } from '../shared/body.js';

export type BodyResult = { readonly kind: 'too-large' } | { readonly kind: 'text'; readonly text: string };

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]*\+)?json\s*(?:;|$)/i;

/**
 * True when the request carries a JSON body still to be read. Other requests are left alone (unread, for other
 * parsers); checked synchronously so that the common bodiless request costs no promise.
 */
export function hasJsonBody(request: IncomingMessage): boolean {
  const type = request.headers['content-type'];
  return hasBody(request) && type !== undefined && JSON_TYPE.test(type) && !request.readableEnded;
}

/**
 * Reads a JSON request body (see `hasJsonBody`) up to `maxBytes`. Stops at the first chunk past the limit instead
 * of buffering the rest.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        request.pause();
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve({ kind: 'text', text: Buffer.concat(chunks, total).toString('utf8') });
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(Object.assign(error, { statusCode: 400 }));
    };
    const cleanup = (): void => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
  });
}
