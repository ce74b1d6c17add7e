/**
 * The queue contract: moderation events, version 1, as producers put them on the FIFO queue, its
 * limits and time rule, and the producer that validates and sends them. Everything that writes to
 * or reads from the moderation queue goes through this module, so every side applies the same
 * bounds.
 */
export {
  banDurationSchema,
  futureTimeProblem,
  EVENT_VERSION,
  EventType,
  moderationEventSchema,
  parseModerationEvent,
  type BanDuration,
  type ModerationEvent,
  type ParsedEvent,
  type ViolationExplanation,
} from './schema.js';
export { DEFAULT_CLOCK_SKEW_SECONDS, EVENT_LIMITS } from './limits.js';
export { eventDigest, timedEventDigest } from './digest.js';
export { deduplicationIdFor, eventBody, eventMessage } from './deduplication.js';
export { expireEventFor, type BanExpiry } from './ban-expire.js';
export { InvalidEventsError, sendModerationEvents } from './producer.js';
// What Agora takes as a user name and a message id: a violation's sender and message may be neither.
export { messageIdSchema, usernameSchema } from '../agora/index.js';
