/**
 * A removal whose answer was lost: the call reached the service and removed the member, then the
 * attempt failed (a timeout, a crash) before the answer was recorded. The redelivery sends the
 * pending removal again, Agora answers "not a member", and the removal is this event's own doing.
 */
import { describe, expect, test } from 'vitest';
import { SanctionKind, SanctionStatus } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { CoreHarness, eventAt, FakeModeration, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';

/** Removes and blocks as the service does (the member leaves the group); the first call's answer is lost after it did. */
class LostAnswerModeration extends FakeModeration {
  loseNext = true;
  constructor(memberSet: Set<string>) {
    super(memberSet);
    Object.assign(this.members, {
      remove: async (groupId: string, users: readonly string[]) => this.leave('remove', groupId, users),
      block: async (groupId: string, users: readonly string[]) => this.leave('block', groupId, users),
    });
  }
  private leave(call: string, groupId: string, users: readonly string[]) {
    this.calls.push({ call, groupId, users: [...users] });
    const answer = {
      succeeded: users.filter((user) => this.memberSet.has(user)).map((user) => ({ user })),
      failed: users.filter((user) => !this.memberSet.has(user)).map((user) => ({ user, reason: 'not a member' })),
    };
    users.forEach((user) => this.memberSet.delete(user));
    if (this.loseNext) {
      this.loseNext = false;
      throw Object.assign(new Error('injected timeout after the call'), { status: 504 });
    }
    return answer;
  }
}

function harness(policy: unknown) {
  const core = new CoreHarness(policy);
  const moderation = new LostAnswerModeration(new Set(['spammer', 'other']));
  return { core, moderation, context: { ...core.context, moderation } };
}

describe('a removal whose answer was lost', () => {
  test("the ladder's redelivered removal, answered not a member, is recorded applied; the member is out after", async () => {
    const { core, moderation, context } = harness({
      threshold: { count: 50, windowSeconds: 3600 },
      members: { windowSeconds: 3600, ladder: [{ hits: 1, actions: ['remove'] }] },
    });
    const event = eventAt('violation.reported', G, T0, { id: 'v1', sender: 'spammer', messageId: '1' });
    await expect(processEvent(context, event)).rejects.toThrow('injected timeout');
    await processEvent(context, event, {}, { redelivered: true });

    const [removal] = (await core.ledger.eventSanctions(G, 'v1')).filter((s) => s.kind === SanctionKind.Remove);
    expect(removal).toMatchObject({
      status: SanctionStatus.Applied,
      resolution: { reason: expect.stringContaining('removed by an earlier attempt of this event') },
    });
    // Out: a later violation of theirs acts no further.
    core.now = T0 + 3601_000;
    const later = eventAt('violation.reported', G, T0 + 3600_000, { id: 'v2', sender: 'spammer', messageId: '2' });
    await processEvent(context, later);
    expect(moderation.calls.filter((call) => call.call === 'remove')).toHaveLength(2);
  });

  test("an operator's member.remove redelivered likewise; a first answer of not a member is still skipped", async () => {
    const { core, context } = harness({});
    const event = eventAt('member.remove', G, T0, { id: 'r1', users: ['spammer'] });
    await expect(processEvent(context, event)).rejects.toThrow('injected timeout');
    await processEvent(context, event, {}, { redelivered: true });
    await processEvent(context, eventAt('member.remove', G, T0, { id: 'r2', users: ['stranger'] }));

    const statuses = async (eventId: string) =>
      (await core.ledger.eventSanctions(G, eventId)).map((s) => [s.target, s.status]);
    expect(await statuses('r1')).toEqual([['spammer', SanctionStatus.Applied]]);
    expect(await statuses('r2')).toEqual([['stranger', SanctionStatus.Skipped]]);
  });
});
