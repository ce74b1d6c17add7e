/**
 * Moderation events, version 1: what producers put on the queue. Every event names itself
 * (`id`, used as the SQS deduplication id and the ledger's idempotency key), the group, why,
 * who sent it and when. Anything else (an unknown type, a malformed group id, a missing field,
 * a field past its limit, a time too far ahead) is an invalid event, parked with the reason
 * rather than retried.
 */
import * as z from 'zod';
import { groupIdSchema, messageIdSchema, usernameSchema } from '../agora/index.js';
import { issueLines } from '../validation/index.js';
import { DEFAULT_CLOCK_SKEW_SECONDS, EVENT_LIMITS } from './limits.js';

export const EVENT_VERSION = 1;

export const EventType = {
  ThresholdReached: 'violation.threshold_reached',
  ViolationReported: 'violation.reported',
  Disable: 'group.disable',
  Enable: 'group.enable',
  BanExpire: 'ban.expire',
  BanEnforce: 'ban.enforce',
  MemberMute: 'member.mute',
  MemberUnmute: 'member.unmute',
  MemberRemove: 'member.remove',
  MemberBlock: 'member.block',
  MemberUnblock: 'member.unblock',
  GroupMuteAll: 'group.mute_all',
  GroupUnmuteAll: 'group.unmute_all',
  MessageRecall: 'message.recall',
} as const;

/** Seconds a ban lasts, from 1 s to ten years; `permanent` never expires. */
export const banDurationSchema = z.union([
  z
    .number()
    .int()
    .min(1, 'a ban lasts at least 1 second')
    .max(
      EVENT_LIMITS.maxDurationSeconds,
      `a ban lasts at most ${EVENT_LIMITS.maxDurationSeconds} seconds (ten years); use "permanent" for longer`,
    ),
  z.literal('permanent'),
]);
export type BanDuration = z.output<typeof banDurationSchema>;

const text = (max: number) => z.string().min(1).max(max);

/** Seconds a mute lasts, from 1 s to ten years; `permanent` lasts as long as the group. */
export const muteDurationSecondsSchema = z.union([
  z
    .number()
    .int()
    .min(1, 'a mute lasts at least 1 second')
    .max(
      EVENT_LIMITS.maxDurationSeconds,
      `a mute lasts at most ${EVENT_LIMITS.maxDurationSeconds} seconds (ten years); use "permanent" for longer`,
    ),
  z.literal('permanent'),
]);

/** The members an operator's event acts on: Agora user names, 1 to `maxUsers`, each once (the interpreter sends them 60 a call). */
const usersSchema = z
  .array(usernameSchema)
  .min(1, 'name at least one user')
  .max(EVENT_LIMITS.maxUsers, `at most ${EVENT_LIMITS.maxUsers} users an event`)
  .refine((users) => new Set(users).size === users.length, 'must not name a user twice');

const EARLIEST_MS = Date.parse(EVENT_LIMITS.earliestTime);

const common = {
  version: z.literal(EVENT_VERSION, `only version ${EVENT_VERSION} is understood`),
  /** Unique per event; producers reuse it when they resend the same event. */
  id: text(EVENT_LIMITS.idLength).regex(/^[\w.:-]+$/, 'may contain only letters, digits, "_", ".", ":" and "-"'),
  groupId: groupIdSchema,
  reason: text(EVENT_LIMITS.reasonLength),
  /** Who sent it: a classifier, a report tool, a moderator's id. */
  source: text(EVENT_LIMITS.sourceLength),
  /** When it happened, ISO 8601 with a zone; how far ahead of the reader's clock is checked apart (`checkModerationEvent`). */
  time: z.iso
    // A text that is not a time gets that one problem, not also the bounds of a time.
    .datetime({ offset: true, abort: true })
    .max(EVENT_LIMITS.timeLength)
    .refine((time) => Date.parse(time) >= EARLIEST_MS, `must not be before ${EVENT_LIMITS.earliestTime}`),
};

/** What a violation may say of the message behind it: who sent it, and its id (the callbacks ingress fills both). */
const offending = {
  sender: text(EVENT_LIMITS.senderLength).optional(),
  messageId: text(EVENT_LIMITS.messageIdLength).optional(),
};

const offset = z.number().int().min(0).max(EVENT_LIMITS.maxOffset);

/**
 * Why a rule reported a violation, as the callbacks ingress explains a hit: the rule, the rule
 * set's version, and for a content rule where in the message's text it matched ([start, end) in
 * UTF-16 code units, and the excerpt), what it read there and the transforms between the two.
 */
export const violationExplanationSchema = z
  .strictObject({
    rule: text(EVENT_LIMITS.categoryLength),
    ruleSet: text(EVENT_LIMITS.ruleSetLength),
    start: offset.optional(),
    end: offset.optional(),
    excerpt: z.string().max(EVENT_LIMITS.excerptLength).optional(),
    matched: z.string().max(EVENT_LIMITS.excerptLength).optional(),
    transforms: z.array(text(EVENT_LIMITS.transformLength)).max(EVENT_LIMITS.maxTransforms).optional(),
  })
  .refine(
    ({ start, end }) => (start === undefined) === (end === undefined) && (start === undefined || start <= end!),
    'start and end come together, start first',
  );
export type ViolationExplanation = z.output<typeof violationExplanationSchema>;

export const moderationEventSchema = z.discriminatedUnion('type', [
  z.strictObject({
    ...common,
    ...offending,
    type: z.literal(EventType.ThresholdReached),
    duration: banDurationSchema.optional(),
  }),
  z.strictObject({
    ...common,
    ...offending,
    type: z.literal(EventType.ViolationReported),
    category: text(EVENT_LIMITS.categoryLength).optional(),
    explanation: violationExplanationSchema.optional(),
  }),
  z.strictObject({ ...common, type: z.literal(EventType.Disable), duration: banDurationSchema.optional() }),
  z.strictObject({ ...common, type: z.literal(EventType.Enable) }),
  z.strictObject({ ...common, type: z.literal(EventType.BanExpire), banId: text(EVENT_LIMITS.banIdLength) }),
  /** Disables the group again for the ban it names, if that ban is still the one in force (the audit's repair of a bypassed ban). */
  z.strictObject({ ...common, type: z.literal(EventType.BanEnforce), banId: text(EVENT_LIMITS.banIdLength) }),
  /** Members' sanctions, by an operator or a schedule. The owner and the admins are never muted, removed or blocked. */
  z.strictObject({
    ...common,
    type: z.literal(EventType.MemberMute),
    users: usersSchema,
    duration: muteDurationSecondsSchema,
  }),
  z.strictObject({ ...common, type: z.literal(EventType.MemberUnmute), users: usersSchema }),
  z.strictObject({ ...common, type: z.literal(EventType.MemberRemove), users: usersSchema }),
  z.strictObject({ ...common, type: z.literal(EventType.MemberBlock), users: usersSchema }),
  z.strictObject({ ...common, type: z.literal(EventType.MemberUnblock), users: usersSchema }),
  /** Mutes the whole group (the owner and admins may still speak); with a duration, its own `group.unmute_all` is scheduled. */
  z.strictObject({
    ...common,
    type: z.literal(EventType.GroupMuteAll),
    duration: muteDurationSecondsSchema.optional(),
  }),
  /** Lifts the group's mute; with `muteId` (as the scheduled end sends it), only if that mute is still the one in force. */
  z.strictObject({
    ...common,
    type: z.literal(EventType.GroupUnmuteAll),
    muteId: text(EVENT_LIMITS.banIdLength).optional(),
  }),
  /** Recalls one message of the group, sent by `sender`. */
  z.strictObject({
    ...common,
    type: z.literal(EventType.MessageRecall),
    messageId: messageIdSchema,
    sender: usernameSchema,
  }),
]);
export type ModerationEvent = z.output<typeof moderationEventSchema>;

export type ParsedEvent = { ok: true; event: ModerationEvent } | { ok: false; reason: string };

/** The clock an event's time is checked against: the checking side's own, and the skew it tolerates. */
export interface EventClock {
  now: Date;
  /** How far ahead of `now` an event may be dated, in seconds. @default 300 */
  clockSkewSeconds?: number;
}

/** Every problem of an event on one line. */
export function describeEventProblems(error: z.ZodError): string {
  return issueLines(error, { whole: '(event)' }).join('; ');
}

/** Why an event dated `time` is too far ahead of `clock`, if it is: `time: ... ahead ...`. */
export function futureTimeProblem(time: string, clock: EventClock): string | undefined {
  const skewSeconds = clock.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  const aheadMs = Date.parse(time) - clock.now.getTime();
  if (aheadMs <= skewSeconds * 1000) return undefined;
  return `time: ${time} is ${Math.round(aheadMs / 1000)} s ahead of this clock (${clock.now.toISOString()}); at most ${skewSeconds} s of clock skew is tolerated`;
}

/** Why an event is too large for the body limit the handler applies, if it is. */
function eventSizeProblem(event: ModerationEvent): string | undefined {
  const bytes = Buffer.byteLength(JSON.stringify(event));
  return bytes > EVENT_LIMITS.maxBodyBytes
    ? `event is ${bytes} bytes as JSON; an event is at most ${EVENT_LIMITS.maxBodyBytes}`
    : undefined;
}

/**
 * Checks a candidate event: the schema, its time against `clock`, and its size as JSON (each field
 * within its bound, all of them together may still pass the body's). The producer and the
 * handler both check this way, so what one sends the other accepts. Never throws.
 */
export function checkModerationEvent(candidate: unknown, clock: EventClock): ParsedEvent {
  const result = moderationEventSchema.safeParse(candidate);
  if (!result.success) return { ok: false, reason: describeEventProblems(result.error) };
  const problem = futureTimeProblem(result.data.time, clock) ?? eventSizeProblem(result.data);
  return problem ? { ok: false, reason: problem } : { ok: true, event: result.data };
}

/** Parses a message body; never throws, so a bad message can be parked with its reason. */
export function parseModerationEvent(body: string, clock: EventClock): ParsedEvent {
  const bytes = Buffer.byteLength(body);
  if (bytes > EVENT_LIMITS.maxBodyBytes)
    return { ok: false, reason: `body is ${bytes} bytes; an event is at most ${EVENT_LIMITS.maxBodyBytes}` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
  }
  const checked = checkModerationEvent(json, clock);
  return checked.ok ? checked : { ok: false, reason: `invalid event: ${checked.reason}` };
}
