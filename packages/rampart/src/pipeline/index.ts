import { createClientIpResolver } from '../client-ip/index.js';
import { createConfig, type RampartConfig, type RampartOptions } from '../config/index.js';
import { type CorsDecision, createCors } from '../cors/index.js';
import { type CsrfDenial, type CsrfIssue, createCsrfProtection } from '../csrf/index.js';
import { errorBody } from '../errors/index.js';
import { createEventBus, type EmitContext, type EventBus } from '../events/bus.js';
import { createSecurityLogger } from '../events/logger.js';
import { createSecurityHeaders } from '../headers/index.js';
import { createInspector, type Finding } from '../inspect/policy.js';
import { createIpBlocklist, type IpBlocklist } from '../ip-block/index.js';
import type { MaybePromise } from '../lib/maybe-promise.js';
import type {
  Decision,
  Denial,
  HeaderPairs,
  RequestContext,
  RequestHeaders,
  RequestView,
} from '../lib/request.js';
import { createRequestLimits, type JsonParseResult, parseJsonBody } from '../limits/index.js';
import { createRateLimiter } from '../rate-limit/index.js';
import { createMemoryBlockStore } from '../stores/memory-block-store.js';
import { createMemoryStore } from '../stores/memory-store.js';
import type { FastStore } from '../stores/types.js';
import { createTrustedHosts } from '../trusted-hosts/index.js';

/** What the pipeline decided for one request. */
export interface PipelineOutcome {
  readonly context: RequestContext;
  /** Header lists to set on the response, whatever it turns out to be (denial, handler result, error). */
  readonly headers: readonly HeaderPairs[];
  /** When set, answer with it and do not run the handler. */
  readonly denial: Denial | undefined;
  /** The CSP nonce of this response, when nonces are on. */
  readonly nonce: string | undefined;
}

const EVENT_THROTTLE_MS = 10_000;
/** Findings reported per request at most: one request must not become a flood of log lines. */
const MAX_FINDING_EVENTS = 5;
const EVENT_THROTTLE_KEYS = 10_000;
const NO_HEADERS: RequestHeaders = Object.freeze({});

/** One request's progress through the pipeline: what the steps below share instead of closures. */
interface RunState {
  readonly context: RequestContext;
  readonly cors: CorsDecision;
  readonly headers: HeaderPairs[];
  readonly nonce: string | undefined;
}

/** Headers a cross-origin script may read (Retry-After, RateLimit-*) are exposed only when they are sent. */
function addExposed(state: RunState, list: HeaderPairs): void {
  state.headers.push(list);
  if (state.cors.expose !== undefined) state.headers.push(state.cors.expose);
}

function finish(state: RunState, denial: Denial | undefined): PipelineOutcome {
  if (denial?.headers !== undefined) addExposed(state, denial.headers);
  return { context: state.context, headers: state.headers, denial, nonce: state.nonce };
}

/** A configured Rampart instance: one per application, shared by its adapters. */
export interface Rampart {
  readonly config: RampartConfig;
  readonly events: EventBus;
  readonly store: FastStore;
  readonly blocklist: IpBlocklist;
  /**
   * Runs every request guard in order. With an in-process store the outcome is returned directly; with a remote
   * store, as a promise. Never throws for hostile input; fails only on infrastructure failure.
   */
  run(view: RequestView): MaybePromise<PipelineOutcome>;
  /** Parses a JSON body under the configured depth, key and string limits (adapters call it). */
  parseJson(text: string, context?: RequestContext): JsonParseResult;
  /** Issues a CSRF token for `GET /csrf-token`. */
  issueCsrfToken(context: RequestContext): CsrfIssue;
  /** False when `inspect` is off for every route and field: adapters then skip inspection altogether. */
  readonly inspecting: boolean;
  /**
   * Inspects a request's parsed query and body and its configured headers for SQL injection and script, under the
   * `inspect` policy. Emits `sql_injection_attempt` / `xss_attempt` (CRITICAL) or `input_validation_failure` per
   * finding, with the field and fingerprint but never the value. Returns a 400 `INPUT_REJECTED` denial when a
   * finding is in a `block` field, else undefined. Adapters call it once the body is parsed.
   */
  inspect(
    context: RequestContext,
    input: {
      readonly params?: unknown;
      readonly query?: unknown;
      readonly body?: unknown;
      /** False when the configured headers were inspected already (by an earlier call for the same request). */
      readonly headers?: boolean;
    },
  ): Denial | undefined;
  /** Loads durable state (manual IP blocks). Adapters call it once before serving. */
  ready(): Promise<void>;
  /** Closes the store. */
  close(): Promise<void>;
}

/**
 * Builds every guard once from validated options.
 *
 * Order per request: client IP → IP block (before any other work, SPEC §2) → size limits → trusted host → rate
 * limit → CORS → CSRF. Security headers go on every response, denials included; CORS headers for an allowed origin too, so a
 * browser client can read a 429.
 *
 * @example
 * const rampart = createRampart({ secret: process.env.SECRET_KEY, cors: { origins: ['https://wallet.example'] } });
 * const outcome = await rampart.run(view);
 */
export function createRampart(options: RampartOptions = {}): Rampart {
  const config = createConfig(options);
  const now = config.now;
  const logger = config.events.logger === undefined ? createSecurityLogger() : config.events.logger;
  const events = createEventBus({ logger, bufferSize: config.events.bufferSize, now });
  const store = config.store ?? createMemoryStore({ now });
  const blocklist = createIpBlocklist({
    ...config.ipBlock,
    ipv6PrefixLength: config.clientIp.ipv6PrefixLength,
    store,
    blockStore: config.blockStore ?? createMemoryBlockStore(),
    events,
    now,
    onStoreError: config.rateLimit.onStoreError,
  });
  const clientIp = createClientIpResolver(config.clientIp);
  const limits = createRequestLimits(config.limits);
  const trustedHosts = createTrustedHosts(config.trustedHosts);
  const headers = createSecurityHeaders(config.headers);
  const rateLimiter = createRateLimiter({ ...config.rateLimit, store, events, blocklist });
  const cors = createCors(config.cors);
  const inspector = createInspector(config.inspect);
  const csrf = createCsrfProtection({
    ...config.csrf,
    secret: config.secret,
    trustedOrigins: config.cors.enabled ? config.cors.origins : [],
    cookieSecure: config.cookies.secure,
    sameSite: config.cookies.sameSite,
    now,
  });

  // Denials that come before the rate limiter are not counted by it, so their events are throttled instead: at
  // most one per client and kind every EVENT_THROTTLE_MS, or a flood of oversized requests would be a flood of
  // log lines. The map is bounded; losing an entry only lets one more event through.
  const lastEmitted = new Map<string, number>();
  const throttled = (context: RequestContext, kind: string): boolean => {
    const key = `${kind} ${context.ipKey}`;
    const t = now();
    const last = lastEmitted.get(key);
    // Only the interval after an event is quiet: a clock stepped back before it would otherwise extend it.
    if (last !== undefined && t >= last && t - last < EVENT_THROTTLE_MS) return true;
    if (lastEmitted.size >= EVENT_THROTTLE_KEYS)
      lastEmitted.delete(lastEmitted.keys().next().value as string);
    lastEmitted.set(key, t);
    return false;
  };

  const afterBlock = (state: RunState, blocked: Denial | undefined): MaybePromise<PipelineOutcome> => {
    if (blocked !== undefined) return finish(state, blocked);
    const context = state.context;
    const tooLarge = limits.check(context);
    if (tooLarge !== undefined) {
      if (!throttled(context, tooLarge.reason)) {
        events.emit('input_validation_failure', eventContext(context), {
          reason: tooLarge.reason,
          limit: tooLarge.limit,
          actual: tooLarge.actual,
        });
      }
      return finish(state, tooLarge);
    }
    const badHost = trustedHosts.check(context.headers);
    if (badHost !== undefined) {
      if (!throttled(context, 'host'))
        events.emit('host_rejected', eventContext(context), { host: badHost.host });
      return finish(state, badHost);
    }
    const limited = rateLimiter.check(state.context);
    return limited instanceof Promise
      ? limited.then((l) => afterLimits(state, l))
      : afterLimits(state, limited);
  };

  const afterLimits = (state: RunState, limited: Decision): PipelineOutcome => {
    if (!limited.allowed) return finish(state, limited);
    if (limited.headers !== undefined) addExposed(state, limited.headers);
    const corsDecision = state.cors;
    if (corsDecision.rejectedOrigin !== undefined) {
      events.emit('cors_rejected', eventContext(state.context), {
        origin: corsDecision.rejectedOrigin,
        preflight: corsDecision.preflight === true,
      });
    }
    // A preflight is answered here (204 or 403), after it has counted against the limits.
    if (!corsDecision.allowed) return finish(state, { ...corsDecision, headers: undefined });
    const forgery = csrf.check(state.context);
    if (!forgery.allowed) {
      emitCsrfFailure(state.context, forgery);
      return finish(state, forgery);
    }
    return finish(state, undefined);
  };

  const eventContext = (context: RequestContext): EmitContext => ({
    ip: context.ipKey,
    userId: context.userId,
    route: context.route,
  });
  const emitFinding = (context: RequestContext, finding: Finding): void => {
    const ctx = eventContext(context);
    const where = {
      field: finding.field,
      kind: finding.kind,
      fingerprint: finding.fingerprint,
      length: finding.length,
      blocked: finding.mode === 'block',
    };
    if (finding.type === 'sql_injection') events.emit('sql_injection_attempt', ctx, where);
    else if (finding.type === 'xss') events.emit('xss_attempt', ctx, where);
    else events.emit('input_validation_failure', ctx, { reason: finding.type, ...where });
  };

  const emitCsrfFailure = (context: RequestContext, denial: CsrfDenial): void => {
    const ctx = eventContext(context);
    const method = context.method;
    if (denial.reason === 'missing') events.emit('csrf_missing', ctx, { method, reason: 'missing' });
    else if (denial.reason === 'signature' || denial.reason === 'no_session') {
      events.emit('csrf_mismatch', ctx, { method, reason: denial.reason });
    } else events.emit('csrf_invalid', ctx, { method, reason: denial.reason });
  };

  return {
    config,
    events,
    store,
    blocklist,

    run(view) {
      const address = clientIp.resolve({
        socketIp: view.socketIp,
        socketEncrypted: view.socketEncrypted,
        forwardedFor: view.headers['x-forwarded-for'],
        forwardedProto: view.headers['x-forwarded-proto'],
      });
      // Spelled out rather than spread: one object shape for every request keeps the property accesses fast.
      const context: RequestContext = {
        method: view.method,
        url: view.url,
        route: view.route,
        routeExact: view.routeExact,
        headers: view.headers,
        rawHeaders: view.rawHeaders,
        socketIp: view.socketIp,
        socketEncrypted: view.socketEncrypted,
        userId: view.userId,
        ip: address.ip,
        ipKey: address.key,
        secure: address.secure,
      };
      const security = headers.forRequest(context);
      const corsDecision = cors.check(context);
      const state: RunState = {
        context,
        cors: corsDecision,
        headers: [security.headers],
        nonce: security.nonce,
      };
      if (corsDecision.headers !== undefined) state.headers.push(corsDecision.headers);

      // Blocked addresses are refused before any other work (SPEC §2), even before the size limits.
      const blocked = blocklist.check(address.key);
      return blocked instanceof Promise
        ? blocked.then((b) => afterBlock(state, b))
        : afterBlock(state, blocked);
    },

    parseJson(text, context) {
      const parsed = parseJsonBody(text, config.limits);
      if (!parsed.ok) {
        events.emit(
          'input_validation_failure',
          { ip: context?.ipKey, userId: context?.userId, route: context?.route },
          { reason: `json_${parsed.reason.replace(/ /g, '_')}` },
        );
      }
      return parsed;
    },

    issueCsrfToken: (context) => csrf.issue(context),

    inspecting: !inspector.off,

    inspect(context, input) {
      const outcome = inspector.inspect({
        method: context.method,
        route: context.route,
        routeExact: context.routeExact,
        params: input.params,
        query: input.query,
        body: input.body,
        headers: input.headers === false ? NO_HEADERS : context.headers,
      });
      // A refused request always leaves the event of what refused it, however many monitor findings came first.
      const findings = outcome.blocked
        ? [...outcome.findings].sort((a, b) => Number(b.mode === 'block') - Number(a.mode === 'block'))
        : outcome.findings;
      for (let i = 0; i < findings.length && i < MAX_FINDING_EVENTS; i++) {
        emitFinding(context, findings[i] as Finding);
      }
      if (!outcome.blocked) return undefined;
      const first = findings[0];
      return { allowed: false, status: 400, body: errorBody('INPUT_REJECTED', { field: first?.field }) };
    },
    ready: () => blocklist.load(),
    close: () => store.close(),
  };
}
