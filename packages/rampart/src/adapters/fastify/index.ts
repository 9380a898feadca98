import type { TLSSocket } from 'node:tls';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { RampartOptions } from '../../config/index.js';
import type { Denial, RequestContext } from '../../lib/request.js';
import { createRampart, type PipelineOutcome, type Rampart } from '../../pipeline/index.js';
import { bodyStillComing } from '../shared/body.js';
import { errorResponse, RequestDeniedError } from '../shared/errors.js';
import { unmatchedRouteKeys } from '../shared/unmatched-keys.js';
import { createFastPath } from './fast-path.js';

export { clientErrorHandler } from '../shared/client-error.js';
export { frameworkErrors, secureServerOptions } from './server-options.js';

export interface RampartFastifyOptions extends RampartOptions {
  /** Use an existing instance (to share its store and events) instead of creating one from the options. */
  readonly rampart?: Rampart;
  /**
   * Resolves the authenticated user of a request, for per-user rate-limit rules. Runs before the guards, on every
   * request: keep it cheap (verify a token, do not query a database).
   */
  readonly identify?: (request: FastifyRequest) => string | undefined | Promise<string | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The Rampart instance guarding this application. */
    rampart: Rampart;
  }
  interface FastifyRequest {
    /** The request as Rampart resolved it: client IP and key, HTTPS, route. Set before any handler runs. */
    rampart: RequestContext | null;
    /** This response's CSP nonce when `headers.cspNonce` is on. */
    cspNonce: string | null;
  }
}

type HookDone = (error?: Error) => void;

function sendDenial(reply: FastifyReply, denial: Denial): void {
  if (bodyStillComing(reply.request.raw)) reply.header('connection', 'close');
  reply.code(denial.status);
  if (denial.body === undefined) reply.send();
  else reply.send(denial.body);
}

async function rampartPlugin(fastify: FastifyInstance, options: RampartFastifyOptions): Promise<void> {
  const { rampart: given, identify, ...rampartOptions } = options;
  const rampart = given ?? createRampart(rampartOptions);
  await rampart.ready();
  const { maxBodyBytes } = rampart.config.limits;
  const fastPath = createFastPath();

  fastify.decorate('rampart', rampart);
  fastify.decorateRequest('rampart', null);
  fastify.decorateRequest('cspNonce', null);

  // Every route gets the configured body limit unless it sets its own (Fastify's default is 1 MiB).
  const registered = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    if (route.bodyLimit === undefined) route.bodyLimit = maxBodyBytes;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      registered.add(`${method} ${route.url}`);
    }
  });
  // A rule for a route that does not exist protects nothing: say so once the routes are known.
  fastify.addHook('onReady', (done) => {
    const unmatched = unmatchedRouteKeys(rampart.config, registered);
    if (unmatched.length > 0) {
      fastify.log.warn({ unmatched }, `rampart: ${unmatched.length} configured route key(s) match no route`);
    }
    done();
  });

  // Our JSON parser: shape limits and forbidden keys are checked on the text before JSON.parse runs.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: maxBodyBytes },
    (request, body, done) => {
      const parsed = rampart.parseJson(body as string, request.rampart ?? undefined);
      if (parsed.ok) done(null, parsed.value);
      else done(new RequestDeniedError(parsed.denial), undefined);
    },
  );

  const finish = (
    request: FastifyRequest,
    reply: FastifyReply,
    outcome: PipelineOutcome,
    done: HookDone,
  ): void => {
    request.rampart = outcome.context;
    request.cspNonce = outcome.nonce ?? null;
    fastPath.setHeaders(reply, outcome.headers);
    // A hook that answers does not call done(): Fastify skips the handler.
    if (outcome.denial !== undefined) sendDenial(reply, outcome.denial);
    else done();
  };

  const guard = (
    request: FastifyRequest,
    reply: FastifyReply,
    done: HookDone,
    userId: string | undefined,
  ): void => {
    const raw = request.raw;
    const outcome = rampart.run({
      method: raw.method ?? 'GET',
      url: raw.url ?? '/',
      route: fastPath.route(request),
      headers: raw.headers,
      rawHeaders: raw.rawHeaders,
      socketIp: raw.socket.remoteAddress ?? '',
      socketEncrypted: (raw.socket as TLSSocket).encrypted === true,
      userId,
    });
    // With the memory store the outcome is ready now: no promise, no microtask on the hot path.
    if (outcome instanceof Promise) {
      outcome.then((o) => finish(request, reply, o, done), done).catch(done);
    } else finish(request, reply, outcome, done);
  };

  // Callback style rather than async: it lets a synchronous outcome finish without a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    if (identify === undefined) return guard(request, reply, done, undefined);
    // A failing identify() (a malformed token) makes the request anonymous, never unguarded.
    let user: string | undefined | Promise<string | undefined>;
    try {
      user = identify(request);
    } catch {
      return guard(request, reply, done, undefined);
    }
    if (user instanceof Promise) {
      user
        .then(
          (id) => guard(request, reply, done, id),
          () => guard(request, reply, done, undefined),
        )
        .catch(done);
    } else guard(request, reply, done, user);
  });

  // Inspection needs the parsed body, so it runs after parsing and before schema validation and the handler.
  if (rampart.inspecting) {
    fastify.addHook('preValidation', (request, reply, done) => {
      const context = request.rampart;
      if (context === null) return done();
      const denial = rampart.inspect(context, {
        params: request.params,
        query: request.query,
        body: request.body,
      });
      if (denial === undefined) done();
      else sendDenial(reply, denial);
    });
  }

  fastify.get(rampart.config.csrf.tokenRoute, (request, reply) => {
    const context = request.rampart;
    if (context === null) throw new Error('rampart: request context missing');
    const issued = rampart.issueCsrfToken(context);
    if (issued.setCookie !== undefined) reply.header('set-cookie', issued.setCookie);
    reply.header('cache-control', 'no-store');
    return issued.body;
  });

  fastify.setNotFoundHandler((_request, reply) => {
    reply.code(404).send({ error: 'Not found', code: 'NOT_FOUND' });
  });

  fastify.setErrorHandler((error, request, reply) => {
    const { status, body, internal } = errorResponse(error);
    if (internal) {
      // The operator gets the error in the server log; the client gets a code, never the exception text.
      request.log.error({ err: error }, 'request failed');
      rampart.events.emit(
        'internal_error',
        { ip: request.rampart?.ipKey, route: request.routeOptions.url },
        { status },
      );
    }
    // A body cut off by its limit is still coming: the connection is closed rather than read to its end.
    if (bodyStillComing(request.raw)) reply.header('connection', 'close');
    reply.code(status);
    return body === undefined ? reply.send() : reply.send(body);
  });
}

/**
 * The Fastify plugin: every Rampart guard on every route, security headers on every response (404 and 500
 * included), `GET /csrf-token`, a JSON body parser with size and shape limits, and JSON errors without exception
 * text. Register it before your routes, on an instance created with `secureServerOptions()` so that requests
 * Fastify's router refuses by itself are guarded too.
 *
 * @example
 * const app = Fastify({ ...secureServerOptions() });
 * await app.register(rampartFastify, { secret: process.env.SECRET_KEY, cors: { origins: ['https://wallet.example'] } });
 */
export const rampartFastify: FastifyPluginAsync<RampartFastifyOptions> = fp(rampartPlugin, {
  fastify: '5.x',
  name: 'rampart',
});

export default rampartFastify;
