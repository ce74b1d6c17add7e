/**
 * The moderation decision, pure: what an event means for its group, as a plan of steps (see
 * `plan.ts`), and the repairs the interpreter asks for when an attempt did not go as planned.
 */
export { decide } from './decide.js';
export { endBansOfGoneGroup, endLostBan, realign, type RefusedCall } from './repairs.js';
export {
  sanctionSlot,
  type Ask,
  type Decision,
  type DecisionContext,
  type Facts,
  type GroupCall,
  type GroupStaff,
  type MemberAction,
  type Need,
  type Plan,
  type Step,
} from './plan.js';
export { groupMuteIdFor, SKIP_REASON } from './sanctions.js';
export { banIdFor } from './bans.js';
export {
  banDuration,
  policySchema,
  type LadderAction,
  type LadderStep,
  type MembersPolicy,
  type MuteAllPolicy,
  type Policy,
} from './policy.js';
export { describeOutcome, type Outcome, type SanctionedOutcome } from './outcome.js';
export { EventIdConflictError } from './errors.js';
