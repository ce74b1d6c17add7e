/**
 * `groupmod events send` as a producer runs it: a child process configured by the environment,
 * sending over the SQS wire protocol to the local stack, whose handler then acts on the events.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { waitFor } from '../../local/wait-for.js';

const BIN = fileURLToPath(new URL('../../bin/groupmod.js', import.meta.url));
let stack: LocalStack;
let dir: string;

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT' });
  dir = await mkdtemp(join(tmpdir(), 'groupmod-events-'));
});
afterAll(() => stack?.close());

function groupmod(args: string[], env: Record<string, string> = stack.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const environment = { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
    execFile(process.execPath, [BIN, 'events', ...args], { env: environment }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

const lines = (stdout: string) => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('groupmod events send', () => {
  test('sends one event from flags; the pipeline disables the group', async () => {
    const { first: group } = stack.emulator!.store.seed({ count: 1 });

    const result = await groupmod(['send', '--type', 'group.disable', '--group', group!, '--reason', 'raid', '--duration', 'permanent', '--source', 'on-call']);

    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [sent] = lines(result.stdout);
    expect(sent).toMatchObject({ groupId: group, type: 'group.disable' });
    const record = await waitFor('the event to be processed', () => stack.ledger.getProcessed(String(sent!.id)));
    expect(record.outcome).toMatch(/^disabled: ban .* until permanent$/);
    expect(stack.emulator!.store.get(group!)!.disabled).toBe(true);
    expect((await stack.ledger.listBans(group!))[0]).toMatchObject({ reason: 'raid', source: 'on-call' });
  });

  test('ledger show prints the group state and its bans', async () => {
    const { first: group } = stack.emulator!.store.seed({ count: 1 });
    const sent = await groupmod(['send', '--type', 'group.disable', '--group', group!, '--reason', 'raid', '--duration', '3600']);
    await waitFor('the event to be processed', () => stack.ledger.getProcessed(String(lines(sent.stdout)[0]!.id)));

    const shown = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [BIN, 'ledger', 'show', group!], { env: { PATH: process.env.PATH, ...stack.env } }, (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout })),
    );

    expect(shown.code).toBe(0);
    const [state, ban] = lines(shown.stdout) as [{ state: { activeBanId: string } }, { ban: { banId: string; reason: string; duration: number } }];
    expect(state.state.activeBanId).toBe(ban.ban.banId);
    expect(ban.ban).toMatchObject({ reason: 'raid', duration: 3600 });
  });

  test('sends a JSON-lines file in order, each event in its group', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const events = [moderationEvent('group.disable', first!), moderationEvent('group.enable', first!), moderationEvent('group.disable', first!, { duration: 'permanent' })];
    const file = join(dir, 'events.jsonl');
    await writeFile(file, events.map((event) => JSON.stringify(event)).join('\n') + '\n\n');

    const result = await groupmod(['send', '--file', file]);

    expect(result.code).toBe(0);
    expect(lines(result.stdout).map((sent) => sent.id)).toEqual(events.map((event) => event.id));
    await waitFor('the last event to be processed', () => stack.ledger.getProcessed(events[2]!.id));
    expect((await stack.ledger.listBans(first!)).map((ban) => ban.status)).toEqual(['lifted', 'active']);
  });

  test('a file with an invalid line sends nothing and names the line', async () => {
    const { first } = stack.emulator!.store.seed({ count: 1 });
    const file = join(dir, 'bad.jsonl');
    await writeFile(file, [JSON.stringify(moderationEvent('group.disable', first!)), '{"type": "group.disable", "groupId": "12"}', 'not json'].join('\n'));
    const before = stack.poller.stats.received;

    const result = await groupmod(['send', '--file', file]);

    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('#3: not JSON');
    const validation = await groupmod(['send', '--type', 'group.explode', '--group', first!, '--reason', 'x']);
    expect(validation.code).toBe(2);
    expect(validation.stderr).toMatch(/#1: type: /);
    expect(stack.poller.stats.received).toBe(before);
  });

  test('without MODERATION_QUEUE_URL it fails naming the variable', async () => {
    const { MODERATION_QUEUE_URL: _omitted, ...env } = stack.env;
    const result = await groupmod(['send', '--type', 'group.enable', '--group', '123456789012345', '--reason', 'x'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('MODERATION_QUEUE_URL: required');
  });
});
