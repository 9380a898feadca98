import type { Logger } from 'pino';
import {
  EVENT_CATALOGUE,
  type EventDetails,
  type EventType,
  SEVERITY_RANK,
  type SecurityEvent,
  type Severity,
} from './catalogue.js';
import { redactDetails } from './redact.js';

export type EventListener = (event: SecurityEvent) => void;

export interface EmitContext {
  readonly ip?: string | undefined;
  readonly userId?: string | undefined;
  readonly route?: string | undefined;
}

export interface RecentQuery {
  /** Most events returned, newest first (default 100). */
  readonly limit?: number;
  readonly type?: EventType;
  readonly minSeverity?: Severity;
}

/** The security event log: emit once, delivered to the JSON log, the ring buffer and every subscriber. */
export interface EventBus {
  emit<T extends EventType>(type: T, context: EmitContext, details: EventDetails<T>): SecurityEvent<T>;
  /** Calls `listener` for every later event; returns the function that unsubscribes it. */
  subscribe(listener: EventListener): () => void;
  /** The newest buffered events, newest first. */
  recent(query?: RecentQuery): SecurityEvent[];
}

export interface EventBusOptions {
  /** Structured JSON log (pino), or false for none. */
  readonly logger: Logger | false;
  /** Events kept in memory for `recent()` and the dashboard (default 1,000). */
  readonly bufferSize: number;
  readonly now?: () => number;
}

const LOG_METHOD: Readonly<Record<Severity, 'info' | 'warn' | 'error' | 'fatal'>> = {
  INFO: 'info',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
};

/**
 * Creates the event bus. A failing subscriber is isolated: it is logged and the others still run, so a broken
 * dashboard cannot turn a denial into a 500.
 */
export function createEventBus(options: EventBusOptions): EventBus {
  const { logger, bufferSize } = options;
  const now = options.now ?? Date.now;
  const ring: (SecurityEvent | undefined)[] = new Array(bufferSize);
  let written = 0;
  const listeners = new Set<EventListener>();

  return {
    emit(type, context, details) {
      const severity = EVENT_CATALOGUE[type];
      const event = {
        timestamp: new Date(now()).toISOString(),
        type,
        severity,
        ...(context.ip !== undefined && { ip: context.ip }),
        ...(context.userId !== undefined && { userId: context.userId }),
        ...(context.route !== undefined && { route: context.route }),
        details: redactDetails(details),
      } as SecurityEvent<typeof type>;
      if (bufferSize > 0) ring[written++ % bufferSize] = event;
      if (logger) {
        logger[LOG_METHOD[severity]](
          {
            timestamp: event.timestamp,
            event_type: type,
            severity,
            ip: event.ip,
            user_id: event.userId,
            route: event.route,
            details: event.details,
          },
          type,
        );
      }
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          if (logger) logger.error({ err_name: (error as Error)?.name }, 'security event subscriber failed');
        }
      }
      return event;
    },

    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    recent(query = {}) {
      const limit = query.limit ?? 100;
      const minRank = query.minSeverity === undefined ? 0 : SEVERITY_RANK[query.minSeverity];
      const out: SecurityEvent[] = [];
      const count = Math.min(written, bufferSize);
      for (let i = 1; i <= count && out.length < limit; i++) {
        const event = ring[(written - i) % bufferSize];
        if (event === undefined) continue;
        if (query.type !== undefined && event.type !== query.type) continue;
        if (SEVERITY_RANK[event.severity] < minRank) continue;
        out.push(event);
      }
      return out;
    },
  };
}
