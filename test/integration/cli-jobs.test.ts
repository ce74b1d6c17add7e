/** `groupmod audit run` and `groupmod export ...` as an operator runs them, against the local stack. */
import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuditSummary } from '../../functions/audit/audit-job.js';
import type { JoinedSummary } from '../../functions/export/export-joined.js';
import { S3OutputStore, type Manifest } from '../../functions/jobs/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { groupmod as run } from '../helpers/groupmod.js';
import { tempDir } from '../helpers/temp-dir.js';

let stack: LocalStack;
let env: Record<string, string>;

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
  stack.emulator!.store.seed({ count: 150, users: 10, disabledEvery: 5 });
  stack.emulator!.store.insert({ name: 'casino night', owner: 'ann', members: ['bob'] });
  env = stack.env;
});
afterAll(() => stack?.close());

const groupmod = (args: string[], extraEnv: Record<string, string> = {}) => run(args, { ...env, ...extraEnv });

describe('groupmod audit and export', () => {
  test('audit run --out writes a run to a folder and prints its manifest', async () => {
    const dir = tempDir('audit');
    const result = await groupmod(['audit', 'run', '--out', dir, '--banned-terms', 'casino', '--prefix', 'daily']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const manifest = JSON.parse(result.stdout) as Manifest<AuditSummary>;
    expect(manifest.summary!).toMatchObject({ groups: 151, disabled: 30, ledgerConsulted: true });
    expect(manifest.summary!.findings.banned_term).toBe(1);
    // The ledger is empty: every disabled group was disabled by hand.
    expect(manifest.summary!.findings.disabled_by_hand).toBe(30);
    const runDir = join(dir, 'daily', 'audit', manifest.startedAt.slice(0, 10), manifest.runId);
    expect((await readdir(runDir)).sort()).toEqual([
      'findings-part-00000.jsonl.gz',
      'manifest.json',
      'snapshot-part-00000.jsonl.gz',
      'summary.json',
    ]);
  });

  test('export groups --disabled writes to the bucket', async () => {
    const result = await groupmod(['export', 'groups', '--disabled']);

    expect(result.code).toBe(0);
    const manifest = JSON.parse(result.stdout) as Manifest;
    expect(manifest.counts).toEqual({ scanned: 151, groups: 30 });
    const s3 = new S3OutputStore(stack.s3.client, stack.s3.bucket);
    expect(await s3.readText(manifest.parts[0]!.key.replace(/part-00000\.jsonl\.gz$/, 'manifest.json'))).toBeDefined();
  });

  test('export joined reads users from a file, skipping blank lines and # comments; unknown users are listed', async () => {
    const dir = tempDir('joined');
    const users = join(dir, 'users.txt');
    await writeFile(users, '# on-call list\nuser1\n\n  user2  \n# user3 left\nnobody-here\n');
    const result = await groupmod(['export', 'joined', '--users-file', users, '--out', dir]);

    expect(result.code).toBe(0);
    const manifest = JSON.parse(result.stdout) as Manifest<JoinedSummary>;
    const expected = stack.emulator!.store.joinedBy('user1').length + stack.emulator!.store.joinedBy('user2').length;
    expect(expected).toBeGreaterThan(0);
    expect(manifest.counts).toEqual({ users: 3, memberships: expected });
    expect(manifest.summary).toEqual({ usersNotFound: ['nobody-here'], usersInvalid: [] });
  });

  test('usage problems exit 2 with a clear message', async () => {
    const noTarget = await groupmod(['export', 'groups'], { OUTPUT_BUCKET: '' });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('say where to write');
    const repairWithoutLedger = await groupmod(['audit', 'run', '--repair', '--out', tmpdir()], {
      LEDGER_TABLE_NAME: '',
    });
    expect(repairWithoutLedger.code).toBe(2);
    expect(repairWithoutLedger.stderr).toContain('LEDGER_TABLE_NAME: required for --repair');
  });

  test.each([
    [['audit', 'run', '--out', tmpdir(), '--near-capacity', '1.5'], 'groupmod: --near-capacity: at most 1\n'],
    [['audit', 'run', '--out', tmpdir(), '--near-capacity', '0'], 'groupmod: --near-capacity: more than 0\n'],
    [
      ['export', 'groups', '--out', tmpdir(), '--created-since', 'last week'],
      'groupmod: --created-since: expected an ISO date or time, e.g. 2026-11-01, got "last week"\n',
    ],
    [
      ['export', 'joined', '--users', 'a', '--users-file', 'u.txt', '--out', tmpdir()],
      'groupmod: give either --users U1,U2 or --users-file FILE\n',
    ],
  ])('%j: refused naming the flag, exit 2', async (args, stderr) => {
    expect(await groupmod(args)).toEqual({ code: 2, stdout: '', stderr });
  });
});
