import { type DestinationStream, type Logger, pino } from 'pino';

export interface SecurityLoggerOptions {
  /** Lowest level written (default `info`). */
  readonly level?: 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Where JSON lines go (default standard output). */
  readonly destination?: DestinationStream;
}

/**
 * The structured JSON logger for security events: one line per event, `timestamp` in ISO 8601, and pino's own
 * redaction as a second net under `redactDetails` for request headers that carry credentials.
 */
export function createSecurityLogger(options: SecurityLoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { component: 'rampart' },
      // Every line has `timestamp` (ISO 8601); an event line carries the event's own time, which overrides this.
      timestamp: false,
      mixin: () => ({ timestamp: new Date().toISOString() }),
      messageKey: 'message',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-csrf-token"]',
          'res.headers["set-cookie"]',
          'details.password',
          'details.token',
        ],
        censor: '[REDACTED]',
      },
    },
    options.destination,
  );
}
