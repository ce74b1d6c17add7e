/**
 * The batch's held mutes, sent on in-memory ports: a member two events of one batch mute is sent
 * once, for the longer mute, and that one answer resolves both events' sanctions.
 */
import { describe, expect, test } from 'vitest';
import { MemoryLedger, SanctionKind, SanctionStatus, type SanctionRecord } from '../../../functions/ledger/index.js';
import { MuteCoalescer } from '../../../functions/moderation/delivery/mute-coalescer.js';
import { FakeModeration, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

const pendingMute = (eventId: string, target: string, until: string): SanctionRecord => ({
  groupId: G,
  eventId,
  kind: SanctionKind.Mute,
  target,
  member: target,
  until,
  decidedAt: at(0),
  cause: { eventId, eventType: 'violation.reported', reason: 'spam', source: 'rules' },
  status: SanctionStatus.Pending,
  dryRun: false,
});

describe('the mute coalescer', () => {
  test('a member held by two events of the batch is muted in one call, for the longer mute; both sanctions resolved', async () => {
    const ledger = new MemoryLedger();
    const moderation = new FakeModeration(new Set(['ann', 'bob']));
    const coalescer = new MuteCoalescer({ moderation, ledger, clock: () => new Date(T0) }, {});
    const held = [
      pendingMute('e1', 'ann', at(600)),
      pendingMute('e2', 'ann', at(602)),
      pendingMute('e2', 'bob', at(602)),
    ];
    for (const sanction of held) await ledger.putSanction(sanction);
    coalescer.hold(G, 'e1', ['ann'], at(600));
    coalescer.hold(G, 'e2', ['ann', 'bob'], at(602));

    await coalescer.flush(G);

    expect(moderation.calls).toEqual([{ call: 'mute', groupId: G, users: ['ann', 'bob'], duration: 602_000 }]);
    expect(coalescer.calls).toBe(1);
    const statuses = (await ledger.listSanctions(G)).map((s) => [s.eventId, s.target, s.status]);
    expect(statuses).toEqual(
      expect.arrayContaining([
        ['e1', 'ann', SanctionStatus.Applied],
        ['e2', 'ann', SanctionStatus.Applied],
        ['e2', 'bob', SanctionStatus.Applied],
      ]),
    );
    expect(statuses).toHaveLength(3);
  });
});
