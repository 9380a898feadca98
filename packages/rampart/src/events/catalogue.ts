/**
 * Every security event Rampart emits, with its severity. One catalogue, so dashboards, alert rules and tests can
 * enumerate what exists. Details are typed per event; secrets never appear in them (see `redact.ts`).
 */
export const EVENT_CATALOGUE = Object.freeze({
  rate_limit_exceeded: 'WARNING',
  ip_blocked: 'WARNING',
  ip_unblocked: 'INFO',
  csrf_missing: 'WARNING',
  csrf_mismatch: 'WARNING',
  csrf_invalid: 'WARNING',
  cors_rejected: 'WARNING',
  host_rejected: 'WARNING',
  failed_attempt: 'INFO',
  login_success: 'INFO',
  login_failure: 'WARNING',
  session_created: 'INFO',
  session_expired: 'INFO',
  session_destroyed: 'INFO',
  session_ip_mismatch: 'WARNING',
  token_revoked: 'INFO',
  refresh_reuse_detected: 'CRITICAL',
  totp_enabled: 'INFO',
  totp_failed: 'WARNING',
  backup_code_used: 'WARNING',
  input_validation_failure: 'WARNING',
  sql_injection_attempt: 'CRITICAL',
  xss_attempt: 'CRITICAL',
  admin_action: 'WARNING',
  alert_fired: 'CRITICAL',
  csp_violation: 'WARNING',
  store_error: 'ERROR',
  internal_error: 'ERROR',
} as const);

export type EventType = keyof typeof EVENT_CATALOGUE;
export type Severity = 'INFO' | 'WARNING' | 'ERROR' | 'CRITICAL';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = Object.freeze({
  INFO: 0,
  WARNING: 1,
  ERROR: 2,
  CRITICAL: 3,
});

/** Where input inspection found something, and what: never the value itself. */
export interface InspectionDetails {
  /** The field path with its source, such as `body.memo` or `header.user-agent`. */
  field: string;
  kind: 'text' | 'richText' | 'url' | 'identifier';
  /** The detector's short description of what it found, such as `union-select` or `tag:script`. */
  fingerprint: string;
  /** The value's length in characters. */
  length: number;
  /** True when the request was refused (`block` mode), false when only reported (`monitor`). */
  blocked: boolean;
}

/** Details by event type; events not listed carry free-form (but still redacted) details. */
export interface EventDetailsMap {
  rate_limit_exceeded: {
    rule: string;
    limit: number;
    windowMs: number;
    retryAfterMs: number;
    key: 'ip' | 'user';
  };
  ip_blocked: { reason: string; source: 'auto' | 'admin'; durationMs: number | null; violations?: number };
  ip_unblocked: { source: 'admin' };
  csrf_missing: { method: string; reason: 'missing' };
  csrf_mismatch: { method: string; reason: 'signature' | 'no_session' };
  csrf_invalid: { method: string; reason: 'malformed' | 'expired' | 'origin' };
  cors_rejected: { origin: string; preflight: boolean };
  host_rejected: { host: string };
  input_validation_failure: { reason: string; limit?: number; actual?: number } & Partial<InspectionDetails>;
  sql_injection_attempt: InspectionDetails;
  xss_attempt: InspectionDetails;
  store_error: { operation: string; policy: 'deny' | 'allow' | 'fail-closed'; error: string };
  internal_error: { status: number };
}

export type EventDetails<T extends EventType> = T extends keyof EventDetailsMap
  ? EventDetailsMap[T]
  : Readonly<Record<string, unknown>>;

/** One security event, as delivered to sinks and subscribers. */
export interface SecurityEvent<T extends EventType = EventType> {
  /** ISO 8601 time of the event. */
  readonly timestamp: string;
  readonly type: T;
  readonly severity: Severity;
  /** Client IP key (IPv4 address or IPv6 /64 prefix), when the event concerns a request. */
  readonly ip?: string;
  readonly userId?: string;
  /** Route pattern (`/balance/:address`), never the raw path. */
  readonly route?: string;
  readonly details: EventDetails<T>;
}
