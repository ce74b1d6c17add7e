/**
 * The producer against a scripted SQS client: what each batch entry carries (the lane and the
 * deduplication id SQS orders and drops by), how events are cut into batches, and what happens to
 * entries SQS fails.
 */
import type {
  SendMessageBatchCommandInput,
  SendMessageBatchResultEntry,
  BatchResultErrorEntry,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import {
  deduplicationIdFor,
  eventBody,
  InvalidEventsError,
  sendModerationEvents,
  type ModerationEvent,
} from '../../../functions/events/index.js';
import { validateEvents } from '../../../functions/events/producer.js';

const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/1/moderation.fifo';
const GROUP_A = '100000000000000001';
const GROUP_B = '100000000000000002';

const event = (id: string, groupId = GROUP_A, extra: Record<string, unknown> = {}) =>
  ({
    version: 1,
    id,
    type: 'group.disable',
    groupId,
    reason: 'spam',
    source: 'classifier',
    time: new Date().toISOString(),
    ...extra,
  }) as ModerationEvent;

type BatchAnswer = { Successful?: SendMessageBatchResultEntry[]; Failed?: BatchResultErrorEntry[] };

/** An SQS client that keeps every batch it is sent and answers from `answer` (default: all sent). */
function scriptedSqs(
  answer: (entries: NonNullable<SendMessageBatchCommandInput['Entries']>, call: number) => BatchAnswer = (entries) => ({
    Successful: entries.map(sentOk),
  }),
) {
  const batches: SendMessageBatchCommandInput[] = [];
  const options: unknown[] = [];
  const sqs = {
    send: async (command: { input: SendMessageBatchCommandInput }, sendOptions: unknown) => {
      batches.push(command.input);
      options.push(sendOptions);
      return answer(command.input.Entries!, batches.length);
    },
  } as unknown as SQSClient;
  return { sqs, batches, options };
}
const sentOk = (entry: { Id?: string | undefined }): SendMessageBatchResultEntry => ({
  Id: entry.Id!,
  MessageId: `m-${entry.Id}`,
  MD5OfMessageBody: '',
});

describe('sendModerationEvents', () => {
  it('sends each event in its group’s lane, as its body, with the deduplication id derived from its id and content', async () => {
    const { sqs, batches } = scriptedSqs();
    const events = [event('e1', GROUP_A), event('e2', GROUP_B)];

    const report = await sendModerationEvents(sqs, QUEUE, events);

    expect(batches.map((batch) => batch.QueueUrl)).toEqual([QUEUE]);
    expect(batches[0]!.Entries).toEqual([
      {
        Id: '0',
        MessageBody: eventBody(events[0]!),
        MessageGroupId: GROUP_A,
        MessageDeduplicationId: deduplicationIdFor(events[0]!),
      },
      {
        Id: '1',
        MessageBody: eventBody(events[1]!),
        MessageGroupId: GROUP_B,
        MessageDeduplicationId: deduplicationIdFor(events[1]!),
      },
    ]);
    expect(batches[0]!.Entries!.map((entry) => JSON.parse(entry.MessageBody!) as unknown)).toEqual(events);
    expect(report).toEqual({
      sent: [
        { id: 'e1', groupId: GROUP_A, type: 'group.disable', queueMessageId: 'm-0' },
        { id: 'e2', groupId: GROUP_B, type: 'group.disable', queueMessageId: 'm-1' },
      ],
      failed: [],
    });
  });

  it('a resend of an event written differently carries the same deduplication id', async () => {
    const { sqs, batches } = scriptedSqs();
    const first = event('e1', GROUP_A, { time: '2026-11-25T10:00:00Z' });
    const rewritten = { ...first, time: '2026-11-25T10:00:00+00:00' };

    await sendModerationEvents(sqs, QUEUE, [first], { clockSkewSeconds: 1e9 });
    await sendModerationEvents(sqs, QUEUE, [rewritten], { clockSkewSeconds: 1e9 });

    const [a, b] = batches.map((batch) => batch.Entries![0]!);
    expect(b!.MessageDeduplicationId).toBe(a!.MessageDeduplicationId);
  });

  it('an id reused for another event carries another deduplication id: the queue lets it through to the handler', async () => {
    const { sqs, batches } = scriptedSqs();
    const first = event('e1', GROUP_A);

    await sendModerationEvents(sqs, QUEUE, [first]);
    await sendModerationEvents(sqs, QUEUE, [{ ...first, type: 'group.enable' }]);

    const [a, b] = batches.map((batch) => batch.Entries![0]!);
    expect(b!.MessageDeduplicationId).not.toBe(a!.MessageDeduplicationId);
  });

  it('sends at most ten entries a batch, in order, and reports after each batch', async () => {
    const { sqs, batches } = scriptedSqs();
    const events = Array.from({ length: 25 }, (_, i) => event(`e${i}`));
    const progress: number[] = [];

    const report = await sendModerationEvents(sqs, QUEUE, events, {
      onBatch: (soFar) => progress.push(soFar.sent.length),
    });

    expect(batches.map((batch) => batch.Entries!.length)).toEqual([10, 10, 5]);
    expect(batches.flatMap((batch) => batch.Entries!.map((entry) => entry.MessageDeduplicationId))).toEqual(
      events.map(deduplicationIdFor),
    );
    expect(report.sent.map((sent) => sent.id)).toEqual(events.map((e) => e.id));
    expect(progress).toEqual([10, 20, 25]);
  });

  it('sends nothing for no events, and reports no batch', async () => {
    const { sqs, batches } = scriptedSqs();
    const progress: unknown[] = [];
    expect(await sendModerationEvents(sqs, QUEUE, [], { onBatch: (soFar) => progress.push(soFar) })).toEqual({
      sent: [],
      failed: [],
    });
    expect(batches).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('resends only the entries SQS failed on its side, until they go', async () => {
    const { sqs, batches } = scriptedSqs((entries, call) =>
      call === 1
        ? {
            Successful: [sentOk(entries[0]!)],
            Failed: [{ Id: entries[1]!.Id!, Code: 'InternalError', SenderFault: false }],
          }
        : { Successful: entries.map(sentOk) },
    );

    const report = await sendModerationEvents(sqs, QUEUE, [event('e1'), event('e2')]);

    expect(
      batches.map((batch) => batch.Entries!.map((entry) => (JSON.parse(entry.MessageBody!) as ModerationEvent).id)),
    ).toEqual([['e1', 'e2'], ['e2']]);
    expect(report).toEqual({
      sent: [expect.objectContaining({ id: 'e1' }), expect.objectContaining({ id: 'e2', queueMessageId: 'm-1' })],
      failed: [],
    });
  });

  it('reports an entry SQS keeps failing after maxAttempts, with its code and message', async () => {
    const { sqs, batches } = scriptedSqs((entries) => ({
      Failed: entries.map((entry) => ({
        Id: entry.Id!,
        Code: 'ServiceUnavailable',
        Message: 'try later',
        SenderFault: false,
      })),
    }));

    const report = await sendModerationEvents(sqs, QUEUE, [event('e1')], { maxAttempts: 2 });

    expect(batches).toHaveLength(2);
    expect(report).toEqual({
      sent: [],
      failed: [{ id: 'e1', groupId: GROUP_A, reason: 'ServiceUnavailable: try later' }],
    });
  });

  it('tries three times by default', async () => {
    const { sqs, batches } = scriptedSqs((entries) => ({
      Failed: entries.map((entry) => ({ Id: entry.Id!, Code: 'InternalError', SenderFault: false })),
    }));
    const report = await sendModerationEvents(sqs, QUEUE, [event('e1')]);
    expect(batches).toHaveLength(3);
    expect(report.failed).toEqual([{ id: 'e1', groupId: GROUP_A, reason: 'InternalError:' }]);
  });

  it('resends an entry SQS answered neither way, and reports it when it stays unconfirmed', async () => {
    const { sqs, batches } = scriptedSqs((entries, call) => (call === 1 ? { Successful: [sentOk(entries[0]!)] } : {}));

    const report = await sendModerationEvents(sqs, QUEUE, [event('e1'), event('e2')], { maxAttempts: 2 });

    expect(batches.map((batch) => batch.Entries!.map((entry) => entry.Id))).toEqual([['0', '1'], ['1']]);
    expect(report).toEqual({
      sent: [expect.objectContaining({ id: 'e1' })],
      failed: [
        { id: 'e2', groupId: GROUP_A, reason: 'SQS confirmed neither that it took the event nor that it refused it' },
      ],
    });
  });

  it('an empty answer sends nothing for sure: every entry is reported, none as sent', async () => {
    const { sqs } = scriptedSqs(() => ({}));
    const report = await sendModerationEvents(sqs, QUEUE, [event('e1')]);
    expect(report).toEqual({ sent: [], failed: [expect.objectContaining({ id: 'e1' })] });
  });

  it('ignores an answer for an id it did not send', async () => {
    const { sqs } = scriptedSqs((entries) => ({
      Successful: [...entries.map(sentOk), { Id: '99', MessageId: 'stray', MD5OfMessageBody: '' }],
      Failed: [{ Id: '98', Code: 'X', SenderFault: true }],
    }));
    const report = await sendModerationEvents(sqs, QUEUE, [event('e1')]);
    expect(report).toEqual({ sent: [expect.objectContaining({ id: 'e1', queueMessageId: 'm-0' })], failed: [] });
  });

  it('never resends an entry SQS refused as the sender’s fault', async () => {
    const { sqs, batches } = scriptedSqs((entries) => ({
      Failed: [{ Id: entries[0]!.Id!, Code: 'InvalidParameterValue', Message: 'bad', SenderFault: true }],
    }));
    const report = await sendModerationEvents(sqs, QUEUE, [event('e1')]);
    expect(batches).toHaveLength(1);
    expect(report.failed).toEqual([{ id: 'e1', groupId: GROUP_A, reason: 'InvalidParameterValue: bad' }]);
  });

  it('passes the caller’s signal to every call, and none when there is none', async () => {
    const { sqs, options } = scriptedSqs();
    const signal = new AbortController().signal;
    await sendModerationEvents(sqs, QUEUE, [event('e1')], { signal });
    await sendModerationEvents(sqs, QUEUE, [event('e2')]);
    expect(options).toEqual([{ abortSignal: signal }, {}]);
  });

  it('validates every event first and sends none when any is invalid, naming each by its position', async () => {
    const { sqs, batches } = scriptedSqs();

    const error = await sendModerationEvents(sqs, QUEUE, [
      event('e1'),
      { ...event('e2'), groupId: 'x' },
      event('e3'),
      { ...event('e4'), type: 'group.nuke' },
    ]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(InvalidEventsError);
    expect(error).toMatchObject({
      name: 'InvalidEventsError',
      problems: [
        { index: 1, reason: expect.stringMatching(/^groupId: /) },
        { index: 3, reason: expect.stringMatching(/^type: /) },
      ],
    });
    expect((error as Error).message).toMatch(/^2 invalid event\(s\):\n {2}#2: groupId: .+\n {2}#4: type: /);
    expect(batches).toEqual([]);
  });

  it('checks event time against the skew it is given', async () => {
    const { sqs } = scriptedSqs();
    const ahead = event('e1', GROUP_A, { time: new Date(Date.now() + 60_000).toISOString() });
    await expect(sendModerationEvents(sqs, QUEUE, [ahead], { clockSkewSeconds: 10 })).rejects.toBeInstanceOf(
      InvalidEventsError,
    );
    await expect(sendModerationEvents(sqs, QUEUE, [ahead])).resolves.toMatchObject({ sent: [{ id: 'e1' }] });
  });
});

describe('validateEvents', () => {
  it('returns the events, parsed, when all are valid', () => {
    const events = [event('e1'), event('e2', GROUP_B)];
    expect(validateEvents(events)).toEqual(events);
  });

  it('returns nothing for no events', () => {
    expect(validateEvents([])).toEqual([]);
  });

  it('checks against the clock it is given', () => {
    const clock = { now: new Date('2026-11-25T10:00:00Z') };
    expect(() => validateEvents([event('e1', GROUP_A, { time: '2026-11-25T10:10:00Z' })], clock)).toThrow(
      InvalidEventsError,
    );
    expect(validateEvents([event('e1', GROUP_A, { time: '2026-11-25T10:05:00Z' })], clock)).toHaveLength(1);
  });
});
