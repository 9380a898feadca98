import type { TLSSocket } from 'node:tls';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorCode, errorBody } from '../../errors/index.js';
import type { PipelineOutcome, Rampart } from '../../pipeline/index.js';
import { clientErrorHandler } from '../shared/client-error.js';

const ROUTER_ERRORS: Readonly<Record<string, [number, ErrorCode]>> = {
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URL_TOO_LONG'],
  FST_ERR_BAD_URL: [400, 'BAD_REQUEST'],
};

function respond(reply: FastifyReply, error: FastifyError, outcome: PipelineOutcome | undefined): void {
  for (const list of outcome?.headers ?? []) for (const [name, value] of list) reply.header(name, value);
  const denial = outcome?.denial;
  if (denial !== undefined) {
    reply.code(denial.status);
    if (denial.body === undefined) reply.send();
    else reply.send(denial.body);
    return;
  }
  const [status, code] = ROUTER_ERRORS[error.code] ?? [500, 'INTERNAL_ERROR'];
  // The framework's own body echoes the path back; ours says what was wrong and nothing else.
  reply.code(status).send(errorBody(code));
}

/**
 * Fastify's router answers some requests itself, before any hook runs: a path parameter longer than
 * `maxParamLength` and malformed percent-encoding. Without this handler those responses skip the IP block and the
 * rate limiter, carry no security headers, and echo the path back. With it, they go through every Rampart guard
 * and answer 414 `URL_TOO_LONG` or 400 `BAD_REQUEST`.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const rampart = (request.server as { rampart?: Rampart }).rampart;
  if (rampart === undefined) {
    respond(reply, error, undefined);
    return;
  }
  const raw = request.raw;
  const fail = (): void => {
    reply.code(500).send(errorBody('INTERNAL_ERROR'));
  };
  try {
    const outcome = rampart.run({
      method: raw.method ?? 'GET',
      url: raw.url ?? '/',
      route: undefined,
      headers: raw.headers,
      rawHeaders: raw.rawHeaders,
      socketIp: raw.socket.remoteAddress ?? '',
      socketEncrypted: (raw.socket as TLSSocket).encrypted === true,
      userId: undefined,
    });
    if (outcome instanceof Promise) outcome.then((o) => respond(reply, error, o), fail).catch(fail);
    else respond(reply, error, outcome);
  } catch {
    fail();
  }
}

/**
 * Constructor options that close the paths a plugin cannot reach: Fastify's router errors (`frameworkErrors`) and
 * requests Node's HTTP parser refuses (`clientErrorHandler`). Spread them into `Fastify({...})`.
 *
 * @example
 * const app = Fastify({ ...secureServerOptions(), logger: true });
 * await app.register(rampartFastify, options);
 */
export function secureServerOptions(): {
  frameworkErrors: typeof frameworkErrors;
  clientErrorHandler: typeof clientErrorHandler;
} {
  return { frameworkErrors, clientErrorHandler };
}
