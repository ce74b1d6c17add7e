/**
 * A group Agora no longer has (deleted while banned, or never created): the 404
 * `service_resource_not_found` its disable or enable gets. No retry can change that, and parking
 * the event would only raise the DLQ alarm while the ledger kept the group's bans in force for
 * ever. So the event ends the group's bans instead, and is processed like any other: a ban in
 * force ends `lifted`, with the reason "group deleted"; a pending ban that never came into force
 * (the one the event itself was imposing, which never reached Agora) ends as never in force.
 * Its outcome is a kind of its own, logged as a warning and counted as `GroupsGone`, so that
 * bans ended this way are seen, not folded into the events that changed nothing.
 */
import { NotFoundError, type CallOptions } from '../agora/index.js';
import type { ModerationEvent } from '../events/index.js';
import { BanStatus } from '../ledger/index.js';
import { ending } from './bans.js';
import type { ModerationContext } from './moderation-context.js';
import type { Outcome } from './outcome.js';

/** Agora's code for a resource that does not exist; moderation calls only group endpoints, so it is the group. */
export const GROUP_NOT_FOUND = 'service_resource_not_found';

/** The reason a gone group's bans end with. */
export const GROUP_DELETED = 'group deleted';

/** Whether Agora answered that the group does not exist. */
export function isGroupGone(error: unknown): error is NotFoundError {
  return error instanceof NotFoundError && error.code === GROUP_NOT_FOUND;
}

/**
 * Ends every ban of the group still pending or active, then lets the group's state go of the one
 * it names (a write conditional on its version, like every other). No Agora call is made.
 */
export async function endBansOfGoneGroup(ctx: ModerationContext, event: ModerationEvent, gone: NotFoundError, call: CallOptions): Promise<Outcome> {
  const { ledger } = ctx;
  const state = await ledger.getGroupState(event.groupId, call);
  const open = (await ledger.listBans(event.groupId, call)).filter((ban) => ban.status === BanStatus.Pending || ban.status === BanStatus.Active);
  for (const ban of open) {
    const wasInForce = ban.status === BanStatus.Active || ban.banId === state.activeBanId;
    if (wasInForce) await ledger.endBan(event.groupId, ban.banId, BanStatus.Lifted, ending(ctx, event, GROUP_DELETED), call);
    else await ledger.endBan(event.groupId, ban.banId, BanStatus.Replaced, ending(ctx, event, `never in force: ${GROUP_DELETED}`), call);
  }
  if (state.activeBanId !== undefined) {
    const { activeBanId: _gone, ...rest } = state;
    await ledger.saveGroupState(rest, call);
  }
  const ended = open.length > 0 ? `ended ${open.map((ban) => ban.banId).join(', ')}` : 'no ban of it was open';
  return { kind: 'gone', why: `${GROUP_DELETED}: Agora has no group ${event.groupId} (${gone.method} ${gone.path}: ${gone.status} ${gone.code}); ${ended}` };
}
