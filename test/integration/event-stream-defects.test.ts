/**
 * What real producers send, on the local stack (fauxqs FIFO queue and DLQ, the poller, the
 * handler, the emulator, dynalite): late, out-of-order, future-dated, oversized and absurd events,
 * malformed records, reused ids, concurrent processing of one group, long bans, and stale job
 * continuations. One case per defect found on `main`, then the rules they fall under: no lane
 * stays stalled, and every message in the DLQ says why it is there.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { InvalidEventsError, sendModerationEvents, type ModerationEvent } from '../../functions/events/index.js';
import { EVENT_LIMITS } from '../../functions/events/limits.js';
import { createExportHandler } from '../../functions/export/handler.js';
import { S3OutputStore, type JobDependencies, type Manifest } from '../../functions/jobs/index.js';
import { jobsSettingsFromEnv } from '../../functions/jobs/jobs-env.js';
import { MANIFEST } from '../../functions/jobs/run-layout.js';
import { type JobResult } from '../../functions/jobs/job-handler.js';
import { createTelemetry } from '../../functions/lambda/index.js';
import { banIdFor, ParkAttribute } from '../../functions/moderation/index.js';
import { EMPTY_BODY_PLACEHOLDER } from '../../functions/moderation/delivery/parked-message.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { FAST_RETRY, seedGroups } from '../helpers/emulator-client.js';
import { moderationEvent, sqsRecordFor } from '../helpers/moderation-events.js';
import { tempDir } from '../helpers/temp-dir.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 2 } },
    policy: { threshold: { count: 3, windowSeconds: 3600 } },
    backoff: { baseSeconds: 1, maxSeconds: 2 },
    maxReceiveCount: 5,
    // SQS's largest: whatever a queue lets in, parking it must not fail.
    queueMaxMessageBytes: 1_048_576,
    logLevel: 'SILENT',
  });
});
afterAll(() => stack?.close());
beforeEach(() => stack.emulator!.faults.clear());

const store = () => stack.emulator!.store;
const newGroups = (count: number) => seedGroups(stack.emulator!, count);
const isDisabled = (groupId: string) => store().get(groupId)!.disabled;
const send = (...events: unknown[]) => sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, events);
/** Sends a body as is, past the producer's checks, as a producer of another team might. */
let rawSequence = 0;
const sendRaw = (body: string, groupId: string) =>
  stack.sqs.client.send(
    new SendMessageCommand({
      QueueUrl: stack.sqs.queueUrl,
      MessageBody: body,
      MessageGroupId: groupId,
      MessageDeduplicationId: `raw-${(rawSequence += 1)}-${Date.now()}`,
    }),
  );
const processed = (eventId: string, timeoutMs?: number) =>
  waitFor(`event ${eventId} to be processed`, () => stack.ledger.getProcessed(eventId), timeoutMs);
const deadLetters = () => stack.inspect().deadLetters.messages.ready;
const parkedIn = (groupId: string) => deadLetters().filter((message) => message.messageGroupId === groupId);
const parked = (
  what: string,
  match: (message: ReturnType<typeof deadLetters>[number]) => boolean,
  timeoutMs?: number,
) => waitFor(`${what} in the DLQ`, () => deadLetters().find(match), timeoutMs);
const BIN = fileURLToPath(new URL('../../bin/groupmod.js', import.meta.url));
/** The export function's dependencies on this stack; a checkpoint margin longer than any invocation, so every page boundary checkpoints. */
const jobDependencies = (): JobDependencies => ({
  settings: jobsSettingsFromEnv({ ...stack.env, CHECKPOINT_MARGIN_SECONDS: '840' }),
  groups: stack.client.groups,
  store: new S3OutputStore(stack.s3.client, stack.s3.bucket),
  sqs: stack.sqs.client,
  deadlineMarginMs: 3_000,
  ...createTelemetry({ serviceName: 'export', logLevel: 'SILENT' }),
});
const attribute = (message: ReturnType<typeof deadLetters>[number], name: string) =>
  message.messageAttributes[name]?.StringValue;
const iso = (ms: number) => new Date(ms).toISOString();
// What SQS refuses in attribute values.
const REFUSED_BY_SQS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

describe('defects found on main', () => {
  test('1. a violation dated before the last crossing is recorded; it stalls nothing, and the enable behind it lifts the ban', async () => {
    const [group] = newGroups(1);
    const t = Date.now() - 60_000;
    const violationAt = (seconds: number) =>
      moderationEvent('violation.reported', group!, { time: iso(t + seconds * 1000) });
    const crossing = [1, 2, 3].map(violationAt);
    await send(...crossing);
    await processed(crossing[2]!.id);
    expect(isDisabled(group!)).toBe(true);

    const late = violationAt(1.5);
    const enable = moderationEvent('group.enable', group!);
    await send(late, enable);

    expect((await processed(enable.id)).outcome).toBe(`enabled: lifted ban ${banIdFor(crossing[2]!.id)}`);
    expect((await processed(late.id)).outcome).toMatch(
      /^unchanged: violation at .* is not after the last threshold crossing/,
    );
    expect(isDisabled(group!)).toBe(false);
    expect(parkedIn(group!)).toEqual([]);
  });

  test('2. events dated far ahead are parked as invalid, saying why, and never poison their group', async () => {
    const [group, poisoned] = newGroups(2);
    const future = [1, 2, 3].map(() => moderationEvent('violation.reported', group!, { time: '2099-01-01T00:00:00Z' }));
    await expect(send(future[0])).rejects.toThrow(InvalidEventsError);
    for (const event of future) await sendRaw(JSON.stringify(event), group!);
    await waitFor('the three far-future events parked', () => parkedIn(group!).length === 3);
    for (const message of parkedIn(group!)) {
      expect(attribute(message, ParkAttribute.Kind)).toBe('invalid-event');
      expect(attribute(message, ParkAttribute.Reason)).toMatch(
        /^invalid event: time: 2099-01-01T00:00:00Z is \d+ s ahead of this clock .*; at most 300 s of clock skew is tolerated$/,
      );
    }

    // A group whose state an earlier version let a 2099 crossing into counts again.
    await stack.ledger.saveGroupState({ groupId: poisoned!, version: 0, lastCrossingAt: '2099-01-01T00:00:00.000Z' });
    for (const target of [group!, poisoned!]) {
      const present = [1, 2, 3].map(() => moderationEvent('violation.reported', target));
      await send(...present);
      expect((await processed(present[2]!.id)).outcome).toMatch(/^disabled: /);
    }
  });

  test('3. violations arriving out of order cross the threshold when three lie in the window', async () => {
    const [group] = newGroups(1);
    const t = Date.now() - 60_000;
    const arrivals = [3, 1, 2].map((seconds) =>
      moderationEvent('violation.reported', group!, { time: iso(t + seconds * 1000) }),
    );

    await send(...arrivals);

    const outcomes = await Promise.all(arrivals.map(async (event) => (await processed(event.id)).outcome));
    expect(outcomes).toEqual([
      'counted: 1 of 3 violations in the window',
      'counted: 2 of 3 violations in the window',
      expect.stringMatching(/^disabled: /),
    ]);
    expect(isDisabled(group!)).toBe(true);
  });

  test('4a. a body too large to park whole is parked cut, with its size and SHA-256, and its lane goes on', async () => {
    const [group] = newGroups(1);
    // Too large for the 256 KiB DLQ with the park attributes, though within a 256 KiB queue; and about 1 MiB.
    for (const bytes of [262_000, 1_048_000]) {
      const body = `{"type":"group.disable","padding":"${'x'.repeat(bytes - 40)}"}`;
      await sendRaw(body, group!);
      const message = await parked(
        `the ${bytes}-byte body`,
        (m) => attribute(m, ParkAttribute.BodyBytes) === String(body.length),
      );

      expect(attribute(message, ParkAttribute.BodyTruncated)).toBe('true');
      expect(attribute(message, ParkAttribute.BodySha256)).toBe(createHash('sha256').update(body).digest('hex'));
      expect(body.startsWith(message.body)).toBe(true);
      expect(attribute(message, ParkAttribute.Reason)).toBe(
        `body is ${body.length} bytes; an event is at most ${EVENT_LIMITS.maxBodyBytes}`,
      );
    }
    const next = moderationEvent('group.disable', group!);
    await send(next);
    await processed(next.id);
  });

  test('4b. a reason quoting characters SQS refuses is parked with them escaped', async () => {
    const [group] = newGroups(1);
    // JSON escapes in the body (SQS refuses the raw characters there too): the parsed key holds the
    // raw characters, which the reason quotes.
    const body = JSON.stringify({ ...moderationEvent('group.enable', group!), 'a\u0001\u0000b\uffff': 1 }).replace(
      '\uffff',
      '\\uffff',
    );

    await sendRaw(body, group!);
    const message = await parked('the event with an odd field', (m) => m.body === body);

    const reason = attribute(message, ParkAttribute.Reason)!;
    expect(reason).toContain('unknown field(s) "a\\u0001\\u0000b\\uffff"');
    for (const [name, value] of Object.entries(message.messageAttributes))
      expect(REFUSED_BY_SQS.test(value.StringValue!), name).toBe(false);
  });

  test('5. absurd durations are refused at validation: parked as invalid, the group never disabled', async () => {
    const [group] = newGroups(1);
    stack.emulator!.resetStats();
    await expect(send(moderationEvent('group.disable', group!, { duration: 1e13 }))).rejects.toThrow(
      InvalidEventsError,
    );

    for (const duration of [1e13, 2.6e11, EVENT_LIMITS.maxDurationSeconds + 1]) {
      const event = moderationEvent('group.disable', group!, { duration });
      await sendRaw(JSON.stringify(event), group!);
      const message = await parked(`duration ${duration}`, (m) => m.body.includes(event.id));
      expect(attribute(message, ParkAttribute.Reason)).toMatch(
        /^invalid event: duration: a ban lasts at most 315360000 seconds \(ten years\)/,
      );
    }
    expect(isDisabled(group!)).toBe(false);
    expect(stack.emulator!.stats.disable).toBeUndefined();
    expect(await stack.ledger.listBans(group!)).toEqual([]);

    const longest = moderationEvent('group.disable', group!, { duration: EVENT_LIMITS.maxDurationSeconds });
    await send(longest);
    await processed(longest.id);
    const [ban] = await stack.ledger.listBans(group!);
    expect(Date.parse(ban!.until!) - Date.parse(ban!.imposedAt)).toBe(EVENT_LIMITS.maxDurationSeconds * 1000);
  });

  test('6. a 30-day ban is not lifted early by the local scheduler', async () => {
    const [month, second] = newGroups(2);
    const long = moderationEvent('group.disable', month!, { duration: 30 * 86_400 });
    const short = moderationEvent('group.disable', second!, { duration: 1 });

    await send(long, short);
    await processed(`expire-${banIdFor(short.id)}`);

    expect(isDisabled(month!)).toBe(true);
    const [ban] = await stack.ledger.listBans(month!);
    expect(ban).toMatchObject({ status: 'active' });
    expect(stack.scheduler.pending()).toContainEqual({ banId: ban!.banId, groupId: month, at: ban!.until });
    expect(await stack.ledger.getProcessed(`expire-${ban!.banId}`)).toBeUndefined();
  });

  test('7. two invocations at once for one group leave one ban in force and none orphaned', async () => {
    const [group] = newGroups(1);
    const short = moderationEvent('group.disable', group!, { duration: 600 });
    const long = moderationEvent('group.disable', group!, { duration: 3600 });
    // Both disables in flight at once, as after a redrive or a manual replay.
    stack.emulator!.faults.set({ latencyMs: 300, endpoints: ['disable'] });
    const context = {
      getRemainingTimeInMillis: () => 60_000,
      functionName: 'moderation',
      awsRequestId: 'concurrent',
    } as Context;
    const invoke = (event: ModerationEvent, messageId: string) =>
      stack.handler({ Records: [sqsRecordFor(event, messageId, stack.sqs.queueArn)] } as SQSEvent, context);

    const responses = await Promise.all([invoke(short, 'c-short'), invoke(long, 'c-long')]);

    expect(responses.flatMap((response) => response.batchItemFailures)).toEqual([]);
    const bans = await stack.ledger.listBans(group!);
    expect(Object.fromEntries(bans.map((ban) => [ban.banId, ban.status]))).toEqual({
      [banIdFor(long.id)]: 'active',
      [banIdFor(short.id)]: 'replaced',
    });
    expect((await stack.ledger.getGroupState(group!)).activeBanId).toBe(banIdFor(long.id));
    const inForce: string[] = [];
    for await (const ban of stack.ledger.activeBans()) if (ban.groupId === group) inForce.push(ban.banId);
    expect(inForce).toEqual([banIdFor(long.id)]);
    expect(isDisabled(group!)).toBe(true);
  });

  test('8. a continuation delivered again after its run moved on, or completed, is dropped: a complete run never changes', async () => {
    store().seed({ count: 250 });
    const exports = createExportHandler(jobDependencies());
    const context = { getRemainingTimeInMillis: () => 300_000 } as Context;
    const continuation = (checkpointKey: string) =>
      ({
        Records: [
          {
            eventSource: 'aws:sqs',
            messageId: `c-${checkpointKey}`,
            body: JSON.stringify({ job: 'export-groups', checkpointKey }),
          },
        ],
      }) as unknown as SQSEvent;
    const keyOf = (results: JobResult[]) =>
      results[0]!.status === 'checkpointed' ? results[0]!.checkpointKey : undefined;

    const first = keyOf(await exports({ export: 'groups', filter: {} }, context))!;
    const second = keyOf(await exports(continuation(first), context))!;
    // The first continuation again, while the run goes on from the second checkpoint.
    expect(await exports(continuation(first), context)).toEqual([{ status: 'superseded', runId: expect.any(String) }]);
    let results = await exports(continuation(second), context);
    while (keyOf(results)) results = await exports(continuation(keyOf(results)!), context);
    expect(results[0]).toMatchObject({ status: 'complete' });
    const outputs = new S3OutputStore(stack.s3.client, stack.s3.bucket);
    const manifestKey = first.replace(/checkpoint-\d+\.json$/, MANIFEST);
    const manifestText = await outputs.readText(manifestKey);

    // Both continuations again, after the run completed.
    for (const key of [first, second])
      expect(await exports(continuation(key), context)).toEqual([
        { status: 'already-complete', runId: expect.any(String) },
      ]);

    expect(await outputs.readText(manifestKey)).toBe(manifestText);
    const manifest = JSON.parse(manifestText!) as Manifest;
    for (const part of manifest.parts) {
      const hash = createHash('sha256');
      for await (const chunk of await outputs.readStream(part.key)) hash.update(chunk as Buffer);
      expect(hash.digest('hex'), part.key).toBe(part.sha256);
    }
  });

  test('9. a record without attributes or without a body fails nothing else in its batch; the one without a body is parked', async () => {
    const [plain, bare, fine] = newGroups(3);
    const noAttributes = moderationEvent('group.disable', plain!);
    const noBody = moderationEvent('group.disable', bare!);
    const normal = moderationEvent('group.disable', fine!);
    const { attributes: _attributes, ...withoutAttributes } = sqsRecordFor(
      noAttributes,
      'no-attributes',
      stack.sqs.queueArn,
    );
    const { body: _body, ...withoutBody } = sqsRecordFor(noBody, 'no-body', stack.sqs.queueArn);
    const records = [withoutAttributes, withoutBody, sqsRecordFor(normal, 'normal', stack.sqs.queueArn)] as SQSRecord[];
    const context = {
      getRemainingTimeInMillis: () => 60_000,
      functionName: 'moderation',
      awsRequestId: 'malformed',
    } as Context;

    const response = await stack.handler({ Records: records } as SQSEvent, context);

    expect(response.batchItemFailures).toEqual([]);
    expect([plain, fine].map((group) => isDisabled(group!))).toEqual([true, true]);
    expect(isDisabled(bare!)).toBe(false);
    const message = await parked(
      'the record without a body',
      (m) => attribute(m, ParkAttribute.SourceMessageId) === 'no-body',
    );
    expect(message.body).toBe(EMPTY_BODY_PLACEHOLDER);
    expect(attribute(message, ParkAttribute.Reason)).toBe('the record has no body');
    expect(attribute(message, ParkAttribute.BodyBytes)).toBe('0');
  });

  test('10. an event id reused for a different event is parked with its reason, not taken for a duplicate', async () => {
    const [group] = newGroups(1);
    const original = moderationEvent('group.disable', group!, { duration: 600 });
    await send(original);
    await processed(original.id);

    const reuse = { ...moderationEvent('group.enable', group!), id: original.id };
    await sendRaw(JSON.stringify(reuse), group!);
    const message = await parked('the reused id', (m) => m.body === JSON.stringify(reuse));

    expect(attribute(message, ParkAttribute.Kind)).toBe('invalid-event');
    expect(attribute(message, ParkAttribute.Reason)).toMatch(
      new RegExp(`^EventIdConflictError: event id ${original.id} was already used by a different event`),
    );
    expect(isDisabled(group!)).toBe(true);
    expect((await stack.ledger.listBans(group!)).map((ban) => ban.status)).toEqual(['active']);
  });

  test('11. an id reused for another event within the deduplication window, through the producer, reaches the handler and is parked as invalid-event naming the earlier event', async () => {
    const [group] = newGroups(1);
    const first = moderationEvent('group.disable', group!, { duration: 600 });
    const sentFirst = await send(first);
    await processed(first.id);

    const reuse = moderationEvent('group.enable', group!, { id: first.id });
    const sentReuse = await send(reuse);

    expect(sentReuse.sent[0]!.queueMessageId).not.toBe(sentFirst.sent[0]!.queueMessageId);
    const message = await parked('the reused id', (m) => m.messageGroupId === group && m.body.includes('group.enable'));
    expect(attribute(message, ParkAttribute.Kind)).toBe('invalid-event');
    const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(attribute(message, ParkAttribute.Reason)).toMatch(
      new RegExp(
        `^EventIdConflictError: event id ${first.id} was already used by a different event: group\\.disable of group ${group} dated ${escaped(first.time)}, processed `,
      ),
    );
    expect(attribute(message, ParkAttribute.Reason)).toContain(
      `this one is group.enable of group ${group} dated ${reuse.time}`,
    );
    expect(isDisabled(group!)).toBe(true);
    expect((await stack.ledger.listBans(group!)).map((ban) => ban.status)).toEqual(['active']);
  });
});

describe('holes', () => {
  test('an export reads user lists under inputs/ only', async () => {
    const exports = createExportHandler(jobDependencies());
    await expect(
      exports({ export: 'joined', usersKey: 'audit/2026-11-27/run/manifest.json' }, {} as Context),
    ).rejects.toThrow(/usersKey: must name a file under inputs\//);
  });

  test('groupmod export --prefix that would leave --out is refused, and nothing is written outside', async () => {
    const root = tempDir('prefix');
    const out = join(root, 'a', 'out');

    const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [BIN, 'export', 'groups', '--out', out, '--prefix', '../../x'],
        { env: { PATH: process.env.PATH, ...stack.env } },
        (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
      );
    });

    expect(result.code).toBe(2);
    expect(result.stderr).toBe('groupmod: --prefix: must not contain empty, "." or ".." segments\n');
    expect(await readdir(root, { recursive: true })).toEqual([]);
  });
});

describe('every failure ends with a reason', () => {
  test('a failure that outlasts the retries is parked by the handler (retries-exhausted) before the queue would move it, and its lane goes on', async () => {
    const [group] = newGroups(1);
    stack.emulator!.faults.set({ errorRate: 1, rateStatus: 503, endpoints: ['disable'] });
    const disable = moderationEvent('group.disable', group!);
    const enable = moderationEvent('group.enable', group!);

    await send(disable, enable);
    const message = await parked('the disable that kept failing', (m) => m.body.includes(disable.id), 30_000);
    stack.emulator!.faults.clear();

    expect(attribute(message, ParkAttribute.Kind)).toBe('retries-exhausted');
    expect(attribute(message, ParkAttribute.ReceiveCount)).toBe('4');
    expect(attribute(message, ParkAttribute.Reason)).toMatch(/^still failing on receive 4: ServerError: /);
    expect((await processed(enable.id)).outcome).toMatch(/^unchanged: no ban of the automation is in force/);
  });

  test('every message this suite parked carries its kind and its reason', () => {
    expect(deadLetters().length).toBeGreaterThan(0);
    for (const message of deadLetters()) {
      expect(attribute(message, ParkAttribute.Kind), message.messageId).toMatch(
        /^(invalid-event|permanent-failure|retries-exhausted)$/,
      );
      expect(attribute(message, ParkAttribute.Reason)?.length, message.messageId).toBeGreaterThan(0);
    }
  });
});
