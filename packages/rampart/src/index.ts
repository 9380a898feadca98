/**
 * Rampart: the security layer for Node.js HTTP APIs.
 *
 * The framework-neutral core lives here; the adapters are `rampart/fastify` and `rampart/express`.
 */
export {
  type ClientAddress,
  type ClientIpOptions,
  type ClientIpResolver,
  createClientIpResolver,
  ipKeyOf,
  normalizeIp,
} from './client-ip/index.js';
export {
  createConfig,
  DEFAULTS,
  mergeOptions,
  optionsFromEnv,
  productionProblems,
  type RampartConfig,
  type RampartOptions,
  type RouteRuleOptions,
} from './config/index.js';
export { type Cors, type CorsOptions, createCors } from './cors/index.js';
export {
  type CsrfDenial,
  type CsrfIssue,
  type CsrfOptions,
  type CsrfProtection,
  createCsrfProtection,
} from './csrf/index.js';
export {
  ERROR_CODES,
  type ErrorBody,
  type ErrorCode,
  errorBody,
  RampartConfigError,
  RampartError,
  StoreUnavailableError,
} from './errors/index.js';
export * from './events/index.js';
export {
  createSecurityHeaders,
  type HeaderSet,
  type SecurityHeaderOptions,
  type SecurityHeaders,
  serializeCsp,
} from './headers/index.js';
export {
  type BlockInput,
  createIpBlocklist,
  type IpBlocklist,
  type IpBlocklistOptions,
} from './ip-block/index.js';
export type {
  Allowance,
  Decision,
  Denial,
  HeaderPairs,
  RequestContext,
  RequestHeaders,
  RequestView,
} from './lib/request.js';
export {
  createRequestLimits,
  type JsonLimits,
  type JsonParseResult,
  parseJsonBody,
  type RequestLimitOptions,
  type RequestLimits,
} from './limits/index.js';
export { createRampart, type PipelineOutcome, type Rampart } from './pipeline/index.js';
export { createRateLimiter, type RateLimiter, type RateLimiterOptions } from './rate-limit/index.js';
export * from './stores/index.js';
export { createTrustedHosts, type TrustedHosts } from './trusted-hosts/index.js';
