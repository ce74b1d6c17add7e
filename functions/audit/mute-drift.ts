/**
 * Mute drift: where the ledger's mutes and Agora's part ways. The ledger's view of a group comes
 * from its applied sanctions, folded oldest first: a member's last mute, unmute, removal or block,
 * and the group's last mute or unmute of all. Agora shows a member's mute on the group's mute list,
 * and (in Easemob's reading of get details) whether the whole group is muted.
 */
import type { GroupDetails, MutedMember } from '../agora/index.js';
import { SanctionKind, type SanctionRecord } from '../ledger/index.js';
import { FindingKind, type Finding } from './findings.js';

/**
 * A mute ending this close to the audit is not checked: Agora starts its clock when the call
 * arrives, the ledger when the sanction was decided, and the clocks of the two differ.
 */
export const MUTE_END_MARGIN_MS = 60_000;

/** The sanction that last set a member's or the group's mute, as the ledger holds it. */
export interface LedgerMuteEntry {
  kind: SanctionKind;
  eventId: string;
  decidedAt: string;
  until?: string | null;
}

/** What the ledger says of one group's mutes. */
export interface LedgerMutes {
  /** Member -> the last applied mute, unmute, removal or block of that member. */
  members: Map<string, LedgerMuteEntry>;
  /** The last applied mute or unmute of the whole group. */
  group?: LedgerMuteEntry;
}

const ENDS_MEMBER_MUTE = new Set<SanctionKind>([SanctionKind.Unmute, SanctionKind.Remove, SanctionKind.Block]);

/**
 * Whether `b` is the later word. One event may mute and remove a member (a ladder step of both),
 * decided at the same instant: the removal, block or unmute ends the mute, in whatever order the
 * scan reads the two.
 */
const later = (a: LedgerMuteEntry | undefined, b: LedgerMuteEntry) => {
  if (!a) return true;
  if (b.decidedAt !== a.decidedAt) return b.decidedAt > a.decidedAt;
  if (b.eventId !== a.eventId) return b.eventId > a.eventId;
  return ENDS_MEMBER_MUTE.has(b.kind) && !ENDS_MEMBER_MUTE.has(a.kind);
};

/** Folds applied sanctions, read in any order, into each group's last word on its mutes. */
export async function ledgerMutesByGroup(sanctions: AsyncIterable<SanctionRecord>): Promise<Map<string, LedgerMutes>> {
  const groups = new Map<string, LedgerMutes>();
  for await (const sanction of sanctions) {
    const entry: LedgerMuteEntry = {
      kind: sanction.kind,
      eventId: sanction.eventId,
      decidedAt: sanction.decidedAt,
      ...(sanction.until !== undefined && { until: sanction.until }),
    };
    const mutes = groups.get(sanction.groupId) ?? { members: new Map<string, LedgerMuteEntry>() };
    groups.set(sanction.groupId, mutes);
    if (sanction.kind === SanctionKind.MuteAll || sanction.kind === SanctionKind.UnmuteAll) {
      if (later(mutes.group, entry)) mutes.group = entry;
    } else if (sanction.kind === SanctionKind.Mute || ENDS_MEMBER_MUTE.has(sanction.kind)) {
      if (later(mutes.members.get(sanction.target), entry)) mutes.members.set(sanction.target, entry);
    }
  }
  return groups;
}

/** Whether a mute with this end is in force at `now`, clear of the margin; `null`: until lifted. */
const inForce = (until: string | null | undefined, now: Date) =>
  until === null || (until !== undefined && Date.parse(until) > now.getTime() + MUTE_END_MARGIN_MS);
const ended = (until: string | null | undefined, now: Date) =>
  until !== null && until !== undefined && Date.parse(until) <= now.getTime() - MUTE_END_MARGIN_MS;

/** Whether the group's mute list needs reading: a member the ledger holds muted, or unmuted by it. */
export function needsMuteList(mutes: LedgerMutes, now: Date): boolean {
  for (const entry of mutes.members.values()) {
    if (entry.kind === SanctionKind.Unmute || (entry.kind === SanctionKind.Mute && inForce(entry.until, now)))
      return true;
  }
  return false;
}

/**
 * Mute findings for one group. `muteList` is Agora's mute list, read when `needsMuteList` said so;
 * the group's own mute is compared only when Agora's details say whether it is muted.
 */
export function muteFindingsFor(
  group: GroupDetails,
  mutes: LedgerMutes,
  muteList: readonly MutedMember[] | undefined,
  now: Date,
): Finding[] {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, evidence: Record<string, unknown>, suggestedAction: string) =>
    findings.push({ kind, groupId: group.id, groupName: group.name, evidence, suggestedAction });

  if (muteList) {
    const listed = new Map(muteList.map((m) => [m.user, m.expiresAt]));
    for (const [member, entry] of [...mutes.members].sort(([a], [b]) => a.localeCompare(b))) {
      const since = { eventId: entry.eventId, decidedAt: entry.decidedAt };
      if (entry.kind === SanctionKind.Mute && inForce(entry.until, now) && !listed.has(member)) {
        add(
          FindingKind.MemberMuteLifted,
          { member, until: entry.until, ...since, onMuteList: false },
          'find out who unmuted the member; mute again with member.mute, or record it with member.unmute',
        );
      }
      if (entry.kind === SanctionKind.Unmute && listed.has(member)) {
        const expiresAt = listed.get(member)!;
        add(
          FindingKind.MemberStillMuted,
          { member, ...since, onMuteList: true, expiresAt: expiresAt === 'permanent' ? expiresAt : iso(expiresAt) },
          'send member.unmute again, or record the mute with member.mute',
        );
      }
    }
  }

  const entry = mutes.group;
  if (entry && group.mutedAll !== undefined) {
    const since = { eventId: entry.eventId, decidedAt: entry.decidedAt };
    if (entry.kind === SanctionKind.MuteAll && inForce(entry.until, now) && !group.mutedAll) {
      add(
        FindingKind.GroupMuteLifted,
        { mutedAll: false, until: entry.until, ...since },
        'find out who unmuted the group; mute it again with group.mute_all, or record it with group.unmute_all',
      );
    }
    if (entry.kind === SanctionKind.UnmuteAll && group.mutedAll) {
      add(
        FindingKind.GroupStillMuted,
        { mutedAll: true, ...since },
        'send group.unmute_all again, or record the mute with group.mute_all',
      );
    }
    if (entry.kind === SanctionKind.MuteAll && ended(entry.until, now) && group.mutedAll) {
      add(FindingKind.GroupMuteOverdue, { mutedAll: true, until: entry.until, ...since }, 'send group.unmute_all');
    }
  }
  return findings;
}

const iso = (ms: number) => new Date(ms).toISOString();
