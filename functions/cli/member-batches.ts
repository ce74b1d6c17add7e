/**
 * A member command over any number of users: sent in calls of 60 (the service's limit), answered
 * user by user, one JSON line each in the order given, and a summary on stderr of the users the
 * service did not act on.
 */
import type { BatchResult } from '../agora/index.js';
import { AgoraError, AgoraRequestValidationError, ForbiddenError } from '../agora/index.js';
import { inCallsOf } from './member-args.js';
import { writeJsonLine } from './output.js';

/** What the command does, in the words its lines and its summary use. */
export interface MemberAction {
  /** `mute`, for the lines. */
  name: string;
  /** `muted`, for the summary. */
  done: string;
}

/** One user's line: acted on (with what the service said of it), or not and why. */
export type MemberLine =
  | { groupId: string; user: string; action: string; succeeded: true; expiresAt?: string }
  | { groupId: string; user: string; action: string; succeeded: false; reason: string };

type Call<T extends { user: string }> = (users: readonly string[]) => Promise<BatchResult<T>>;

/** The owner's user name, looked up only when the service refuses a call for naming the owner. */
export type OwnerLookup = () => Promise<string | undefined>;

/**
 * One call of up to 60 users. The service refuses a call that names the group's owner whole
 * (403); the owner then fails alone and the call is sent again for the others, as the client
 * does for non-members. Any other refusal of the whole call fails each of its users with it, and
 * the next call goes on: every user gets a line.
 */
async function oneCall<T extends { user: string }>(
  users: readonly string[],
  call: Call<T>,
  ownerOf: OwnerLookup,
): Promise<BatchResult<T>> {
  try {
    return await call(users);
  } catch (error) {
    // A request the client refuses is a gap in the command's own checks, not the service's answer.
    if (!(error instanceof AgoraError) || error instanceof AgoraRequestValidationError) throw error;
    if (error instanceof ForbiddenError && /owner/i.test(error.description)) {
      const owner = await ownerOf();
      if (owner !== undefined && users.includes(owner)) {
        const refused = {
          user: owner,
          reason: `the group's owner, whom the service does not act on: ${error.description}`,
        };
        const others = users.filter((user) => user !== owner);
        if (others.length === 0) return { succeeded: [], failed: [refused] };
        const rest = await oneCall(others, call, ownerOf);
        return { succeeded: rest.succeeded, failed: [refused, ...rest.failed] };
      }
    }
    return { succeeded: [], failed: users.map((user) => ({ user, reason: `the call failed: ${error.message}` })) };
  }
}

/** Memoizes `lookup`; a lookup that fails answers undefined (the refusal is then reported as it came). */
export function ownerLookup(lookup: () => Promise<string>): OwnerLookup {
  let owner: Promise<string | undefined> | undefined;
  return () => (owner ??= lookup().catch(() => undefined));
}

/**
 * Runs `action` for `users` in calls of 60, printing each user's line as its call answers.
 * `details` adds what a success line says beyond the user (a mute's end). Returns the exit code:
 * 0 when every user was acted on, 1 otherwise, with a summary naming the others.
 */
export async function runForMembers<T extends { user: string }>(
  groupId: string,
  users: readonly string[],
  action: MemberAction,
  call: Call<T>,
  ownerOf: OwnerLookup,
  details: (success: T) => { expiresAt?: string } = () => ({}),
): Promise<number> {
  const notDone: string[] = [];
  for (const batch of inCallsOf(users)) {
    const result = await oneCall(batch, call, ownerOf);
    const succeeded = new Map(result.succeeded.map((success) => [success.user, success]));
    const failed = new Map(result.failed.map((failure) => [failure.user, failure.reason]));
    for (const user of batch) {
      const success = succeeded.get(user);
      const line: MemberLine = success
        ? { groupId, user, action: action.name, succeeded: true, ...details(success) }
        : {
            groupId,
            user,
            action: action.name,
            succeeded: false,
            reason: failed.get(user) ?? 'the answer has no result for this user',
          };
      if (!line.succeeded) notDone.push(user);
      await writeJsonLine(line);
    }
  }
  if (notDone.length === 0) return 0;
  console.error(
    `groupmod: ${notDone.length} of ${users.length} users not ${action.done} (their lines say why): ${notDone.join(', ')}`,
  );
  return 1;
}
