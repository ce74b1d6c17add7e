/**
 * Validation of the member, mute and recall calls, against the limits both readings of the
 * documentation allow: where Agora and Easemob differ, the lower limit.
 */
import * as z from 'zod';
import { groupIdSchema, messageIdSchema, usernameSchema } from './identifiers.js';

/**
 * Most users one mute, unmute, remove, block or unblock call takes: 60 in Agora's documentation
 * (Easemob's newest pages allow 100 for mute and block, older ones 60).
 */
export const MEMBER_BATCH_LIMIT = 60;

/** 1 to 60 distinct usernames. */
export const memberBatchSchema = z
  .array(usernameSchema)
  .min(1, `must hold 1 to ${MEMBER_BATCH_LIMIT} users`)
  .max(MEMBER_BATCH_LIMIT, `must hold 1 to ${MEMBER_BATCH_LIMIT} users`)
  .refine((users) => new Set(users).size === users.length, 'must not name a user twice');

/**
 * What a permanent mute sends: a century. Easemob reads `-1` as permanent, Agora's REST pages
 * define no special value, so `-1` might be refused or read as already over; a mute that outlives
 * the group means the same under both readings.
 */
export const PERMANENT_MUTE_MS = 100 * 365 * 86_400_000;

/**
 * A mute's length in milliseconds, from 1 ms to a century, or `permanent`. Zero is refused: it
 * means "unmute" to Easemob and nothing to Agora.
 */
const DURATION_RANGE = `must be an integer from 1 to ${PERMANENT_MUTE_MS} milliseconds, or "permanent"`;
export const muteDurationSchema = z.union(
  [
    z.literal('permanent'),
    z.number().int(DURATION_RANGE).min(1, DURATION_RANGE).max(PERMANENT_MUTE_MS, DURATION_RANGE),
  ],
  { error: DURATION_RANGE },
);
export type MuteDuration = z.input<typeof muteDurationSchema>;

/** Input of {@link MessagesResource.recall}: a message sent into a group. */
export const recallInputSchema = z.strictObject({
  groupId: groupIdSchema,
  msgId: messageIdSchema,
  /** Who recalls it; the service's default is the app admin. */
  from: usernameSchema.optional(),
  /** Recall even past the recall window (the service's default: false). */
  force: z.boolean().optional(),
});
export type RecallInput = z.input<typeof recallInputSchema>;
