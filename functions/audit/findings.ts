/**
 * What an audit reports about a group: each finding names its kind, the group, the evidence and
 * what to do about it.
 */
import type { GroupDetails } from '../agora/index.js';
import type { BanRecord } from '../ledger/index.js';

export const FindingKind = {
  /** Disabled in Agora with no ban of the automation in force. */
  DisabledByHand: 'disabled_by_hand',
  /** A ban in force in the ledger, the group enabled in Agora. */
  BanBypassed: 'ban_bypassed',
  /** A timed ban past its end, the group still disabled. */
  BanOverdue: 'ban_overdue',
  OverCapacity: 'over_capacity',
  NearCapacity: 'near_capacity',
  /** The owner is not in the group's member list. */
  OwnerNotMember: 'owner_not_member',
  /** Name or description contains a banned term. */
  BannedTerm: 'banned_term',
  /** A member the ledger holds muted, missing from Agora's mute list. */
  MemberMuteLifted: 'member_mute_lifted',
  /** A member the ledger unmuted, still on Agora's mute list. */
  MemberStillMuted: 'member_still_muted',
  /** The group muted in the ledger, not muted in Agora. */
  GroupMuteLifted: 'group_mute_lifted',
  /** The group unmuted in the ledger, still muted in Agora. */
  GroupStillMuted: 'group_still_muted',
  /** The group's timed mute past its end with no unmute recorded, the group still muted. */
  GroupMuteOverdue: 'group_mute_overdue',
} as const;
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

export interface Finding {
  kind: FindingKind;
  groupId: string;
  groupName: string;
  evidence: Record<string, unknown>;
  suggestedAction: string;
}

export interface FindingOptions {
  /** Members / maxusers at or above which a group is near capacity. @default 0.9 */
  nearCapacityRatio: number;
  /** Case-insensitive terms looked for in names and descriptions. @default [] */
  bannedTerms: readonly string[];
}

export const DEFAULT_FINDING_OPTIONS: FindingOptions = { nearCapacityRatio: 0.9, bannedTerms: [] };

/**
 * Findings for one group. `activeBan` is the ledger's ban in force for it; without a ledger there
 * is none, and every disabled group counts as disabled by hand. Dry-run bans do not count.
 */
export function findingsFor(
  group: GroupDetails,
  activeBan: BanRecord | undefined,
  options: FindingOptions,
  now: Date,
): Finding[] {
  const findings: Finding[] = [];
  const add = (kind: FindingKind, evidence: Record<string, unknown>, suggestedAction: string) =>
    findings.push({ kind, groupId: group.id, groupName: group.name, evidence, suggestedAction });
  const ban = activeBan && !activeBan.dryRun ? activeBan : undefined;
  const banOver = ban?.until != null && Date.parse(ban.until) <= now.getTime();

  if (group.disabled && !ban) {
    add(
      FindingKind.DisabledByHand,
      { disabled: true, activeBan: null },
      'confirm who disabled it; record it with a group.disable event, or enable it',
    );
  }
  if (ban && !group.disabled && !banOver) {
    add(
      FindingKind.BanBypassed,
      { disabled: false, banId: ban.banId, until: ban.until, imposedAt: ban.imposedAt },
      'send the ban its ban.enforce (audit --repair)',
    );
  }
  if (ban && group.disabled && banOver) {
    add(
      FindingKind.BanOverdue,
      { disabled: true, banId: ban.banId, until: ban.until },
      'send the ban its ban.expire (audit --repair)',
    );
  }

  if (group.memberCount > group.maxUsers) {
    add(
      FindingKind.OverCapacity,
      { memberCount: group.memberCount, maxUsers: group.maxUsers },
      'raise maxusers or remove members',
    );
  } else if (group.maxUsers > 0 && group.memberCount / group.maxUsers >= options.nearCapacityRatio) {
    // The group's own share of its limit (to 3 decimals), beside the threshold it reached.
    const ratio = Math.round((group.memberCount / group.maxUsers) * 1000) / 1000;
    add(
      FindingKind.NearCapacity,
      { memberCount: group.memberCount, maxUsers: group.maxUsers, ratio, threshold: options.nearCapacityRatio },
      'raise maxusers before the group fills up',
    );
  }

  if (!group.affiliations.some((affiliation) => affiliation.username === group.owner)) {
    add(
      FindingKind.OwnerNotMember,
      { owner: group.owner, memberCount: group.memberCount },
      'add the owner back or transfer ownership',
    );
  }

  const text = { name: group.name.toLowerCase(), description: group.description.toLowerCase() };
  for (const term of options.bannedTerms) {
    const needle = term.toLowerCase();
    const fields = (['name', 'description'] as const).filter((field) => text[field].includes(needle));
    if (fields.length > 0) add(FindingKind.BannedTerm, { term, fields }, 'review the group; rename it or disable it');
  }
  return findings;
}
