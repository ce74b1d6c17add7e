/**
 * One batch holding several records of the same group, as Lambda delivers from a FIFO queue
 * (fauxqs hands out one record per group at a time, so the poller never builds such a batch):
 * the handler, with its real dependencies on the local stack, is invoked directly.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { FAST_RETRY } from '../helpers/emulator-client.js';
import { moderationEvent, sqsRecordFor } from '../helpers/moderation-events.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    client: { rateLimits: false, retry: { ...FAST_RETRY, maxAttempts: 2 } },
    logLevel: 'SILENT',
    startPoller: false,
  });
});
afterAll(() => stack?.close());

const context = {
  getRemainingTimeInMillis: () => 60_000,
  functionName: 'moderation',
  awsRequestId: 'batch-test',
} as Context;

test('a group whose first record must be retried fails as a whole, in order; the other group is processed', async () => {
  const { first } = stack.emulator!.store.seed({ count: 2 });
  const [stuck, fine] = [first!, String(BigInt(first!) + 1n)];
  const events = [
    moderationEvent('group.disable', stuck),
    moderationEvent('group.disable', fine, { duration: 'permanent' }),
    moderationEvent('group.enable', stuck),
    moderationEvent('group.enable', fine),
  ];
  // Both attempts of the first disable fail; the service is fine again afterwards.
  stack.emulator!.faults.set({ sequence: [503, 503], endpoints: ['disable'] });

  const response = await stack.handler(
    { Records: events.map((event, i) => sqsRecordFor(event, `m${i}`, stack.sqs.queueArn)) } as SQSEvent,
    context,
  );

  expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm0' }, { itemIdentifier: 'm2' }]);
  expect(await stack.ledger.getProcessed(events[0]!.id)).toBeUndefined();
  expect(await stack.ledger.getProcessed(events[2]!.id)).toBeUndefined();
  expect(stack.emulator!.store.get(stuck)!.disabled).toBe(false);
  expect((await stack.ledger.listBans(fine)).map((ban) => ban.status)).toEqual(['lifted']);
  expect(stack.emulator!.store.get(fine)!.disabled).toBe(false);
});
