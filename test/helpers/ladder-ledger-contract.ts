/**
 * The ledger's contract for the members' ladder and the raid, run against each adapter (memory in
 * the unit tests, DynamoDB on dynalite in the integration tests): a sender's violations read apart
 * from other members', the group's senders in a window, and a step's claim taken once per reaching.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { LadderClaim, Ledger, ViolationRecord } from '../../functions/ledger/index.js';

const at = (seconds: number) => new Date(Date.parse('2026-11-27T00:00:00.000Z') + seconds * 1000).toISOString();

function violationOf(groupId: string, eventId: string, seconds: number, sender?: string): ViolationRecord {
  return { groupId, eventId, time: at(seconds), expiresAt: 2_000_000_000, ...(sender !== undefined && { sender }) };
}

function claimOf(groupId: string, extra: Partial<LadderClaim> = {}): LadderClaim {
  return {
    groupId,
    member: 'spammer',
    hits: 2,
    eventId: 'e-first',
    claimedAt: at(0),
    until: at(3600),
    stepRemovesOrBlocks: false,
    dryRun: false,
    expiresAt: 2_000_000_000,
    ...extra,
  };
}

export function describeLadderLedger(name: string, ledger: () => Ledger): void {
  describe(`${name} ledger: the members' ladder`, () => {
    test("a member's violations are counted apart from other members' and written once", async () => {
      const g = `g-${randomUUID()}`;
      await ledger().recordViolation(violationOf(g, 'e1', 10, 'spammer'));
      await ledger().recordViolation(violationOf(g, 'e1', 10, 'spammer'));
      await ledger().recordViolation(violationOf(g, 'e2', 20, 'other'));
      await ledger().recordViolation(violationOf(g, 'e3', 30));
      // A name with the key's separator and a name it prefixes are different members.
      await ledger().recordViolation(violationOf(g, 'e4', 40, 'spam#mer'));
      await ledger().recordViolation(violationOf(g, 'e5', 50, 'spammer2'));
      await ledger().recordViolation(violationOf(g, 'e6', 5, 'spammer'));
      expect(await ledger().memberViolationTimes(g, 'spammer', at(0), at(100))).toEqual([at(5), at(10)]);
      expect(await ledger().memberViolationTimes(g, 'spammer', at(5), at(100))).toEqual([at(10)]);
      expect(await ledger().memberViolationTimes(g, 'spam#mer', at(0), at(100))).toEqual([at(40)]);
      // The group's own count still sees every violation once.
      expect(await ledger().violationTimes(g, at(0), at(100))).toHaveLength(6);
    });

    test("the group's senders in a window, oldest first, without the violations that name none", async () => {
      const g = `g-${randomUUID()}`;
      await ledger().recordViolation(violationOf(g, 'e1', 10, 'a'));
      await ledger().recordViolation(violationOf(g, 'e2', 20));
      await ledger().recordViolation(violationOf(g, 'e3', 30, 'b'));
      await ledger().recordViolation(violationOf(g, 'e4', 300, 'c'));
      expect(await ledger().violationSenders(g, at(0), at(299))).toEqual([
        { time: at(10), sender: 'a' },
        { time: at(30), sender: 'b' },
      ]);
    });

    test('a step is claimed once while its claim holds; its own event finds it again; it is taken anew after', async () => {
      const g = `g-${randomUUID()}`;
      const first = claimOf(g);
      expect(await ledger().claimLadderStep(first)).toEqual(first);
      const rival = claimOf(g, { eventId: 'e-second', claimedAt: at(60), until: at(3660) });
      expect(await ledger().claimLadderStep(rival)).toEqual(first);
      // The first event's redelivery, later: still its own claim, with its first end.
      expect(await ledger().claimLadderStep(claimOf(g, { claimedAt: at(120), until: at(3720) }))).toEqual(first);
      const later = claimOf(g, { eventId: 'e-later', claimedAt: at(3600), until: at(7200) });
      expect(await ledger().claimLadderStep(later)).toEqual(later);
      await ledger().claimLadderStep(claimOf(g, { hits: 3, eventId: 'e-third', stepRemovesOrBlocks: true }));
      await ledger().claimLadderStep(claimOf(g, { member: 'other', eventId: 'e-other' }));
      expect((await ledger().ladderClaims(g, 'spammer')).map((claim) => [claim.hits, claim.eventId])).toEqual([
        [2, 'e-later'],
        [3, 'e-third'],
      ]);
    });

    test("a dry run's claim is apart from the live one: neither holds the other's step", async () => {
      const g = `g-${randomUUID()}`;
      const dry = claimOf(g, { eventId: 'e-dry', dryRun: true });
      expect(await ledger().claimLadderStep(dry)).toEqual(dry);
      const live = claimOf(g, { eventId: 'e-live', claimedAt: at(60), until: at(3660) });
      expect(await ledger().claimLadderStep(live)).toEqual(live);
      expect(
        (await ledger().ladderClaims(g, 'spammer')).map((claim) => [claim.eventId, claim.dryRun, claim.expiresAt]),
      ).toEqual(
        expect.arrayContaining([
          ['e-dry', true, 2_000_000_000],
          ['e-live', false, 2_000_000_000],
        ]),
      );
    });
  });
}
