/**
 * The retry budget on the local stack (fauxqs FIFO queue and DLQ, the poller, the handler, the
 * emulator, dynalite): an event is parked on its own failed attempts, counted in the ledger across
 * receives, each after a window of its own, with a receive limit far away.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sendModerationEvents } from '../../functions/events/index.js';
import { ParkAttribute } from '../../functions/moderation/index.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { waitFor } from '../../local/wait-for.js';
import { FAST_RETRY } from '../helpers/emulator-client.js';
import { moderationEvent } from '../helpers/moderation-events.js';

const WINDOW_SECONDS = 4;
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 1 } },
    backoff: { baseSeconds: 1, maxSeconds: 1 },
    // Far more receives than two windows take: only the events' own failures park them.
    maxReceiveCount: 100,
    retryWindowSeconds: WINDOW_SECONDS,
    logLevel: 'SILENT',
  });
});
afterAll(() => stack?.close());

const deadLetters = () => stack.inspect().deadLetters.messages.ready;
const parked = (eventId: string) =>
  waitFor(`event ${eventId} in the DLQ`, () => deadLetters().find((message) => message.body.includes(eventId)), 60_000);
const attribute = (message: ReturnType<typeof deadLetters>[number], name: string) =>
  message.messageAttributes[name]?.StringValue;
const ownAttempts = (reason: string | undefined) =>
  Number(/^still failing after (\d+) attempts of its own over /.exec(reason ?? '')?.[1]);

test('an event waiting behind a failing one of its group is parked after a window of its own failures, counted across receives in the ledger', async () => {
  // Prepare: every disable fails, so the group's lane is blocked by its first event.
  const { first: group } = stack.emulator!.store.seed({ count: 1 });
  stack.emulator!.faults.set({ errorRate: 1, rateStatus: 503, endpoints: ['disable'] });
  const head = moderationEvent('group.disable', group!, { duration: 60 });
  const next = moderationEvent('group.disable', group!, { duration: 120 });

  // Act
  const sentAt = Date.now();
  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, [head, next]);
  const headParked = await parked(head.id);
  const headParkedAt = Date.now();
  const nextParked = await parked(next.id);
  const nextParkedAt = Date.now();
  stack.emulator!.faults.clear();

  // Assess: each was parked once its own failures spanned the window, the second a window after the first.
  for (const message of [headParked, nextParked]) {
    expect(attribute(message, ParkAttribute.Kind)).toBe('retries-exhausted');
    expect(attribute(message, ParkAttribute.Reason)).toMatch(
      new RegExp(
        `^still failing after \\d+ attempts of its own over \\d+ s \\(retry window ${WINDOW_SECONDS} s\\): ServerError: `,
      ),
    );
  }
  expect(headParkedAt - sentAt).toBeGreaterThanOrEqual(WINDOW_SECONDS * 1000);
  expect(nextParkedAt - headParkedAt).toBeGreaterThanOrEqual(WINDOW_SECONDS * 1000 - 1_000);
  // Each counted its own receives: fauxqs hands out one message of a group at a time, so here
  // the second is not received while it waits (SQS does hand out several, and then its receive
  // count climbs with the first's: the handler's unit tests replay that).
  for (const message of [headParked, nextParked])
    expect(ownAttempts(attribute(message, ParkAttribute.Reason))).toBe(
      Number(attribute(message, ParkAttribute.ReceiveCount)),
    );
});
