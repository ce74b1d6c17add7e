/**
 * The raid's mute of the whole group through `processEvent` on in-memory ports: once per raid, in
 * dry run as live, and a mute-all an attempt left pending is resolved by its redelivery.
 */
import { describe, expect, test } from 'vitest';
import { SanctionKind, SanctionStatus } from '../../../functions/ledger/index.js';
import { processEvent } from '../../../functions/moderation/delivery/process-event.js';
import { CoreHarness, eventAt, T0 } from '../../helpers/moderation-core.js';

const G = '100000000000000001';
const RAID = {
  threshold: { count: 50, windowSeconds: 3600 },
  muteAll: { senders: 2, windowSeconds: 300, durationSeconds: 900 },
};

const muteAlls = async (core: CoreHarness) =>
  (await core.ledger.listSanctions(G)).filter((sanction) => sanction.kind === SanctionKind.MuteAll);

describe('the raid, once per raid', () => {
  test.each([false, true])(
    'six violations of three senders within the window mute the group once (dry run: %s)',
    async (dryRun) => {
      const core = new CoreHarness({ ...RAID, dryRun });
      const senders = ['ann', 'bob', 'cyd', 'ann', 'bob', 'cyd'];
      for (const [i, sender] of senders.entries())
        await core.process(eventAt('violation.reported', G, T0 + i * 10_000, { id: `v${i}`, sender }));

      const records = await muteAlls(core);
      expect(records.map((sanction) => [sanction.eventId, sanction.status])).toEqual([
        ['v1', dryRun ? SanctionStatus.Skipped : SanctionStatus.Applied],
      ]);
      expect(core.moderation.calls.filter((call) => call.call === 'muteAll')).toHaveLength(dryRun ? 0 : 1);
    },
  );
});

describe("a raid's mute-all an attempt left pending", () => {
  test('is resolved skipped by its redelivery when another event has muted the group since', async () => {
    const core = new CoreHarness(RAID);
    const { muteAll } = core.moderation.groupMute;
    let failures = 1;
    core.moderation.groupMute.muteAll = async (groupId: string) => {
      if (failures-- > 0) throw Object.assign(new Error('injected 503'), { status: 503 });
      return muteAll(groupId);
    };
    const [e1, e2, e3] = ['ann', 'bob', 'cyd'].map((sender, i) =>
      eventAt('violation.reported', G, T0 + i * 10_000, { id: `e${i + 1}`, sender }),
    );
    await core.process(e1!);
    await expect(core.process(e2!)).rejects.toThrow('injected 503');
    // e3 sees the raid too (bob and cyd) and mutes the group.
    await core.process(e3!);
    expect((await core.ledger.getGroupState(G)).groupMute?.muteId).toBe('mute-all-e3');

    await processEvent(core.context, e2!, {}, { redelivered: true });

    expect(
      (await muteAlls(core)).map((sanction) => [sanction.eventId, sanction.status, sanction.resolution?.reason]),
    ).toEqual([
      ['e2', SanctionStatus.Skipped, 'a mute of the group in force, by event e3'],
      ['e3', SanctionStatus.Applied, undefined],
    ]);
    expect(core.moderation.calls.filter((call) => call.call === 'muteAll')).toHaveLength(1);
  });
});
