import type { RouteRuleOptions } from '../config/defaults.js';
import { errorBody } from '../errors/index.js';
import type { EventBus } from '../events/bus.js';
import type { IpBlocklist } from '../ip-block/index.js';
import { attempt, type MaybePromise, then } from '../lib/maybe-promise.js';
import { ALLOW, type Decision, type HeaderPairs, type RequestContext } from '../lib/request.js';
import { createRouteSet, createRouteTable } from '../lib/route-table.js';
import { storeFailure } from '../lib/store-failure.js';
import type { ConsumeResult, FastStore, RateRule } from '../stores/types.js';

export interface RateLimiterOptions {
  readonly enabled: boolean;
  readonly algorithm: 'sliding-window' | 'token-bucket';
  readonly global: { readonly limit: number; readonly windowMs: number };
  readonly routes: Readonly<Record<string, RouteRuleOptions>>;
  readonly exempt: readonly string[];
  readonly onStoreError: 'deny' | 'allow';
  readonly headers: 'always' | 'near-limit' | 'denied';
  readonly store: FastStore;
  readonly events: EventBus;
  readonly blocklist: IpBlocklist | undefined;
}

export interface RateLimiter {
  /** Counts the request against the global rule and its route's rule; a 429 denial when either is exhausted. */
  check(context: RequestContext): MaybePromise<Decision>;
}

interface CompiledRule {
  /** Part of the store key: `g` for the global rule, the rule's pattern for a route rule. */
  readonly id: string;
  readonly rule: RateRule;
  readonly by: 'ip' | 'user';
}

const seconds = (ms: number): string => String(Math.max(0, Math.ceil(ms / 1000)));

function limitHeaders(result: ConsumeResult): HeaderPairs {
  const remaining = String(result.remaining);
  const limit = String(result.limit);
  return [
    ['ratelimit-limit', limit],
    ['ratelimit-remaining', remaining],
    ['ratelimit-reset', seconds(result.resetMs)],
    ['x-ratelimit-limit', limit],
    ['x-ratelimit-remaining', remaining],
  ];
}

/**
 * Rate limiting by route pattern, never by raw path: `/balance/A` and `/balance/B` share the `/balance/:address`
 * rule, so path parameters cannot be used to dodge it. Every request that is not exempt counts against the global
 * per-IP rule; a route rule (`'POST /wallet/send'` or `'/wallet/send'`) counts on top, per IP or per user.
 *
 * Each denial is a violation for the IP block list: enough of them within its window block the address.
 *
 * @example
 * const limiter = createRateLimiter({ ...config.rateLimit, store, events, blocklist });
 * const decision = await limiter.check(context);
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  if (!options.enabled) return { check: () => ALLOW };
  const { store, events, blocklist } = options;
  const exempt = createRouteSet(options.exempt);
  const global: CompiledRule = {
    id: 'g',
    rule: { algorithm: options.algorithm, limit: options.global.limit, windowMs: options.global.windowMs },
    by: 'ip',
  };
  const routes = createRouteTable(
    Object.entries(options.routes).map(([pattern, rule]): [string, CompiledRule] => [
      pattern,
      {
        id: pattern,
        rule: { algorithm: rule.algorithm ?? options.algorithm, limit: rule.limit, windowMs: rule.windowMs },
        by: rule.key ?? 'ip',
      },
    ]),
  );

  const deny = async (
    context: RequestContext,
    compiled: CompiledRule,
    result: ConsumeResult,
  ): Promise<Decision> => {
    const retryAfter = seconds(result.retryAfterMs);
    events.emit(
      'rate_limit_exceeded',
      { ip: context.ipKey, userId: context.userId, route: context.route },
      {
        rule: compiled.id,
        limit: compiled.rule.limit,
        windowMs: compiled.rule.windowMs,
        retryAfterMs: result.retryAfterMs,
        key: compiled.by === 'user' && context.userId !== undefined ? 'user' : 'ip',
      },
    );
    await blocklist?.recordViolation(context.ipKey, context.route);
    return {
      allowed: false,
      status: 429,
      body: errorBody('RATE_LIMITED', { retry_after: Number(retryAfter) }),
      headers: [['retry-after', retryAfter], ...limitHeaders(result)],
    };
  };

  // The global rule's key for the last client seen: a keep-alive connection sends request after request from one
  // address, and reusing the same (already hashed) key string spares building and hashing it each time.
  let lastIpKey = '';
  let lastGlobalKey = '';

  const consume = (context: RequestContext, compiled: CompiledRule): MaybePromise<ConsumeResult> => {
    // IP keys never start with `u:` (digits or hex), so user keys cannot collide with them. Short keys are memory:
    // the store keeps one per tracked client.
    let key: string;
    if (compiled === global) {
      if (context.ipKey !== lastIpKey) {
        lastIpKey = context.ipKey;
        lastGlobalKey = `rl:g:${context.ipKey}`;
      }
      key = lastGlobalKey;
    } else {
      key =
        compiled.by === 'user' && context.userId !== undefined
          ? `rl:${compiled.id}:u:${context.userId}`
          : `rl:${compiled.id}:${context.ipKey}`;
    }
    return store.sync ? store.sync.consume(key, 1, compiled.rule) : store.consume(key, 1, compiled.rule);
  };

  const allow = (result: ConsumeResult): Decision => {
    const send =
      options.headers === 'always' ||
      (options.headers === 'near-limit' && result.remaining * 2 < result.limit);
    return send ? { allowed: true, headers: limitHeaders(result) } : ALLOW;
  };

  const onStoreError = (context: RequestContext, error: unknown): Decision =>
    storeFailure(
      events,
      options.onStoreError,
      { ip: context.ipKey, route: context.route },
      'rate_limit',
      error,
    ) ?? ALLOW;

  const checkRules = (context: RequestContext, routeRule: CompiledRule | undefined): MaybePromise<Decision> =>
    then(consume(context, global), (globalResult) => {
      if (!globalResult.allowed) return deny(context, global, globalResult);
      if (routeRule === undefined) return allow(globalResult);
      return then(consume(context, routeRule), (routeResult) => {
        if (!routeResult.allowed) return deny(context, routeRule, routeResult);
        // Report the rule closest to its limit.
        return allow(routeResult.remaining < globalResult.remaining ? routeResult : globalResult);
      });
    });

  return {
    check(context) {
      // Only an exact spelling of an exempt route is exempt; a normalised match still gets every check.
      if (context.routeExact !== false && exempt.get(context.method, context.route) !== undefined)
        return ALLOW;
      const routeRule = routes.get(context.method, context.route);
      return attempt(
        () => checkRules(context, routeRule),
        (error) => onStoreError(context, error),
      );
    },
  };
}
