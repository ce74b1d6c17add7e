/**
 * `violation.reported`, whole: the group's count toward its threshold (`count-violation.ts`), the
 * sender's ladder (`ladder.ts`) and the raid's mute of the group (`raid.ts`), asked for together
 * and planned as one: the ladder's steps first (a recall is the most urgent), then the group's.
 * A threshold crossing that disables the group (or any plan of the group's that commits its
 * state) leaves the raid's mute out: a disabled group needs no mute, and one plan commits once.
 */
import type { ModerationEvent } from '../../events/index.js';
import { countViolation } from './count-violation.js';
import { climbLadder } from './ladder.js';
import { NOTHING, plan, type Decision, type DecisionContext, type Facts, type Need, type Part } from './plan.js';
import { muteRaid } from './raid.js';

type Violation = Extract<ModerationEvent, { type: 'violation.reported' }>;

function mergedNeeds(asks: Need[][]): Need[] {
  const seen = new Set<string>();
  return asks.flat().filter((need) => {
    const key = JSON.stringify(need);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function violationReported(context: DecisionContext, event: Violation, facts: Facts): Decision {
  const group = countViolation(context, event, facts);
  // The violation is recorded before anything reads a window: the ladder and the raid count it too.
  if (!facts.violationRecorded) return group;
  const ladder = climbLadder(context, event, facts);
  const groupCommits = group.kind === 'plan' && group.steps.some((step) => step.kind === 'commit');
  const raid: Part = groupCommits ? NOTHING : muteRaid(context, event, facts);
  if (group.kind === 'ask' || ladder.kind === 'ask' || raid.kind === 'ask')
    return {
      kind: 'ask',
      needs: mergedNeeds([group, ladder, raid].flatMap((part) => (part.kind === 'ask' ? [part.needs] : []))),
    };
  const also = [...ladder.outcomes, ...raid.outcomes];
  return plan(event.groupId, also.length > 0 ? { ...group.outcome, also } : group.outcome, [
    ...ladder.steps,
    ...group.steps,
    ...raid.steps,
  ]);
}
