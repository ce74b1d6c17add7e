/**
 * The audit against the emulator seeded with known groups and a ledger on dynalite, writing to
 * S3 on fauxqs: every finding where expected and nowhere else, the snapshot, the diff against the
 * previous run, and repairs through the moderation queue.
 */
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditJob } from '../../functions/audit/index.js';
import { type AuditDependencies, type AuditRequest } from '../../functions/audit/audit-job.js';
import { type Finding, FindingKind } from '../../functions/audit/findings.js';
import { JobRunner, S3OutputStore, type GroupSnapshot, type OutputStore } from '../../functions/jobs/index.js';
import { MANIFEST } from '../../functions/jobs/run-layout.js';
import { type StartOptions } from '../../functions/jobs/runner.js';
import { BanStatus } from '../../functions/ledger/index.js';
import { sendModerationEvents } from '../../functions/events/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { readJsonLines } from '../helpers/read-run.js';
import { waitFor } from '../../local/wait-for.js';

let stack: LocalStack;
let deps: AuditDependencies;
let outputs: OutputStore;

/** A whole run, as the CLI makes one. */
const runAudit = (
  request: AuditRequest & StartOptions,
  options: { deps?: AuditDependencies; store?: OutputStore } = {},
) => new JobRunner({ store: options.store ?? outputs }).run(auditJob(options.deps ?? deps), request, request);
const ids: Record<string, string> = {};

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT' });
  const store = stack.emulator!.store;
  const add = (key: string, group: Parameters<typeof store.insert>[0]) => (ids[key] = store.insert(group).id);
  add('clean', { name: 'book club', owner: 'ann', members: ['bob', 'cid'], maxUsers: 200 });
  add('byHand', { name: 'quiet room', owner: 'ann', members: ['bob'], disabled: true });
  add('bypassed', { name: 'raid target', owner: 'dan', members: ['eve'] });
  add('overdue', { name: 'old offender', owner: 'fay', members: ['gus'], disabled: true });
  add('over', { name: 'packed hall', owner: 'hal', members: ['u1', 'u2', 'u3', 'u4', 'u5'], maxUsers: 3 });
  add('near', {
    name: 'busy hall',
    owner: 'ian',
    members: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'],
    maxUsers: 10,
  });
  add('ownerless', { name: 'lost keys', owner: 'jo', members: ['kim'], ownerListed: false });
  add('term', { name: 'FREE Crypto giveaway', owner: 'lee', members: ['max'], description: 'join now' });

  // A permanent ban through the pipeline, then someone enables the group by hand.
  const disable = moderationEvent('group.disable', ids.bypassed!, { duration: 'permanent' });
  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [disable]);
  await waitFor('the ban', () => stack.ledger.getProcessed(disable.id));
  store.update(ids.bypassed!, { disabled: false });
  // A timed ban that ended an hour ago without its expiry arriving.
  const past = new Date(Date.now() - 3_600_000).toISOString();
  await stack.ledger.putBan({
    banId: 'ban-overdue',
    groupId: ids.overdue!,
    eventId: 'e-overdue',
    eventType: 'group.disable',
    reason: 'old',
    source: 'test',
    imposedAt: new Date(Date.now() - 7_200_000).toISOString(),
    until: past,
    duration: 3600,
    status: BanStatus.Active,
    dryRun: false,
  });
  await stack.ledger.saveGroupState({ groupId: ids.overdue!, activeBanId: 'ban-overdue', version: 0 });

  deps = {
    groups: stack.client.groups,
    ledger: stack.ledger,
    queue: { sqs: stack.sqs.client, queueUrl: stack.sqs.queueUrl },
  };
  outputs = new S3OutputStore(stack.s3.client, stack.s3.bucket);
});
afterAll(() => stack?.close());

const findingOptions = { bannedTerms: ['crypto', 'casino'], nearCapacityRatio: 0.9 };

describe('audit run', () => {
  test('finds every kind exactly where it is, and nothing else', async () => {
    const manifest = await runAudit({ prefix: 'runs', pageSize: 3, findings: findingOptions });

    const findings = await readJsonLines<Finding>(outputs, manifest, 'findings-');
    expect(findings.map((f) => [f.kind, f.groupId]).sort()).toEqual(
      [
        [FindingKind.DisabledByHand, ids.byHand],
        [FindingKind.BanBypassed, ids.bypassed],
        [FindingKind.BanOverdue, ids.overdue],
        [FindingKind.OverCapacity, ids.over],
        [FindingKind.NearCapacity, ids.near],
        [FindingKind.OwnerNotMember, ids.ownerless],
        [FindingKind.BannedTerm, ids.term],
      ].sort(),
    );
    expect(findings.find((f) => f.kind === FindingKind.BanBypassed)!.evidence).toMatchObject({
      until: null,
      disabled: false,
    });
    expect(findings.find((f) => f.kind === FindingKind.BannedTerm)!.evidence).toEqual({
      term: 'crypto',
      fields: ['name'],
    });
    expect(manifest.summary!).toMatchObject({
      groups: 8,
      disabled: 2,
      changes: null,
      ledgerConsulted: true,
      vanishedDuringScan: { count: 0 },
    });
    expect(manifest.scan).toEqual({ complete: true, pages: 3 });
  });

  test('the snapshot parses back to the emulator’s groups, and the manifest is written last', async () => {
    // The S3 store, noting the order in which uploads and created files finish.
    const finished: string[] = [];
    const store: OutputStore = Object.create(outputs, {
      upload: {
        value: async (key: string, body: Readable, contentType: string) => {
          await outputs.upload(key, body, contentType);
          finished.push(key);
        },
      },
      create: {
        value: async (key: string, text: string, contentType: string) => {
          const created = await outputs.create(key, text, contentType);
          if (created) finished.push(key);
          return created;
        },
      },
    });
    const manifest = await runAudit({ prefix: 'snap', pageSize: 3, recordsPerPart: 3 }, { store });

    const snapshot = await readJsonLines<GroupSnapshot>(outputs, manifest, 'snapshot-');
    const emulated = stack.emulator!.store.page(0, 100).groups;
    expect(snapshot.map((g) => [g.id, g.name, g.disabled, g.memberCount, g.maxUsers])).toEqual(
      emulated.map((g) => [g.id, g.name, g.disabled, g.members.length + (g.ownerListed ? 1 : 0), g.maxUsers]),
    );
    expect(manifest.parts.filter((p) => p.key.includes('/snapshot-')).map((p) => p.records)).toEqual([3, 3, 2]);
    const runPrefix = manifest.parts[0]!.key.replace(/snapshot-part-00000\.jsonl\.gz$/, '');
    expect(finished.at(-1)).toBe(`${runPrefix}${MANIFEST}`);
    expect(finished.slice(0, -1).sort()).toEqual(
      [...manifest.parts.map((p) => p.key), `${runPrefix}summary.json`].sort(),
    );
    const keys: string[] = [];
    for await (const key of outputs.list(runPrefix)) keys.push(key);
    expect(keys).toEqual([...finished].sort());
  });

  test('without a ledger every disabled group counts as disabled by hand', async () => {
    const manifest = await runAudit({ prefix: 'laptop' }, { deps: { groups: deps.groups } });
    const findings = await readJsonLines<Finding>(outputs, manifest, 'findings-');
    expect(
      findings
        .filter((f) => f.kind === FindingKind.DisabledByHand)
        .map((f) => f.groupId)
        .sort(),
    ).toEqual([ids.byHand, ids.overdue].sort());
    expect(findings.some((f) => f.kind === FindingKind.BanBypassed || f.kind === FindingKind.BanOverdue)).toBe(false);
  });

  test('a second run reports what was created, deleted, disabled and enabled since', async () => {
    const store = stack.emulator!.store;
    await runAudit({ prefix: 'diff' });
    store.delete(ids.clean!);
    const created = store.insert({ name: 'new group', owner: 'ann' }).id;
    store.update(ids.byHand!, { disabled: false });
    store.update(ids.term!, { disabled: true });

    const manifest = await runAudit({ prefix: 'diff' });

    expect(manifest.summary!.changes).toMatchObject({
      created: 1,
      deleted: 1,
      newlyDisabled: 1,
      newlyEnabled: 1,
      samples: { created: [created], deleted: [ids.clean], newlyDisabled: [ids.term], newlyEnabled: [ids.byHand] },
    });
    // Put the fixture back for the tests after this one.
    store.update(ids.byHand!, { disabled: true });
    store.update(ids.term!, { disabled: false });
  });

  test('a run checkpointed every two pages ends with the same files as one that never stopped', async () => {
    const store = stack.emulator!.store;
    await runAudit({ prefix: 'whole', pageSize: 2 });
    await runAudit({ prefix: 'pieces', pageSize: 2 });
    const removed = store.insert({ name: 'short-lived', owner: 'ann' }).id;
    store.update(ids.term!, { disabled: true });
    store.delete(removed);
    store.insert({ name: 'newcomer', owner: 'ann' });

    const whole = await runAudit({ prefix: 'whole', pageSize: 2, findings: findingOptions });
    const runner = new JobRunner({ store: outputs });
    const job = auditJob(deps);
    const everySecondPage = { shouldCheckpoint: ({ pages }: { pages: number }) => pages % 2 === 0 };
    let outcome = await runner.start(
      job,
      { pageSize: 2, findings: findingOptions },
      { prefix: 'pieces' },
      everySecondPage,
    );
    let invocations = 1;
    while (outcome.status === 'checkpointed') {
      const runPrefix = outcome.checkpointKey.replace(/checkpoint-\d+\.json$/, '');
      expect(await outputs.readText(`${runPrefix}${MANIFEST}`)).toBeUndefined();
      outcome = await runner.resume(job, outcome.checkpointKey, everySecondPage);
      invocations += 1;
    }
    if (outcome.status !== 'complete') throw new Error(`run ended ${outcome.status}`);
    const pieces = outcome.manifest;

    expect(invocations).toBe(3); // 9 groups in 5 pages: stops after pages 2 and 4
    expect(await readJsonLines(outputs, pieces, 'snapshot-')).toEqual(await readJsonLines(outputs, whole, 'snapshot-'));
    expect(await readJsonLines(outputs, pieces, 'findings-')).toEqual(await readJsonLines(outputs, whole, 'findings-'));
    const { previousRunId: _a, ...wholeChanges } = whole.summary!.changes!;
    const { previousRunId: _b, ...piecesChanges } = pieces.summary!.changes!;
    expect(piecesChanges).toEqual(wholeChanges);
    expect(piecesChanges).toMatchObject({ created: 1, newlyDisabled: 1 });
    expect({ ...pieces.summary!, changes: null }).toEqual({ ...whole.summary!, changes: null });
    expect(pieces.counts).toEqual(whole.counts);
    expect(pieces.scan.pages).toBe(whole.scan.pages);
    store.update(ids.term!, { disabled: false });
  });

  test('repair sends drift through the moderation queue: the bypassed ban is enforced, the overdue one lifted', async () => {
    const manifest = await runAudit({ prefix: 'repair', repair: true, findings: findingOptions });

    expect(manifest.summary!.repairsSent).toBe(2);
    await waitFor('the bypassed group disabled again', () => stack.emulator!.store.get(ids.bypassed!)!.disabled);
    await waitFor('the overdue group enabled', () => !stack.emulator!.store.get(ids.overdue!)!.disabled);
    const overdue = await stack.ledger.listBans(ids.overdue!);
    expect(overdue[0]).toMatchObject({ status: 'lifted', ended: { byEventType: 'ban.expire' } });
    // The bypassed ban stays the one in force: the repair did not replace it.
    const bypassed = await stack.ledger.listBans(ids.bypassed!);
    expect(bypassed.map((ban) => ban.status)).toEqual(['active']);
  });

  test('repair does not undo an appeal granted while the audit ran, nor impose a ban of its own', async () => {
    const store = stack.emulator!.store;
    const group = store.insert({ name: 'appealed', owner: 'ned', members: ['ola'] }).id;
    const disable = moderationEvent('group.disable', group, { duration: 3600 });
    await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [disable]);
    await waitFor('the ban', () => stack.ledger.getProcessed(disable.id));
    // The appeal is granted right after the audit has read the bans in force, before it scans the group.
    const appeal = moderationEvent('group.enable', group, { reason: 'appeal granted' });
    const ledger: AuditDependencies['ledger'] = {
      appliedMuteSanctions: (call) => stack.ledger.appliedMuteSanctions(call),
      async *activeBans(call) {
        yield* stack.ledger.activeBans(call);
        await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [appeal]);
        await waitFor('the appeal', () => stack.ledger.getProcessed(appeal.id));
      },
    };

    const manifest = await runAudit(
      { prefix: 'repair-race', repair: true, findings: findingOptions },
      { deps: { ...deps, ledger } },
    );

    const findings = await readJsonLines<Finding>(outputs, manifest, 'findings-');
    expect(findings.filter((f) => f.groupId === group).map((f) => f.kind)).toEqual([FindingKind.BanBypassed]);
    const repair = await waitFor('the repair', () =>
      stack.ledger.getProcessed(`audit-${manifest.runId}-ban_bypassed-${group}`),
    );
    expect(repair).toMatchObject({
      type: 'ban.enforce',
      outcome: expect.stringMatching(/^unchanged: ban .* is no longer in force/),
    });
    expect(store.get(group)!.disabled).toBe(false);
    expect((await stack.ledger.listBans(group)).map((ban) => [ban.eventId, ban.status])).toEqual([
      [disable.id, 'lifted'],
    ]);
    expect((await stack.ledger.getGroupState(group)).recentBans).toHaveLength(1);
  });
});
