/**
 * What the interpreter asks when an attempt did not go as planned, each pure like `decide`: after
 * a lost commit, `realign` (the lost call may have reached the group last) and `endLostBan` (a
 * pending ban the event no longer imposes), see docs/architecture.md#bans; for a group Agora no
 * longer has, `endBansOfGoneGroup` (no retry changes a 404, and parking would only raise the DLQ
 * alarm), see docs/architecture.md#groups-that-are-gone.
 */
import type { ModerationEvent } from '../../events/index.js';
import { BanStatus } from '../../ledger/index.js';
import { banIdFor, ending, endNeverInForce, inForce, namedBan } from './bans.js';
import { describeOutcome, type Outcome } from './outcome.js';
import { askBans, groupCall, plan, type Decision, type DecisionContext, type Facts, type GroupCall } from './plan.js';

/** The reason a gone group's bans end with. */
export const GROUP_DELETED = 'group deleted';

/**
 * After an attempt whose `lostCall` reached the group but whose commit lost, when the decision
 * taken since made no call: the group as the ledger now has it (`facts.state`, read after that
 * decision's own writes). A ban in force (not a dry run) disables it; with none, a lost disable is
 * undone (it was for a ban that did not come into force, or for one lifted meanwhile), and a lost
 * enable already agrees. The plan keeps the event's `outcome`.
 */
export function realign(
  context: DecisionContext,
  event: ModerationEvent,
  lostCall: GroupCall,
  outcome: Outcome,
  facts: Facts,
): Decision {
  const ask = askBans(facts, [facts.state.activeBanId]);
  if (ask) return ask;
  const ban = inForce(namedBan(facts));
  const commit = { kind: 'commit', state: facts.state } as const;
  if (ban && !ban.dryRun) return plan(event.groupId, outcome, [...groupCall(context.policy, 'disable'), commit]);
  if (lostCall === 'disable') return plan(event.groupId, outcome, [...groupCall(context.policy, 'enable'), commit]);
  return plan(event.groupId, outcome);
}

/**
 * After an attempt that lost a commit, the event's outcome may no longer be its own ban (a
 * crossing counted by another, a longer ban in force): a pending ban the lost attempt wrote is
 * ended, as never in force.
 */
export function endLostBan(context: DecisionContext, event: ModerationEvent, outcome: Outcome, facts: Facts): Decision {
  const banId = banIdFor(event.id);
  if (outcome.kind === 'disabled' && outcome.banId === banId) return plan(event.groupId, outcome);
  const ask = askBans(facts, [banId]);
  if (ask) return ask;
  if (facts.bans.get(banId)?.status !== BanStatus.Pending) return plan(event.groupId, outcome);
  return plan(event.groupId, outcome, [
    endNeverInForce(context, event, `a concurrent change of the group decided otherwise (${describeOutcome(outcome)})`),
  ]);
}

/** The call Agora refused because the group does not exist, as its error says. */
export interface RefusedCall {
  method: string;
  path: string;
  status: number;
  code: string;
}

/**
 * Ends every ban of the group still pending or active (a ban in force `lifted`, a pending one as
 * never in force), then the state lets go of its ban by a commit; no Agora call. Its outcome is a
 * kind of its own so that bans ended this way are seen, not folded into the events that changed nothing.
 */
export function endBansOfGoneGroup(
  context: DecisionContext,
  event: ModerationEvent,
  refused: RefusedCall,
  facts: Facts,
): Decision {
  if (!facts.groupBans) return { kind: 'ask', needs: [{ kind: 'group-bans' }] };
  const { state } = facts;
  const open = facts.groupBans.filter((ban) => ban.status === BanStatus.Pending || ban.status === BanStatus.Active);
  const steps = open.map((ban) => {
    const wasInForce = ban.status === BanStatus.Active || ban.banId === state.activeBanId;
    return wasInForce
      ? ({
          kind: 'end-ban',
          banId: ban.banId,
          status: BanStatus.Lifted,
          ending: ending(context, event, GROUP_DELETED),
        } as const)
      : ({
          kind: 'end-ban',
          banId: ban.banId,
          status: BanStatus.Replaced,
          ending: ending(context, event, `never in force: ${GROUP_DELETED}`),
        } as const);
  });
  const { activeBanId, ...rest } = state;
  const ended = open.length > 0 ? `ended ${open.map((ban) => ban.banId).join(', ')}` : 'no ban of it was open';
  const why = `${GROUP_DELETED}: Agora has no group ${event.groupId} (${refused.method} ${refused.path}: ${refused.status} ${refused.code}); ${ended}`;
  return plan(event.groupId, { kind: 'gone', why }, [
    ...steps,
    ...(activeBanId !== undefined ? [{ kind: 'commit', state: rest } as const] : []),
  ]);
}
