/**
 * The moderation policy: when violations add up to a ban, how long bans last, and what the
 * automation may undo. Parsed with zod at start-up; every field has a documented default.
 */
import * as z from 'zod';
import { banDurationSchema, type BanDuration } from '../../events/index.js';

/** A mute's length in seconds, or until lifted; the same bounds as an event's ban (ten years, then "permanent"); Agora itself takes up to a century. */
const muteSecondsSchema = banDurationSchema;

/** What a step of the members' ladder does to the sender: recall the message, remove, block, or mute for a while. */
export const ladderActionSchema = z.union(
  [z.enum(['recall', 'remove', 'block']), z.strictObject({ mute: muteSecondsSchema })],
  { error: 'a ladder action is "recall", "remove", "block" or { "mute": seconds | "permanent" }' },
);
export type LadderAction = z.output<typeof ladderActionSchema>;

const ladderStepSchema = z.strictObject({
  /** The sender's violations within `members.windowSeconds` that reach this step. */
  hits: z.number().int().min(1),
  actions: z.array(ladderActionSchema).min(1, 'a ladder step takes at least one action'),
});
export type LadderStep = z.output<typeof ladderStepSchema>;

/** The members' ladder: what a sender earns as their violations in the group add up. */
export const membersPolicySchema = z.strictObject({
  /** Window a sender's violations are counted in, in seconds. */
  windowSeconds: z.number().int().min(60),
  ladder: z
    .array(ladderStepSchema)
    .min(1, 'members.ladder needs at least one step')
    .superRefine((steps, ctx) => {
      steps.forEach((step, index) => {
        if (index > 0 && step.hits <= steps[index - 1]!.hits)
          ctx.addIssue({
            code: 'custom',
            path: [index, 'hits'],
            message: `members.ladder hits must be strictly increasing: step ${index} has ${step.hits} after ${steps[index - 1]!.hits}`,
          });
        const kinds = step.actions.map((action) => (typeof action === 'string' ? action : 'mute'));
        const repeated = kinds.find((kind, at) => kinds.indexOf(kind) !== at);
        if (repeated)
          ctx.addIssue({
            code: 'custom',
            path: [index, 'actions'],
            message: `members.ladder step ${index} names "${repeated}" twice`,
          });
      });
    }),
});
export type MembersPolicy = z.output<typeof membersPolicySchema>;

/** A raid: this many distinct senders with violations within the window mute the whole group for a while. */
export const muteAllPolicySchema = z.strictObject({
  senders: z.number().int().min(2, 'muteAll.senders: at least 2 distinct senders make a raid'),
  windowSeconds: z.number().int().min(1),
  /** How long the group stays muted; its own scheduled `group.unmute_all` lifts it. */
  durationSeconds: z
    .number()
    .int()
    .min(1)
    .max(36_500 * 86_400),
});
export type MuteAllPolicy = z.output<typeof muteAllPolicySchema>;

export const policySchema = z.strictObject({
  threshold: z
    .strictObject({
      /** Violations that disable the group. @default 5 */
      count: z.number().int().min(1).default(5),
      /** Window the violations are counted in, in seconds. @default 3600 */
      windowSeconds: z.number().int().min(60).default(3600),
    })
    .prefault({}),
  /**
   * Duration of a group's first, second, ... ban; the last entry repeats.
   * @default [3600, 86400, 'permanent']: one hour, then a day, then for good
   */
  banDurations: z.array(banDurationSchema).min(1).default([3600, 86_400, 'permanent']),
  /** Bans older than this do not count towards escalation, in days. @default 90 */
  escalationWindowDays: z.number().int().min(1).default(90),
  /** Whether `group.enable` may lift a ban the automation did not impose. @default false */
  enableMayLiftForeignBans: z.boolean().default(false),
  /**
   * Compute, log and record every decision, but make no call that changes Agora; it still reads the
   * group's owner and admins when a ladder step would act on a member. @default false
   */
  dryRun: z.boolean().default(false),
  /** The members' ladder; without it a violation acts on the group alone. */
  members: membersPolicySchema.optional(),
  /** Muting the whole group under a raid; without it a raid is counted like any violations. */
  muteAll: muteAllPolicySchema.optional(),
});
export type Policy = z.output<typeof policySchema>;

/**
 * The ban a group earns given how many bans it had within the escalation window.
 * @example banDuration(policy, 0) // 3600 with the defaults
 */
export function banDuration(policy: Policy, priorBans: number): BanDuration {
  const index = Math.min(priorBans, policy.banDurations.length - 1);
  return policy.banDurations[index]!;
}
