/**
 * The audit's mute drift against the emulator and a ledger on dynalite: sanctions made through the
 * pipeline, then changed in Agora behind its back (as a console or another tool would), and the
 * findings of one run checked group by group, member by member.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditJob } from '../../functions/audit/index.js';
import type { AuditDependencies } from '../../functions/audit/audit-job.js';
import { FindingKind, type Finding } from '../../functions/audit/findings.js';
import { sendModerationEvents, type ModerationEvent } from '../../functions/events/index.js';
import { JobRunner, S3OutputStore, type OutputStore } from '../../functions/jobs/index.js';
import { SanctionKind, SanctionStatus } from '../../functions/ledger/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { readJsonLines } from '../helpers/read-run.js';

let stack: LocalStack;
let outputs: OutputStore;
const ids: Record<string, string> = {};

async function through(...events: ModerationEvent[]): Promise<void> {
  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, events);
  for (const event of events) await waitFor(`${event.type} processed`, () => stack.ledger.getProcessed(event.id));
}

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT' });
  const store = stack.emulator!.store;
  const add = (key: string, members: string[]) =>
    (ids[key] = store.insert({ name: key, owner: 'olga', members: ['adam', ...members], admins: ['adam'] }).id);
  add('members', ['ann', 'bob', 'cy', 'dan']);
  add('lifted', ['eve']);
  add('stillMuted', ['fay']);
  add('overdue', ['gus']);
  add('inForce', ['hal']);
  add('unsanctioned', ['ida']);
  const [m, lifted, stillMuted, overdue, inForce, unsanctioned] = (
    ['members', 'lifted', 'stillMuted', 'overdue', 'inForce', 'unsanctioned'] as const
  ).map((key) => ids[key]!) as [string, string, string, string, string, string];

  // ann and bob muted; cy muted and unmuted; dan muted then removed: all through the pipeline.
  await through(moderationEvent('member.mute', m, { users: ['ann', 'bob', 'cy', 'dan'], duration: 3600 }));
  await through(moderationEvent('member.unmute', m, { users: ['cy'] }));
  await through(moderationEvent('member.remove', m, { users: ['dan'] }));
  // Then, outside the pipeline: ann unmuted, cy muted again.
  await stack.client.members.unmute(m, ['ann']);
  await stack.client.members.mute(m, ['cy'], 3_600_000);

  // Group mutes: one lifted by hand, one unmuted by the pipeline then muted again by hand, one in force.
  await through(moderationEvent('group.mute_all', lifted, { duration: 900 }));
  await stack.client.groupMute.unmuteAll(lifted);
  await through(moderationEvent('group.mute_all', stillMuted, { duration: 900 }));
  await through(moderationEvent('group.unmute_all', stillMuted));
  await stack.client.groupMute.muteAll(stillMuted);
  await through(moderationEvent('group.mute_all', inForce, { duration: 900 }));
  // A group muted by hand that the ledger never muted: not the audit's to judge here.
  await stack.client.groupMute.muteAll(unsanctioned);

  // A timed group mute that ended an hour ago, its unmute never recorded, the group still muted.
  const hourAgo = Date.now() - 3_600_000;
  await stack.ledger.putSanction({
    groupId: overdue,
    eventId: 'e-overdue-mute',
    kind: SanctionKind.MuteAll,
    target: overdue,
    decidedAt: new Date(hourAgo - 900_000).toISOString(),
    until: new Date(hourAgo).toISOString(),
    cause: { eventId: 'e-overdue-mute', eventType: 'group.mute_all', reason: 'raid', source: 'test' },
    status: SanctionStatus.Pending,
    dryRun: false,
  });
  await stack.ledger.resolveSanction(
    { groupId: overdue, eventId: 'e-overdue-mute', kind: SanctionKind.MuteAll, target: overdue },
    { status: SanctionStatus.Applied, at: new Date(hourAgo - 900_000).toISOString() },
  );
  await stack.client.groupMute.muteAll(overdue);

  outputs = new S3OutputStore(stack.s3.client, stack.s3.bucket);
});
afterAll(() => stack?.close());

const deps = (): AuditDependencies => ({
  groups: stack.client.groups,
  members: stack.client.members,
  ledger: stack.ledger,
});
const audit = (prefix: string, dependencies = deps()) =>
  new JobRunner({ store: outputs }).run(auditJob(dependencies), { pageSize: 4 }, { prefix });

const MUTE_KINDS = new Set<string>([
  FindingKind.MemberMuteLifted,
  FindingKind.MemberStillMuted,
  FindingKind.GroupMuteLifted,
  FindingKind.GroupStillMuted,
  FindingKind.GroupMuteOverdue,
]);

describe('audit: mute drift', () => {
  test('reports each mute Agora and the ledger disagree on, where it is, and nothing else', async () => {
    const manifest = await audit('mutes');

    const findings = (await readJsonLines<Finding>(outputs, manifest, 'findings-')).filter((f) =>
      MUTE_KINDS.has(f.kind),
    );
    const name = (groupId: string) => Object.entries(ids).find(([, id]) => id === groupId)![0];
    expect(findings.map((f) => [f.kind, name(f.groupId), f.evidence.member ?? null]).sort()).toEqual(
      [
        [FindingKind.MemberMuteLifted, 'members', 'ann'],
        [FindingKind.MemberStillMuted, 'members', 'cy'],
        [FindingKind.GroupMuteLifted, 'lifted', null],
        [FindingKind.GroupStillMuted, 'stillMuted', null],
        [FindingKind.GroupMuteOverdue, 'overdue', null],
      ].sort(),
    );
    const ann = findings.find((f) => f.kind === FindingKind.MemberMuteLifted)!;
    expect(ann.evidence).toMatchObject({ member: 'ann', onMuteList: false, until: expect.any(String) });
    expect(Date.parse(String(ann.evidence.until))).toBeGreaterThan(Date.now());
    const cy = findings.find((f) => f.kind === FindingKind.MemberStillMuted)!;
    expect(Date.parse(String(cy.evidence.expiresAt))).toBeGreaterThan(Date.now());
    expect(findings.find((f) => f.kind === FindingKind.GroupMuteOverdue)!.evidence).toMatchObject({
      mutedAll: true,
      eventId: 'e-overdue-mute',
    });
    // One mute list read: the only group where the ledger holds members muted or unmuted.
    expect(manifest.summary).toMatchObject({
      muteListsRead: 1,
      findings: { member_mute_lifted: 1, member_still_muted: 1, group_mute_lifted: 1, group_still_muted: 1 },
    });
  });

  test('without the member calls, only the group mutes are compared', async () => {
    const { members: _members, ...groupsOnly } = deps();
    const manifest = await audit('mutes-groups-only', groupsOnly);

    const kinds = (await readJsonLines<Finding>(outputs, manifest, 'findings-'))
      .map((f) => f.kind)
      .filter((kind) => MUTE_KINDS.has(kind))
      .sort();
    expect(kinds).toEqual(
      [FindingKind.GroupMuteLifted, FindingKind.GroupStillMuted, FindingKind.GroupMuteOverdue].sort(),
    );
    expect(manifest.summary).toMatchObject({ muteListsRead: 0 });
  });
});
