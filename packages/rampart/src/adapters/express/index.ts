import type { TLSSocket } from 'node:tls';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { RampartOptions } from '../../config/index.js';
import { errorBody } from '../../errors/index.js';
import type { Denial, HeaderPairs, RequestContext } from '../../lib/request.js';
import { createRouteMatcher } from '../../lib/route-matcher.js';
import { createRampart, type PipelineOutcome, type Rampart } from '../../pipeline/index.js';
import { bodyStillComing, hasBody } from '../shared/body.js';
import { errorResponse, RequestDeniedError } from '../shared/errors.js';
import { unmatchedRouteKeys } from '../shared/unmatched-keys.js';
import { hasJsonBody, readJsonBody } from './body.js';
import { expressRoutes } from './routes.js';

export { clientErrorHandler } from '../shared/client-error.js';

export interface RampartExpressOptions extends RampartOptions {
  /** Use an existing instance (to share its store and events) instead of creating one from the options. */
  readonly rampart?: Rampart;
  /**
   * The application's route patterns (`/balance/:address`). Express knows a request's pattern only after routing,
   * so Rampart matches these itself; patterns named in rate-limit, CSRF and header options are always included.
   * Listing the rest labels events with their route.
   */
  readonly routes?: readonly string[];
  /** Resolves the authenticated user, for per-user rate-limit rules. Keep it cheap: it runs on every request. */
  readonly identify?: (request: Request) => string | undefined | Promise<string | undefined>;
}

export interface RampartExpress {
  readonly rampart: Rampart;
  /** Every guard, security headers, and `GET /csrf-token`. Mount first: `app.use(guard.middleware)`. */
  readonly middleware: RequestHandler;
  /**
   * JSON body parser with the configured size and shape limits; then input inspection of the query, the body and
   * the configured headers. Mount after `middleware`.
   */
  readonly json: RequestHandler;
  /**
   * Input inspection alone, for an app that parses bodies with its own parser: mount it after that parser (`json`
   * already inspects). Path parameters are only known on a route: to inspect them, mount it on the route instead
   * (`app.get('/tx/:id', guard.inspect, handler)`).
   */
  readonly inspect: RequestHandler;
  /** JSON 404 for unmatched requests. Mount after your routes. */
  readonly notFound: RequestHandler;
  /** JSON errors without exception text. Mount last. */
  readonly errorHandler: ErrorRequestHandler;
}

declare global {
  namespace Express {
    interface Locals {
      /** The request as Rampart resolved it (client IP and key, HTTPS, route). */
      rampart?: RequestContext;
      /** This response's CSP nonce when `headers.cspNonce` is on. */
      cspNonce?: string;
    }
  }
}

const stripMethod = (key: string): string => key.slice(key.indexOf('/'));

function setHeaders(response: Response, lists: readonly HeaderPairs[]): void {
  for (const list of lists) for (const [name, value] of list) response.setHeader(name, value);
}

function sendDenial(response: Response, denial: Denial): void {
  if (bodyStillComing(response.req)) response.setHeader('Connection', 'close');
  response.status(denial.status);
  if (denial.body === undefined) response.end();
  else response.json(denial.body);
}

/**
 * Rampart for Express 4 and 5: the same guards and options as the Fastify plugin.
 *
 * @example
 * const guard = createRampartExpress({ secret: process.env.SECRET_KEY, routes: ['/balance/:address'] });
 * app.use(guard.middleware);
 * app.use(guard.json);
 * app.get('/balance/:address', handler);
 * app.use(guard.notFound);
 * app.use(guard.errorHandler);
 */
export function createRampartExpress(options: RampartExpressOptions = {}): RampartExpress {
  const { rampart: given, routes = [], identify, ...rampartOptions } = options;
  const rampart = given ?? createRampart(rampartOptions);
  const { config } = rampart;
  let loaded = false;
  const ready = rampart.ready().then(() => {
    loaded = true;
  });
  // Keep an early load failure from becoming an unhandled rejection; the first request reports it.
  ready.catch(() => undefined);
  const patterns = [
    ...routes,
    ...Object.keys(config.rateLimit.routes).map(stripMethod),
    ...config.rateLimit.exempt.map(stripMethod),
    ...config.csrf.exempt.map(stripMethod),
    ...config.headers.noStoreRoutes.map(stripMethod),
    ...Object.keys(config.inspect.routes).map(stripMethod),
    config.csrf.tokenRoute,
  ];
  let matcher = createRouteMatcher(patterns);
  const tokenRoute = config.csrf.tokenRoute;

  // A rule for a route that does not exist protects nothing. Express has no "routes are ready" moment: the first
  // request is the earliest point where the application's routes are known.
  let routesChecked = false;
  const checkRoutes = (request: Request): void => {
    routesChecked = true;
    // An app that routes by case sends `/wallet/SEND` to `/wallet/:action`, not `/wallet/send`: match as it does.
    if (request.app?.get('case sensitive routing') === true) {
      matcher = createRouteMatcher(patterns, { caseSensitive: true });
    }
    const registered = expressRoutes(request.app);
    if (registered === undefined) return;
    registered.add(`GET ${tokenRoute}`);
    const unmatched = unmatchedRouteKeys(config, registered);
    if (unmatched.length > 0) {
      process.emitWarning(
        `${unmatched.length} configured route key(s) match no route: ${unmatched.join(', ')}`,
        { type: 'RampartWarning', code: 'RAMPART_UNMATCHED_ROUTE' },
      );
    }
  };

  const finish = (
    request: Request,
    response: Response,
    next: NextFunction,
    outcome: PipelineOutcome,
  ): void => {
    response.locals.rampart = outcome.context;
    if (outcome.nonce !== undefined) response.locals.cspNonce = outcome.nonce;
    // Express announces itself on every response (`X-Powered-By: Express`) unless an app turns it off.
    response.removeHeader('x-powered-by');
    setHeaders(response, outcome.headers);
    if (outcome.denial !== undefined) {
      sendDenial(response, outcome.denial);
      return;
    }
    if (outcome.context.route === tokenRoute && (request.method === 'GET' || request.method === 'HEAD')) {
      const issued = rampart.issueCsrfToken(outcome.context);
      if (issued.setCookie !== undefined) response.setHeader('set-cookie', issued.setCookie);
      response.setHeader('cache-control', 'no-store');
      response.json(issued.body);
      return;
    }
    next();
  };

  const guard = (
    request: Request,
    response: Response,
    next: NextFunction,
    userId: string | undefined,
  ): void => {
    // Match what Express routes on: parseurl's pathname (`req.path`), which also reduces absolute-form targets
    // (`GET http://host/path`), fragments and backslashes the way the router sees them.
    const matched = matcher.match(`${request.baseUrl ?? ''}${request.path}`);
    const outcome = rampart.run({
      method: request.method,
      url: request.originalUrl ?? request.url,
      route: matched?.pattern,
      routeExact: matched?.exact,
      headers: request.headers,
      rawHeaders: request.rawHeaders,
      socketIp: request.socket.remoteAddress ?? '',
      socketEncrypted: (request.socket as TLSSocket).encrypted === true,
      userId,
    });
    if (outcome instanceof Promise) outcome.then((o) => finish(request, response, next, o), next).catch(next);
    else finish(request, response, next, outcome);
  };

  const middleware: RequestHandler = (request: Request, response: Response, next: NextFunction) => {
    if (!routesChecked) checkRoutes(request);
    if (!loaded) {
      ready.then(() => middleware(request, response, next), next).catch(next);
      return;
    }
    if (identify === undefined) return guard(request, response, next, undefined);
    // A failing identify() (a malformed token) makes the request anonymous, never unguarded.
    Promise.resolve()
      .then(() => identify(request))
      .then(
        (userId) => guard(request, response, next, userId),
        () => guard(request, response, next, undefined),
      )
      .catch(next);
  };

  // What has been inspected of each request, so that `json` and `inspect` mounted together never report a value
  // twice: whether its query and headers were, and which body (a parser sets one, and may replace it). A body is
  // inspected when it is one no inspection has seen, so an `inspect` mounted before the body parsers, which sees
  // none, leaves the body to the next one.
  interface Inspected {
    query: boolean;
    body: unknown;
  }
  const inspected = new WeakMap<Request, Inspected>();
  const NO_BODY = Symbol('no body inspected');
  const QUERY = 1;
  const BODY = 2;
  const bodyOf = (request: Request): unknown => (request as Request & { body?: unknown }).body;
  let warnedUninspected = false;
  const warnIfUninspected = (request: Request): void => {
    const body = bodyOf(request);
    if (warnedUninspected || body === undefined || inspected.get(request)?.body === body) return;
    warnedUninspected = true;
    process.emitWarning(
      'a request body parsed by another parser reached a handler without input inspection: mount guard.inspect ' +
        'after your body parsers',
      { type: 'RampartWarning', code: 'RAMPART_BODY_NOT_INSPECTED' },
    );
  };
  /** Says so if the body another parser reads after this point reaches the handler uninspected. */
  const watchBody = (request: Request, response: Response): void => {
    if (!warnedUninspected) response.once('finish', () => warnIfUninspected(request));
  };

  const inspectParts = (
    request: Request,
    response: Response,
    next: NextFunction,
    parts: number,
    params: unknown,
  ): void => {
    const context = response.locals.rampart;
    if (!rampart.inspecting || context === undefined) {
      next();
      return;
    }
    let state = inspected.get(request);
    if (state === undefined) {
      state = { query: false, body: NO_BODY };
      inspected.set(request, state);
    }
    const query = (parts & QUERY) !== 0 && !state.query;
    const body = bodyOf(request);
    const bodyNew = (parts & BODY) !== 0 && body !== undefined && body !== state.body;
    if (query) state.query = true;
    if (bodyNew) state.body = body;
    const denial = rampart.inspect(context, {
      params,
      query: query ? request.query : undefined,
      body: bodyNew ? body : undefined,
      headers: query,
    });
    if (denial === undefined) next();
    else sendDenial(response, denial);
  };

  // Path parameters exist only where Express routed: mounted on a route, `inspect` sees them too.
  const inspect: RequestHandler = (request, response, next) => {
    if (rampart.inspecting && bodyOf(request) === undefined && hasBody(request)) watchBody(request, response);
    inspectParts(request, response, next, QUERY | BODY, request.params);
  };

  const json: RequestHandler = (request: Request, response: Response, next: NextFunction) => {
    if (!hasJsonBody(request)) {
      if (!hasBody(request)) return inspectParts(request, response, next, QUERY | BODY, undefined);
      // Another parser will read this body: `inspect`, mounted after it, inspects it; say so if nothing does.
      if (rampart.inspecting) watchBody(request, response);
      return inspectParts(request, response, next, QUERY, undefined);
    }
    readJsonBody(request, config.limits.maxBodyBytes)
      .then((result) => {
        if (result.kind === 'too-large') {
          // Stop reading an oversized upload: answer, then close the connection instead of draining it.
          response.setHeader('Connection', 'close');
          sendDenial(response, { allowed: false, status: 413, body: errorBody('BODY_TOO_LARGE') });
          return;
        }
        const parsed = rampart.parseJson(result.text, response.locals.rampart);
        if (!parsed.ok) return next(new RequestDeniedError(parsed.denial));
        (request as Request & { body: unknown }).body = parsed.value;
        inspectParts(request, response, next, QUERY | BODY, undefined);
      })
      .catch(next);
  };

  const notFound: RequestHandler = (_request, response) => {
    response.status(404).json(errorBody('NOT_FOUND'));
  };

  const errorHandler: ErrorRequestHandler = (error: unknown, _request, response, next) => {
    if (response.headersSent) return next(error);
    const { status, body, internal } = errorResponse(error);
    if (internal) {
      rampart.events.emit(
        'internal_error',
        { ip: response.locals.rampart?.ipKey, route: response.locals.rampart?.route },
        { status },
      );
    }
    response.status(status);
    if (body === undefined) response.end();
    else response.json(body);
  };

  return { rampart, middleware, json, inspect, notFound, errorHandler };
}

export default createRampartExpress;
