/**
 * A wave's mutes, coalesced within one SQS batch: the ladder's mutes of a group's records are held
 * back and sent together, 60 users a call, instead of one call per record. Safe because nothing
 * counts as done before its mute is: a held event's processed marker is written only after the
 * call that carries its users answered and each user's sanction was resolved; until then its
 * sanction is pending in the ledger, so a failed call or a crash leaves the event to be finished
 * by its redelivery (its mute sent then, for what is left of it). Order in the group's lane holds:
 * any other Agora call of the group (a removal, an unmute, a disable, the group's mute) first
 * sends what is held; only recalls, which no mute changes, go past it.
 *
 * Mutes coalesce when their ends lie within `END_TOLERANCE_MS` of each other (each record decides
 * its own end, a few milliseconds apart): the call mutes for the longest that is left, so no
 * member is muted for less than decided, and none for more than the tolerance beyond it.
 */
import { MEMBER_BATCH_LIMIT, type CallOptions } from '../../agora/index.js';
import { SanctionKind } from '../../ledger/index.js';
import type { InterpreterDependencies } from './interpreter-dependencies.js';
import { memberResolution, muteDurationLeft } from './sanction-results.js';

/** How far apart two mutes' ends may lie and still go in one call. */
const END_TOLERANCE_MS = 5_000;

interface HeldMute {
  eventId: string;
  users: readonly string[];
  until: string | null;
  /** Runs once the event's users are resolved: its processed marker. */
  done?: () => Promise<void>;
}

/** One mute call: its users, the end they are muted until, and the events whose sanctions each user's answer resolves. */
interface MuteCall {
  users: string[];
  until: string | null;
  owners: Map<string, string[]>;
}

/** What became of the events whose mutes were held: finished, or failed with the error to report. */
export interface HeldFailure {
  eventId: string;
  /** The SQS message that carried the event, when the handler named it. */
  messageId?: string;
  groupId: string;
  error: unknown;
}

export class MuteCoalescer {
  private readonly held = new Map<string, HeldMute[]>();
  private readonly failed = new Map<string, { groupId: string; error: unknown }>();
  private readonly messages = new Map<string, string>();
  /** Agora calls made, for the logs and the tests. */
  calls = 0;

  constructor(
    private readonly deps: Pick<InterpreterDependencies, 'moderation' | 'ledger' | 'clock'>,
    private readonly call: CallOptions,
  ) {}

  /** Names the SQS message that carries `eventId`, for reporting its failure. */
  carries(eventId: string, messageId: string): void {
    this.messages.set(eventId, messageId);
  }

  /** Holds the event's mute of `users` until the group's next flush. */
  hold(groupId: string, eventId: string, users: readonly string[], until: string | null): void {
    const group = this.held.get(groupId) ?? [];
    this.held.set(groupId, group);
    const own = group.find((mute) => mute.eventId === eventId && mute.until === until);
    if (own) own.users = [...new Set([...own.users, ...users])];
    else group.push({ eventId, users, until });
  }

  /** Whether the event has a mute held: its marker must wait for it. */
  holds(groupId: string, eventId: string): boolean {
    return (this.held.get(groupId) ?? []).some((mute) => mute.eventId === eventId);
  }

  /** Runs `done` once the event's held mutes are sent and resolved (at once when none is held). */
  async whenSent(groupId: string, eventId: string, done: () => Promise<void>): Promise<void> {
    const mine = (this.held.get(groupId) ?? []).filter((mute) => mute.eventId === eventId);
    if (mine.length === 0) return done();
    const last = mine.at(-1)!;
    const before = last.done;
    last.done = async () => {
      await before?.();
      await done();
    };
  }

  /**
   * Sends the group's held mutes, in calls of at most 60 users whose ends lie close, resolves each
   * user's sanction, then runs what waited for them. A failure fails every event still held of the
   * group (their sanctions stay pending, to be finished on redelivery) and is thrown.
   */
  async flush(groupId: string): Promise<void> {
    const group = this.held.get(groupId);
    if (!group || group.length === 0) return;
    this.held.delete(groupId);
    try {
      for (const batch of coalesced(group)) await this.send(groupId, batch);
      for (const mute of group) await mute.done?.();
    } catch (error) {
      for (const mute of group) this.failed.set(mute.eventId, { groupId, error });
      throw error;
    }
  }

  /** Flushes every group; what failed is reported, not thrown: each group's records fail on their own. */
  async flushAll(): Promise<HeldFailure[]> {
    for (const groupId of [...this.held.keys()]) {
      try {
        await this.flush(groupId);
      } catch {
        // Recorded in `failed` by the flush.
      }
    }
    return [...this.failed].map(([eventId, { groupId, error }]) => ({
      eventId,
      groupId,
      error,
      ...(this.messages.has(eventId) && { messageId: this.messages.get(eventId)! }),
    }));
  }

  private async send(groupId: string, batch: MuteCall) {
    const { members } = this.deps.moderation;
    const duration = muteDurationLeft(batch.until, this.deps.clock().getTime());
    this.calls += 1;
    const result = await members.mute(groupId, batch.users, duration, this.call);
    const at = this.deps.clock().toISOString();
    await Promise.all(
      memberResolution(result, at).flatMap(({ user, resolution }) =>
        batch.owners
          .get(user)!
          .map((eventId) =>
            this.deps.ledger.resolveSanction(
              { groupId, eventId, kind: SanctionKind.Mute, target: user },
              resolution,
              this.call,
            ),
          ),
      ),
    );
  }
}

/**
 * The held mutes as calls: ends within the tolerance together (a permanent one only with
 * permanent ones), the longest end of each, at most 60 users a call. A user held twice (two
 * events of one batch) is sent once, for the longer mute; that one answer resolves both events'
 * sanctions.
 */
function coalesced(group: readonly HeldMute[]): MuteCall[] {
  const byEnd = [...group].sort((a, b) => (a.until ?? '~').localeCompare(b.until ?? '~'));
  const runs: HeldMute[][] = [];
  for (const mute of byEnd) {
    const run = runs.at(-1);
    const first = run?.[0];
    const close =
      first !== undefined &&
      (first.until === null
        ? mute.until === null
        : mute.until !== null && Date.parse(mute.until) - Date.parse(first.until) <= END_TOLERANCE_MS);
    if (close) run!.push(mute);
    else runs.push([mute]);
  }
  return runs.flatMap((run) => {
    const until = run.at(-1)!.until;
    const owners = new Map<string, string[]>();
    for (const mute of run)
      for (const user of mute.users) owners.set(user, [...new Set([...(owners.get(user) ?? []), mute.eventId])]);
    const users = [...owners.keys()];
    const calls: MuteCall[] = [];
    for (let start = 0; start < users.length; start += MEMBER_BATCH_LIMIT) {
      const slice = users.slice(start, start + MEMBER_BATCH_LIMIT);
      calls.push({ users: slice, until, owners: new Map(slice.map((user) => [user, owners.get(user)!])) });
    }
    return calls;
  });
}
