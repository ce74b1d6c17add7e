/**
 * Batch calls on members answer user by user: some may succeed while others fail. A batch result
 * gives every user asked for exactly one line, in `succeeded` or in `failed` with the reason.
 */
import { ForbiddenError } from './errors.js';
import type { MemberItem } from './member-responses.js';

/** A user the call did not act on, and why (the service's own words where it gave any). */
export interface MemberFailure {
  user: string;
  reason: string;
}

export interface BatchResult<T extends { user: string } = { user: string }> {
  succeeded: T[];
  failed: MemberFailure[];
}

/** The reason given a user the answer leaves out. */
export const MISSING_FROM_ANSWER = 'the answer has no result for this user';

/**
 * Sorts the answer's lines into a result for the users asked: a user with no line fails; lines
 * for users not asked are ignored, and of two lines for one user the first counts.
 */
export function batchResult<T extends { user: string }>(
  requested: readonly string[],
  items: readonly MemberItem[],
  success: (item: MemberItem) => T,
): BatchResult<T> {
  const byUser = new Map<string, MemberItem>();
  for (const item of items) if (!byUser.has(item.user)) byUser.set(item.user, item);
  const result: BatchResult<T> = { succeeded: [], failed: [] };
  for (const user of requested) {
    const item = byUser.get(user);
    if (item?.result) result.succeeded.push(success(item));
    else result.failed.push({ user, reason: item ? (item.reason ?? 'refused by the service') : MISSING_FROM_ANSWER });
  }
  return result;
}

/**
 * The users a 403 names as not members of the group: Easemob writes `users [a, b] are not members
 * of this group!`, Agora `Users a are not members of this group!`.
 */
export function usersNamedNotMembers(error: unknown): string[] {
  if (!(error instanceof ForbiddenError)) return [];
  const match = /users \[?([^\]]*?)\]? are not members/i.exec(error.description);
  // Empty names from stray separators match no user asked for.
  return match ? match[1]!.split(/[\s,]+/) : [];
}

/**
 * Sends `call` for `users`; when the service refuses the whole call because some of them are not
 * members (403), those fail with its reason and the call is sent again for the others, so that
 * one former member does not cost the whole batch. Any other failure is thrown.
 */
export async function excludingNonMembers<T extends { user: string }>(
  users: readonly string[],
  call: (users: readonly string[]) => Promise<BatchResult<T>>,
): Promise<BatchResult<T>> {
  const failed: MemberFailure[] = [];
  let remaining = [...users];
  for (;;) {
    try {
      const result = await call(remaining);
      return { succeeded: result.succeeded, failed: [...failed, ...result.failed] };
    } catch (error) {
      const named = new Set(usersNamedNotMembers(error).filter((user) => remaining.includes(user)));
      // Nothing asked was named: the refusal is about something else, and sending again would not help.
      if (named.size === 0) throw error;
      const reason = (error as ForbiddenError).description;
      for (const user of remaining) if (named.has(user)) failed.push({ user, reason });
      remaining = remaining.filter((user) => !named.has(user));
      if (remaining.length === 0) return { succeeded: [], failed };
    }
  }
}
