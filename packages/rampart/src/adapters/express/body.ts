import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly kind: 'skip' }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'text'; readonly text: string };

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]*\+)?json\s*(?:;|$)/i;

/**
 * Reads a JSON request body up to `maxBytes`. Non-JSON requests, and requests without a body, are skipped (left
 * unread for other parsers). Stops at the first chunk past the limit instead of buffering the rest.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  const type = request.headers['content-type'];
  const hasBody =
    request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || type === undefined || !JSON_TYPE.test(type) || request.readableEnded) {
    return Promise.resolve({ kind: 'skip' });
  }
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
