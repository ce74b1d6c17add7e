/** Dry-run mode, structured logs and a wrong app name, each on its own local stack. */
import { afterEach, expect, test, vi } from 'vitest';
import { sendModerationEvents } from '../../functions/events/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { moderationEvent } from '../helpers/moderation-events.js';
import { waitFor } from '../../local/wait-for.js';

let stack: LocalStack | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await stack?.close();
});

/** Keeps what is written to stdout from now on; the log lines are JSON. */
function captureLogs(): () => Record<string, unknown>[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return () =>
    written
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{') && line.includes('"level"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
}

test('dry run records and logs the decision without calling disable', async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, policy: { dryRun: true }, logLevel: 'INFO' });
  const { first: group } = stack.emulator!.store.seed({ count: 1 });
  const event = moderationEvent('violation.threshold_reached', group!);
  const logs = captureLogs();

  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [event]);
  const record = await waitFor('the event to be processed', () => stack!.ledger.getProcessed(event.id));

  expect(record.outcome).toMatch(/^disabled: ban /);
  expect((await stack.ledger.listBans(group!))[0]).toMatchObject({ status: 'active', dryRun: true });
  expect(stack.emulator!.store.get(group!)!.disabled).toBe(false);
  expect(stack.emulator!.stats.disable).toBeUndefined();
  const decisions = logs().filter((log) => log.eventId === event.id && log.level === 'INFO');
  expect(decisions).toEqual([
    expect.objectContaining({
      message: record.outcome,
      dryRun: true,
      outcome: expect.objectContaining({ kind: 'disabled' }),
    }),
  ]);
});

test('every log line of an event carries its event id and group id', async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'INFO' });
  const { first: group } = stack.emulator!.store.seed({ count: 1 });
  const event = moderationEvent('group.disable', group!);
  const logs = captureLogs();

  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [event]);
  await waitFor('the event to be processed', () => stack!.ledger.getProcessed(event.id));

  const forEvent = logs().filter((log) => log.message !== undefined);
  expect(forEvent.length).toBeGreaterThan(0);
  for (const log of forEvent)
    expect(log).toMatchObject({ eventId: event.id, groupId: group, eventType: 'group.disable', service: 'moderation' });
  expect(forEvent.map((log) => log.message)).toContainEqual(expect.stringMatching(/^disabled: ban /));
});

test('a wrong app name is retried, not parked: it is wrong for every event alike, and fixing it lets the queue drain', async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, app: 'no-such-app' },
    backoff: { baseSeconds: 1, maxSeconds: 1 },
    logLevel: 'SILENT',
  });
  const { first: group } = stack.emulator!.store.seed({ count: 1 });
  const event = moderationEvent('group.disable', group!);

  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [event]);
  // The 404 organization_application_not_found twice: the event came back after its backoff.
  await waitFor('the event to be tried twice', () => (stack!.emulator!.stats.unrouted?.[404] ?? 0) >= 2);

  expect(stack.inspect().deadLetters.messages.ready).toEqual([]);
  expect(await stack.ledger.getProcessed(event.id)).toBeUndefined();
});
