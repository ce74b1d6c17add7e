/**
 * The queue contract: moderation events, version 1, as producers put them on the FIFO queue, its
 * limits and time rule, and the producer that validates and sends them. Everything that writes to
 * or reads from the moderation queue goes through this module, so every side applies the same
 * bounds.
 */
export {
  banDurationSchema,
  checkModerationEvent,
  describeEventProblems,
  futureTimeProblem,
  EVENT_VERSION,
  EventType,
  moderationEventSchema,
  parseModerationEvent,
  type BanDuration,
  type EventClock,
  type ModerationEvent,
  type ParsedEvent,
} from './schema.js';
export { DEFAULT_CLOCK_SKEW_SECONDS, EVENT_LIMITS } from './limits.js';
export { eventDigest, timedEventDigest } from './digest.js';
export { deduplicationIdFor, eventBody, eventMessage, type EventMessage } from './deduplication.js';
export { BAN_SCHEDULER_SOURCE, expireEventFor, type BanExpireEvent, type BanExpiry } from './ban-expire.js';
export { InvalidEventsError, sendModerationEvents, validateEvents, type SendOptions, type SendReport, type SentEvent } from './producer.js';
