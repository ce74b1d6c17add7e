import type { GroupDetails } from '../agora/index.js';

/** One group as an audit records it. */
export interface GroupSnapshot {
  id: string;
  name: string;
  description: string;
  owner: string;
  public: boolean;
  membersOnly: boolean;
  allowInvites: boolean;
  maxUsers: number;
  memberCount: number;
  /** ISO 8601 in UTC, the same text in the JSON lines and the CSV. */
  created: string;
  disabled: boolean;
  custom: string;
}

export const SNAPSHOT_COLUMNS = [
  'id',
  'name',
  'description',
  'owner',
  'public',
  'membersOnly',
  'allowInvites',
  'maxUsers',
  'memberCount',
  'created',
  'disabled',
  'custom',
] as const;

export function snapshotOf(group: GroupDetails): GroupSnapshot {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    owner: group.owner,
    public: group.public,
    membersOnly: group.membersOnly,
    allowInvites: group.allowInvites,
    maxUsers: group.maxUsers,
    memberCount: group.memberCount,
    created: new Date(group.created).toISOString(),
    disabled: group.disabled,
    custom: group.custom,
  };
}

/** A CSV row in `SNAPSHOT_COLUMNS` order. */
export function snapshotRow(group: GroupSnapshot): (string | number | boolean)[] {
  return SNAPSHOT_COLUMNS.map((column) => group[column]);
}
