import { STATUS_CODES } from 'node:http';
import { type ErrorBody, type ErrorCode, errorBody } from '../../errors/index.js';
import type { Denial } from '../../lib/request.js';

/** Carries a guard's denial through a framework's error path (body parsers report failures by throwing). */
export class RequestDeniedError extends Error {
  readonly denial: Denial;
  readonly statusCode: number;

  constructor(denial: Denial) {
    super(denial.body?.error ?? 'Request denied');
    this.name = 'RequestDeniedError';
    this.denial = denial;
    this.statusCode = denial.status;
  }
}

/** Framework error codes that mean something about the request, mapped to ours. */
const FRAMEWORK_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  'entity.too.large': 'BODY_TOO_LARGE',
  'entity.parse.failed': 'INVALID_JSON',
};

interface ErrorLike {
  readonly statusCode?: unknown;
  readonly status?: unknown;
  readonly code?: unknown;
  readonly type?: unknown;
  readonly message?: unknown;
  readonly validation?: unknown;
}

/**
 * The response for an error that reached the framework's error path. 5xx bodies never carry the exception's
 * text (it can hold SQL, paths or secrets); 4xx bodies say what was wrong with the request.
 */
export function errorResponse(error: unknown): {
  status: number;
  body: ErrorBody | undefined;
  internal: boolean;
} {
  if (error instanceof RequestDeniedError)
    return { status: error.denial.status, body: error.denial.body, internal: false };
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const raw = typeof e.statusCode === 'number' ? e.statusCode : typeof e.status === 'number' ? e.status : 500;
  const status = raw >= 400 && raw < 600 ? raw : 500;
  if (status >= 500) return { status: 500, body: errorBody('INTERNAL_ERROR'), internal: true };
  const mapped =
    (typeof e.code === 'string' ? FRAMEWORK_CODES[e.code] : undefined) ??
    (typeof e.type === 'string' ? FRAMEWORK_CODES[e.type] : undefined);
  if (mapped !== undefined) return { status, body: errorBody(mapped), internal: false };
  if (status === 404) return { status, body: errorBody('NOT_FOUND'), internal: false };
  if (status === 405) return { status, body: errorBody('METHOD_NOT_ALLOWED'), internal: false };
  const message =
    e.validation !== undefined && typeof e.message === 'string'
      ? e.message
      : (STATUS_CODES[status] ?? 'Bad request');
  return { status, body: { error: message.slice(0, 500), code: 'BAD_REQUEST' }, internal: false };
}
