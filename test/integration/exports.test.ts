/**
 * Exports against the emulator, written to S3 on fauxqs and to a local folder: files parse back
 * to the emulator's state, CSV survives awkward names, filters select the right groups, and
 * joined groups come out one line per user and group.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { groupsExportJob, joinedExportJob } from '../../functions/export/index.js';
import { type GroupFilter } from '../../functions/export/export-groups.js';
import { type Membership } from '../../functions/export/export-joined.js';
import {
  DirectoryOutputStore,
  JobRunner,
  S3OutputStore,
  type GroupSnapshot,
  type OutputStore,
} from '../../functions/jobs/index.js';
import { type StartOptions } from '../../functions/jobs/runner.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { parseCsv } from '../helpers/parse-csv.js';
import { readJsonLines, readParts } from '../helpers/read-run.js';
import { tempDir } from '../helpers/temp-dir.js';

let stack: LocalStack;
let s3: S3OutputStore;
const awkward = ['=cmd|calc', 'plus +1, "quoted"', '-minus\nnew line', '@at'];

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
  const store = stack.emulator!.store;
  store.seed({ count: 230, users: 20, disabledEvery: 10 });
  for (const name of awkward)
    store.insert({ name, owner: 'ann', description: `${name} again`, public: true, members: ['bob'] });
  s3 = new S3OutputStore(stack.s3.client, stack.s3.bucket);
});
afterAll(() => stack?.close());

const emulatedGroups = () => stack.emulator!.store.page(0, 10_000).groups;

/** Whole runs, as the CLI makes them. */
const exportGroups = (filter: GroupFilter, options: StartOptions & { pageSize?: number }, store: OutputStore = s3) =>
  new JobRunner({ store }).run(
    groupsExportJob(stack.client.groups),
    { filter, ...(options.pageSize && { pageSize: options.pageSize }) },
    options,
  );
const exportJoined = (users: string[], options: StartOptions) =>
  new JobRunner({ store: s3 }).run(joinedExportJob(stack.client.groups), { users }, options);

describe('exportGroups', () => {
  test('every group round-trips through JSON lines and CSV, in parts with checksums', async () => {
    const manifest = await exportGroups({}, { prefix: 'exports', recordsPerPart: 100 });

    const lines = await readJsonLines<GroupSnapshot>(s3, manifest, 'part-');
    expect(lines.map((g) => [g.id, g.name, g.description, g.disabled, g.public])).toEqual(
      emulatedGroups().map((g) => [g.id, g.name, g.description, g.disabled, g.public]),
    );
    expect(manifest.counts).toEqual({ scanned: 234, groups: 234 });
    expect(manifest.parts.filter((p) => p.format === 'jsonl').map((p) => p.records)).toEqual([100, 100, 34]);

    const csv = parseCsv(await readParts(s3, manifest, 'part-', 'csv'));
    const header = csv.filter((row) => row[0] === 'id');
    expect(header).toHaveLength(3); // one per part
    const rows = csv.filter((row) => row[0] !== 'id');
    expect(rows.map((row) => row[0])).toEqual(lines.map((g) => g.id));
    // `created` is the same ISO 8601 UTC text in both.
    const createdColumn = header[0]!.indexOf('created');
    expect(lines.map((g) => g.created)).toEqual(emulatedGroups().map((g) => new Date(g.created).toISOString()));
    expect(rows.map((row) => row[createdColumn])).toEqual(lines.map((g) => g.created));
    const byName = rows.slice(-awkward.length).map((row) => row[1]);
    expect(byName).toEqual(["'=cmd|calc", 'plus +1, "quoted"', "'-minus\nnew line", "'@at"]);

    for (const part of manifest.parts) {
      const chunks: Buffer[] = [];
      for await (const chunk of await s3.readStream(part.key)) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      expect({ bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }).toEqual({
        bytes: part.bytes,
        sha256: part.sha256,
      });
    }
  });

  test('filters: disabled only, public only, created since', async () => {
    const all = emulatedGroups();
    const disabled = await exportGroups({ disabledOnly: true }, { prefix: 'f1' });
    expect((await readJsonLines<GroupSnapshot>(s3, disabled, 'part-')).map((g) => g.id)).toEqual(
      all.filter((g) => g.disabled).map((g) => g.id),
    );

    const publicOnly = await exportGroups({ publicOnly: true }, { prefix: 'f2' });
    expect((await readJsonLines<GroupSnapshot>(s3, publicOnly, 'part-')).map((g) => g.id)).toEqual(
      all.filter((g) => g.public).map((g) => g.id),
    );

    const since = new Date(all.at(-awkward.length)!.created);
    const recent = await exportGroups({ createdSince: since.toISOString() }, { prefix: 'f3' });
    expect((await readJsonLines<GroupSnapshot>(s3, recent, 'part-')).map((g) => g.id)).toEqual(
      all.filter((g) => g.created >= since.getTime()).map((g) => g.id),
    );
  });

  test('an export checkpointed after every page writes the same rows as one that never stopped', async () => {
    const whole = await exportGroups({ publicOnly: true }, { prefix: 'whole', pageSize: 50, recordsPerPart: 40 });
    const everyPage = { shouldCheckpoint: () => true };
    const runner = new JobRunner({ store: s3 });
    const job = groupsExportJob(stack.client.groups);
    let outcome = await runner.start(
      job,
      { filter: { publicOnly: true }, pageSize: 50 },
      { prefix: 'pieces', recordsPerPart: 40 },
      everyPage,
    );
    let invocations = 1;
    while (outcome.status === 'checkpointed') {
      outcome = await runner.resume(job, outcome.checkpointKey, everyPage);
      invocations += 1;
    }
    if (outcome.status !== 'complete') throw new Error(`run ended ${outcome.status}`);

    expect(invocations).toBe(5); // 234 groups, 50 a page
    expect(await readParts(s3, outcome.manifest, 'part-')).toBe(await readParts(s3, whole, 'part-'));
    expect(parseCsv(await readParts(s3, outcome.manifest, 'part-', 'csv')).filter((row) => row[0] !== 'id')).toEqual(
      parseCsv(await readParts(s3, whole, 'part-', 'csv')).filter((row) => row[0] !== 'id'),
    );
    expect(outcome.manifest.counts).toEqual(whole.counts);
  });

  test('--out writes the same layout to a folder', async () => {
    const dir = tempDir('export');
    const folder = new DirectoryOutputStore(dir);
    const manifest = await exportGroups({ disabledOnly: true }, { prefix: 'local' }, folder);

    expect(manifest.parts[0]!.key).toMatch(
      new RegExp(`^local/export-groups/\\d{4}-\\d{2}-\\d{2}/${manifest.runId}/part-00000\\.jsonl\\.gz$`),
    );
    const keys: string[] = [];
    for await (const key of folder.list('local/')) keys.push(key);
    expect(keys).toEqual(
      [
        ...manifest.parts.map((p) => p.key),
        `local/export-groups/${manifest.startedAt.slice(0, 10)}/${manifest.runId}/manifest.json`,
      ].sort(),
    );
  });
});

describe('exportJoined', () => {
  test('one line per user and group; unknown and malformed users are listed, not fatal', async () => {
    const manifest = await exportJoined(['user3', 'user7', 'Not A User'], { prefix: 'joined' });

    const lines = await readJsonLines<Membership>(s3, manifest, 'part-');
    const expected = ['user3', 'user7'].flatMap((user) =>
      stack.emulator!.store.joinedBy(user).map((groupId) => ({ username: user, groupId })),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(lines.map(({ username, groupId }) => ({ username, groupId }))).toEqual(expected);
    expect(manifest.counts).toEqual({ users: 3, memberships: expected.length });
    expect(manifest.summary!.usersInvalid.map((u) => u.username)).toEqual(['Not A User']);
  });

  test('checkpointed after every user, it writes the same rows as a run that never stopped', async () => {
    const users = ['user1', 'user2', 'Bad User', 'user4'];
    const whole = await exportJoined(users, { prefix: 'joined-whole' });
    const everyUser = { shouldCheckpoint: () => true };
    const runner = new JobRunner({ store: s3 });
    const job = joinedExportJob(stack.client.groups);
    let outcome = await runner.start(job, { users }, { prefix: 'joined-pieces' }, everyUser);
    let invocations = 1;
    while (outcome.status === 'checkpointed') {
      outcome = await runner.resume(job, outcome.checkpointKey, everyUser);
      invocations += 1;
    }
    if (outcome.status !== 'complete') throw new Error(`run ended ${outcome.status}`);

    expect(invocations).toBe(4);
    expect(await readParts(s3, outcome.manifest, 'part-')).toBe(await readParts(s3, whole, 'part-'));
    expect(outcome.manifest.counts).toEqual(whole.counts);
    expect(outcome.manifest.summary).toEqual(whole.summary);
  });
});
