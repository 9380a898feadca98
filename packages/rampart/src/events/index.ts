export {
  createEventBus,
  type EmitContext,
  type EventBus,
  type EventBusOptions,
  type EventListener,
  type RecentQuery,
} from './bus.js';
export {
  EVENT_CATALOGUE,
  type EventDetails,
  type EventDetailsMap,
  type EventType,
  SEVERITY_RANK,
  type SecurityEvent,
  type Severity,
} from './catalogue.js';
export { createSecurityLogger, type SecurityLoggerOptions } from './logger.js';
export { REDACTED, redactDetails } from './redact.js';
