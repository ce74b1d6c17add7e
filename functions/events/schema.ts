/**
 * Moderation events, version 1: what producers put on the queue. Every event names itself
 * (`id`, used as the SQS deduplication id and the ledger's idempotency key), the group, why,
 * who sent it and when. Anything else (an unknown type, a malformed group id, a missing field)
 * is an invalid event, parked with the reason rather than retried.
 */
import { z } from 'zod';
import { groupIdSchema } from '../agora/index.js';
import { issueLines } from '../validation/index.js';

export const EVENT_VERSION = 1;

export const EventType = {
  ThresholdReached: 'violation.threshold_reached',
  ViolationReported: 'violation.reported',
  Disable: 'group.disable',
  Enable: 'group.enable',
  BanExpire: 'ban.expire',
} as const;

/** Seconds a ban lasts; `permanent` never expires. */
export const banDurationSchema = z.union([z.number().int().min(1, 'a ban lasts at least 1 second'), z.literal('permanent')]);
export type BanDuration = z.output<typeof banDurationSchema>;

const common = {
  version: z.literal(EVENT_VERSION, `only version ${EVENT_VERSION} is understood`),
  /** Unique per event; producers reuse it when they resend the same event. */
  id: z.string().min(1).max(128).regex(/^[\w.:-]+$/, 'may contain only letters, digits, "_", ".", ":" and "-"'),
  groupId: groupIdSchema,
  reason: z.string().min(1).max(1000),
  /** Who sent it: a classifier, a report tool, a moderator's id. */
  source: z.string().min(1).max(200),
  /** When it happened, ISO 8601 with a zone. */
  time: z.iso.datetime({ offset: true }),
};

export const moderationEventSchema = z.discriminatedUnion('type', [
  z.strictObject({ ...common, type: z.literal(EventType.ThresholdReached), duration: banDurationSchema.optional() }),
  z.strictObject({ ...common, type: z.literal(EventType.ViolationReported), category: z.string().min(1).max(100).optional() }),
  z.strictObject({ ...common, type: z.literal(EventType.Disable), duration: banDurationSchema.optional() }),
  z.strictObject({ ...common, type: z.literal(EventType.Enable) }),
  z.strictObject({ ...common, type: z.literal(EventType.BanExpire), banId: z.string().min(1).max(200) }),
]);
export type ModerationEvent = z.output<typeof moderationEventSchema>;

export type ParsedEvent = { ok: true; event: ModerationEvent } | { ok: false; reason: string };

/** Every problem of an event on one line. */
export function describeEventProblems(error: z.ZodError): string {
  return issueLines(error, { whole: '(event)' }).join('; ');
}

/** Parses a message body; never throws, so a bad message can be parked with its reason. */
export function parseModerationEvent(body: string): ParsedEvent {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, reason: `body is not JSON: ${(error as Error).message}` };
  }
  const result = moderationEventSchema.safeParse(json);
  if (result.success) return { ok: true, event: result.data };
  return { ok: false, reason: `invalid event: ${describeEventProblems(result.error)}` };
}
