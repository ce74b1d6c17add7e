/**
 * Who may speak in a group, as Agora Chat decides it: members only; not while on the mute list
 * (allow-listed or not); not while the whole group is muted, except the allow list, which holds
 * the owner and the admins by default. Mutes end by themselves: an entry of the mute list whose
 * time has passed counts for nothing, read against the caller's clock.
 */
import type { EmulatedGroup } from './group-store.js';

/** `expire` of a mute that never ends, in Easemob's notation. */
export const PERMANENT = -1;

export type Refusal = 'not a member' | 'sender muted' | 'group muted';

export function isMember(group: EmulatedGroup, user: string): boolean {
  return user === group.owner || group.members.includes(user);
}

/** The mute list's entries still in force at `now`. */
export function activeMutes(group: EmulatedGroup, now: number): [user: string, expire: number][] {
  return Object.entries(group.muted ?? {}).filter(([, expire]) => expire === PERMANENT || expire > now);
}

export function isMuted(group: EmulatedGroup, user: string, now: number): boolean {
  const expire = group.muted?.[user];
  return expire !== undefined && (expire === PERMANENT || expire > now);
}

/** Why `from` may not send into `group` at `now`, or undefined when they may. */
export function refusalOf(
  group: EmulatedGroup,
  from: string,
  now: number,
  nonMembers: 'refuse' | 'deliver' = 'refuse',
): Refusal | undefined {
  if (nonMembers === 'refuse' && !isMember(group, from)) return 'not a member';
  if (isMuted(group, from, now)) return 'sender muted';
  const allowListed = from === group.owner || (group.admins ?? []).includes(from);
  if (group.mutedAll && !allowListed) return 'group muted';
  return undefined;
}
