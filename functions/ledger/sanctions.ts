/**
 * Sanctions: every action the automation takes on a group's members, on the group's voice or on
 * a message, with its cause and its end. A sanction is written `pending` before its Agora call
 * (so a redelivery finishes the same one, with the same end) and resolved once the call answered:
 * `applied`, `skipped` with the reason it was never sent (the owner, an admin, no longer a member,
 * dry run), `failed` with the service's reason, or `too-late` (a recall past Agora's window, not
 * worth sending again). A resolved sanction is never sent again.
 */

export const SanctionKind = {
  Mute: 'mute',
  Unmute: 'unmute',
  Remove: 'remove',
  Block: 'block',
  Unblock: 'unblock',
  MuteAll: 'mute-all',
  UnmuteAll: 'unmute-all',
  Recall: 'recall',
} as const;
export type SanctionKind = (typeof SanctionKind)[keyof typeof SanctionKind];

/**
 * The kinds that start or end a mute, of a member or of the whole group: what an audit compares
 * with Agora's mute state (a removal or a block ends what the ledger can say of a member's mute).
 */
export const MUTE_STATE_KINDS: readonly SanctionKind[] = [
  SanctionKind.Mute,
  SanctionKind.Unmute,
  SanctionKind.Remove,
  SanctionKind.Block,
  SanctionKind.MuteAll,
  SanctionKind.UnmuteAll,
];

export const SanctionStatus = {
  Pending: 'pending',
  Applied: 'applied',
  Skipped: 'skipped',
  Failed: 'failed',
  TooLate: 'too-late',
} as const;
export type SanctionStatus = (typeof SanctionStatus)[keyof typeof SanctionStatus];
export type ResolvedSanctionStatus = Exclude<SanctionStatus, typeof SanctionStatus.Pending>;

/** Why a sanction was taken: the event, and what it names of the violation behind it. */
export interface SanctionCause {
  eventId: string;
  eventType: string;
  reason: string;
  source: string;
  /** The violation's category or rule, when the event names one. */
  category?: string;
  /** The offending message, when the event names one. */
  messageId?: string;
}

/** How a sanction ended up: when its call answered (or it was skipped), and why, unless applied. */
export interface SanctionResolution {
  status: ResolvedSanctionStatus;
  at: string;
  reason?: string;
}

/** A sanction's key within its group: one per event, kind and target. */
export interface SanctionKey {
  groupId: string;
  eventId: string;
  kind: SanctionKind;
  /** The member acted on; the message id for a recall; the group id for a mute of the whole group. */
  target: string;
}

export interface SanctionRecord extends SanctionKey {
  /** The member concerned: the one acted on, or a recalled message's sender. */
  member?: string;
  decidedAt: string;
  /** When a mute ends by itself; `null` for a permanent one; absent for other kinds. */
  until?: string | null;
  cause: SanctionCause;
  status: SanctionStatus;
  /** Decided in dry run: recorded, never sent. */
  dryRun: boolean;
  resolution?: SanctionResolution;
}

/** The sort key of a sanction: '#' is in no event id, user name or message id, so an event's sanctions share a prefix of their own. */
export const sanctionSortKey = (key: Pick<SanctionKey, 'eventId' | 'kind' | 'target'>) =>
  `SANCTION#${key.eventId}#${key.kind}#${key.target}`;
export const eventSanctionsPrefix = (eventId: string) => `SANCTION#${eventId}#`;
export const SANCTIONS_PREFIX = 'SANCTION#';

/** Sanctions oldest first, then by key: how both adapters list them. */
export function bySanctionOrder(a: SanctionRecord, b: SanctionRecord): number {
  return a.decidedAt.localeCompare(b.decidedAt) || sanctionSortKey(a).localeCompare(sanctionSortKey(b));
}
