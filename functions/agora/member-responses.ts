/**
 * Response schemas of the member, mute, admin and recall calls. As in responses.ts, unknown
 * fields are tolerated and wire names stop here. Where the documents disagree, both shapes parse.
 */
import * as z from 'zod';

const millis = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

/**
 * One user's line of a batch answer. The single-user forms answer with one object, the batch
 * forms with an array of them; Easemob's unmute table types `user` as an array: all three parse.
 */
const memberItemSchema = z
  .looseObject({
    user: z.union([z.string(), z.array(z.string())]),
    result: z.boolean(),
    reason: z.string().optional(),
    expire: millis.optional(),
  })
  .transform((item) =>
    (typeof item.user === 'string' ? [item.user] : item.user).map((user) => ({
      user,
      result: item.result,
      reason: item.reason,
      expire: item.expire,
    })),
  );
export type MemberItem = z.output<typeof memberItemSchema>[number];

export const memberItemsSchema = z
  .preprocess((data) => (Array.isArray(data) ? data : [data]), z.array(memberItemSchema))
  .transform((lists) => lists.flat());

/** `expire` of a permanent mute, in Easemob's notation. */
const PERMANENT_EXPIRE = -1;

export const mutedListSchema = z.array(
  z
    .looseObject({ user: z.string(), expire: millis })
    .transform((m) => ({ user: m.user, expiresAt: m.expire === PERMANENT_EXPIRE ? ('permanent' as const) : m.expire })),
);
/** A member on the mute list and when the mute ends (epoch ms). */
export type MutedMember = z.output<typeof mutedListSchema>[number];

/** Mute all answers `{"mute": true}`; a `result` field, as one legacy table names it, means the same. */
export const muteAllSchema = z.union([
  z.looseObject({ mute: z.boolean() }).transform((d) => ({ muted: d.mute })),
  z.looseObject({ result: z.boolean() }).transform((d) => ({ muted: d.result })),
]);
/**
 * Unmute all answers `{"mute": false}` (Agora's example, Easemob: whether the group is still
 * muted), or `{"result": true}` as Agora's field table says (whether the members were unmuted).
 */
export const unmuteAllSchema = z.union([
  z.looseObject({ mute: z.boolean() }).transform((d) => ({ muted: d.mute })),
  z.looseObject({ result: z.boolean() }).transform((d) => ({ muted: !d.result })),
]);
/** Whether the whole group is muted after the call. */
export interface GroupMuteState {
  muted: boolean;
}

export const adminListSchema = z.array(z.string());

/**
 * A recall's answer, read from the whole body: success in `data` (`recalled: "yes"`), or
 * Agora's failure body `{"msgs": [{"msg_id", "recalled": reason}]}` beside or instead of it.
 */
export const recallBodySchema = z.union([
  z
    .looseObject({ msgs: z.array(z.looseObject({ msg_id: z.string(), recalled: z.string() })).min(1) })
    .transform((b) =>
      b.msgs[0]!.recalled === 'yes'
        ? { recalled: true as const }
        : { recalled: false as const, reason: b.msgs[0]!.recalled },
    ),
  z.looseObject({ data: z.looseObject({ recalled: z.literal('yes') }) }).transform(() => ({ recalled: true as const })),
]);
