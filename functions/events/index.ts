/**
 * The queue contract: moderation events, version 1, as producers put them on the FIFO queue, and
 * the producer that validates and sends them. Everything that writes to or reads from the
 * moderation queue goes through this module.
 */
export {
  banDurationSchema,
  describeEventProblems,
  EVENT_VERSION,
  EventType,
  moderationEventSchema,
  parseModerationEvent,
  type BanDuration,
  type ModerationEvent,
  type ParsedEvent,
} from './schema.js';
export { BAN_SCHEDULER_SOURCE, expireEventFor, type BanExpireEvent, type BanExpiry } from './ban-expire.js';
export { InvalidEventsError, sendModerationEvents, validateEvents, type SendOptions, type SendReport, type SentEvent } from './producer.js';
