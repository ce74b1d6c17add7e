/**
 * The owner and admins, read once per group for one SQS batch: a wave's ten records of a group
 * would read them ten times (two calls each) within the same second. A failed read is not kept,
 * so the next record reads again. The batch lasts seconds, the same order as the gap between any
 * record's read and its call, so it widens no window in which a new admin could be acted on.
 */
import type { CallOptions } from '../../agora/index.js';
import type { GroupStaff } from '../decision/index.js';
import type { MemberModeration } from './interpreter-dependencies.js';

export function staffReadOncePerBatch(moderation: MemberModeration): MemberModeration {
  const read = new Map<string, Promise<GroupStaff>>();
  return {
    ...moderation,
    staff(groupId: string, options?: CallOptions): Promise<GroupStaff> {
      const known = read.get(groupId);
      if (known) return known;
      const reading = moderation.staff(groupId, options);
      read.set(groupId, reading);
      reading.catch(() => read.delete(groupId));
      return reading;
    },
  };
}
