/**
 * Every bound of the queue contract, in one place: the producer, the moderation handler and any
 * other ingress apply the same ones, so an event one side accepts is never refused by the other.
 */
export const EVENT_LIMITS = {
  /** Bytes of one message body. A valid event is a few KiB; a larger body is refused unread. */
  maxBodyBytes: 16_384,
  /** Characters of each string field. */
  idLength: 128,
  reasonLength: 1_000,
  sourceLength: 200,
  categoryLength: 100,
  banIdLength: 200,
  /** A sender is an Agora user name (at most 64 characters); the bound leaves room for other ingresses. */
  senderLength: 256,
  messageIdLength: 128,
  /** A violation's explanation: the rule set's version, the quoted text (80 characters and an ellipsis, with room), the transforms. */
  ruleSetLength: 64,
  excerptLength: 200,
  transformLength: 32,
  maxTransforms: 16,
  /** Offsets into a message's text: far above any message Agora carries. */
  maxOffset: 10_000_000,
  /** Users one member event names: a wave's senders fit, and the body stays far under its bound (65 characters a name). */
  maxUsers: 200,
  /** Characters of `time`: ISO 8601 allows any number of fractional digits, this does not. */
  timeLength: 40,
  /** The longest ban: ten years (3,650 days). Longer is `permanent`. */
  maxDurationSeconds: 315_360_000,
  /** Events dated before this are refused: no producer of this system is that old. */
  earliestTime: '2000-01-01T00:00:00Z',
} as const;

/**
 * How far in the future an event may be dated, by default: the skew AWS tolerates between a
 * caller's clock and its own when it checks a request's signature. Producers' clocks run on NTP;
 * anything further ahead is a broken clock or a typo, and is refused.
 */
export const DEFAULT_CLOCK_SKEW_SECONDS = 300;
