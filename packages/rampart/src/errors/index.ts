/**
 * One registry of every error code Rampart can answer with or throw.
 *
 * A denial body always has the shape `{ error, code }` (plus feature fields such as `retry_after`); the message
 * here is the human text clients see. `docs/errors.md` lists the same codes with how to fix them, and a test keeps
 * this table, the exports and that page in step.
 */
export const ERROR_CODES = Object.freeze({
  RATE_LIMITED: { status: 429, message: 'Rate limit exceeded. Please try again later.' },
  IP_BLOCKED: { status: 429, message: 'Too many violations from this address. Please try again later.' },
  IP_BLOCKED_BY_ADMIN: { status: 403, message: 'Access from this address has been blocked.' },
  BODY_TOO_LARGE: { status: 413, message: 'Request body too large' },
  URL_TOO_LONG: { status: 414, message: 'URL too long' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request headers too large' },
  INVALID_JSON: { status: 400, message: 'Request body is not valid JSON' },
  JSON_TOO_DEEP: { status: 400, message: 'JSON body is nested too deeply' },
  JSON_TOO_MANY_KEYS: { status: 400, message: 'JSON body has too many keys' },
  JSON_STRING_TOO_LONG: { status: 400, message: 'JSON body has a string that is too long' },
  JSON_FORBIDDEN_KEY: { status: 400, message: 'JSON body uses a forbidden key' },
  JSON_KEY_TOO_LONG: { status: 400, message: 'JSON body has a key that is too long' },
  JSON_UNSUPPORTED_VALUE: { status: 400, message: 'Value is not plain JSON' },
  STRING_TOO_LONG: { status: 400, message: 'Text is too long' },
  INVALID_STRING: { status: 400, message: 'Text contains characters that are not allowed' },
  INPUT_REJECTED: { status: 400, message: 'Request rejected: input looks like an injection attack' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  CORS_ORIGIN_DENIED: { status: 403, message: 'Origin not allowed' },
  CSRF_MISSING: { status: 403, message: 'CSRF token missing' },
  CSRF_INVALID: { status: 403, message: 'CSRF token invalid or expired' },
  HOST_NOT_ALLOWED: { status: 400, message: 'Host not allowed' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Method not allowed' },
  BAD_REQUEST: { status: 400, message: 'Bad request' },
  STORE_UNAVAILABLE: { status: 503, message: 'Service temporarily unavailable' },
  INTERNAL_ERROR: { status: 500, message: 'Internal server error' },
  CONFIG_INVALID: { status: 500, message: 'Invalid Rampart configuration' },
  CONFIG_UNSAFE_FOR_PRODUCTION: { status: 500, message: 'Configuration is not safe for production' },
} as const);

export type ErrorCode = keyof typeof ERROR_CODES;

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: string;
  readonly code: ErrorCode;
  readonly [field: string]: unknown;
}

/** Builds the standard error body for `code`, with optional feature fields (`retry_after`, ...). */
export function errorBody(code: ErrorCode, extra?: Readonly<Record<string, unknown>>): ErrorBody {
  const body: ErrorBody = { error: ERROR_CODES[code].message, code };
  return extra === undefined ? body : { ...body, ...extra };
}

/**
 * Base class of the errors Rampart throws at run time (infrastructure failures, not expected denials, which are
 * return values). `statusCode` is what an adapter answers with; the message never reaches a client of a 5xx.
 */
export class RampartError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? ERROR_CODES[code].message, options);
    this.name = 'RampartError';
    this.code = code;
    this.statusCode = ERROR_CODES[code].status;
  }
}

/** A store (memory, Redis, SQL) could not be reached or failed; the caller applies its failure policy. */
export class StoreUnavailableError extends RampartError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * Misconfiguration, thrown when options are validated (never per request). It is a `TypeError`, as the platform
 * throws for a bad argument, and carries the option path so the message can name it.
 */
export class RampartConfigError extends TypeError {
  readonly code: 'CONFIG_INVALID' | 'CONFIG_UNSAFE_FOR_PRODUCTION';
  readonly option: string;

  constructor(
    option: string,
    message: string,
    code: 'CONFIG_INVALID' | 'CONFIG_UNSAFE_FOR_PRODUCTION' = 'CONFIG_INVALID',
  ) {
    super(`rampart: ${option}: ${message}`);
    this.name = 'RampartConfigError';
    this.option = option;
    this.code = code;
  }
}
