/**
 * The moderation policy: when violations add up to a ban, how long bans last, and what the
 * automation may undo. Parsed with zod at start-up; every field has a documented default.
 */
import * as z from 'zod';
import { banDurationSchema, type BanDuration } from '../../events/index.js';

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
  /** Compute, log and record every decision, but never call disable or enable. @default false */
  dryRun: z.boolean().default(false),
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
