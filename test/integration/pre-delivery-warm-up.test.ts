/**
 * The pre-delivery function's init rehearses its request path (pre-delivery-warm-up.ts). On the
 * local stack (the ledger table on dynalite, the queue on fauxqs), two fresh instances, one
 * initialised with the rehearsal and one without, answer their first real callback alike: the
 * same verdict, the same metrics and log lines, the same claim in the table and report on the
 * queue; and init with the rehearsal writes nothing to the table, sends nothing to the queue, and
 * prints nothing.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { preDeliveryHandlerFromEnv } from '../../functions/callbacks/pre-delivery-init.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { functionUrlEvent, messageCallback } from '../helpers/callbacks.js';

const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino'], reject: true },
    { name: 'flood', flood: { messages: 3, windowSeconds: 60 } },
    { name: 'copypasta', repeat: { senders: 2, windowSeconds: 60 } },
  ],
};
const GROUP = '100743775617286960';

let stack: LocalStack;
let secret: string;
beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
  secret = stack.env.AGORA_CALLBACK_SECRET.split(',')[0]!;
});
afterAll(() => stack?.close());

const context = (requestId: string) =>
  ({
    functionName: 'pre-delivery',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:pre-delivery',
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: '/pre-delivery',
    logStreamName: 'pre-delivery',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 5_000,
  }) as unknown as Context;

/** What the function prints while `work` runs (Powertools' logger and EMF metrics write to stdout and stderr). */
async function printed<T>(work: () => Promise<T>): Promise<{ value: T; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      for (const line of String(chunk).split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      return true;
    }) as typeof stream.write;
  }
  try {
    return { value: await work(), lines };
  } finally {
    streams.forEach((stream, index) => (stream.write = writes[index]!));
  }
}

/** The hosts of the HTTP requests made while `work` runs (the AWS SDK's requests among them). */
async function requested<T>(work: () => Promise<T>): Promise<{ value: T; hosts: string[] }> {
  const hosts: string[] = [];
  const onStart = ({ request }: { request: ClientRequest }) => hosts.push(String(request.getHeader('host')));
  subscribe('http.client.request.start', onStart as (message: unknown) => void);
  try {
    return { value: await work(), hosts };
  } finally {
    unsubscribe('http.client.request.start', onStart as (message: unknown) => void);
  }
}

const tableItems = async () =>
  (await stack.dynamo.client.send(new ScanCommand({ TableName: stack.dynamo.tableName }))).Items ?? [];
const queued = () =>
  stack.inspect().queue.messages.ready.map((message) => JSON.parse(message.body) as Record<string, unknown>);

/** A log line or an EMF document without what differs between any two requests (times, ids, latency). */
function comparable(line: Record<string, unknown>): Record<string, unknown> {
  const {
    timestamp: _timestamp,
    callId: _callId,
    messageId: _messageId,
    function_request_id: _requestId,
    xray_trace_id: _trace,
    _aws,
    VerdictLatency,
    ...rest
  } = line;
  return {
    ...rest,
    ...(_aws !== undefined && { metrics: (_aws as { CloudWatchMetrics: unknown }).CloudWatchMetrics }),
    ...(VerdictLatency !== undefined && { VerdictLatency: typeof VerdictLatency }),
  };
}

/** A fresh instance's init and first rejection: what each printed, wrote and sent. */
async function coldInstance(warmUp: boolean, msgId: string) {
  // A report budget that a cold first report meets even on a loaded machine: without the warm-up,
  // the first report in a fresh process can outlast the default 100 ms, and the two would differ.
  const env = { ...stack.env, MODERATION_RULES: JSON.stringify(RULES), CALLBACK_REPORT_TIMEOUT_MS: '5000' };
  const [itemsBefore, queueBefore] = [await tableItems(), queued()];
  const init = await printed(() => requested(() => preDeliveryHandlerFromEnv(env, { warmUp })));
  const afterInit = { items: await tableItems(), queue: queued() };
  const event = functionUrlEvent(
    messageCallback({ text: 'casino', groupId: GROUP, msgId, callId: `acme#chat_${msgId}` }, secret),
  );
  const first = await printed(() =>
    init.value.value(event as unknown as LambdaFunctionURLEvent, context(`first-${msgId}`)),
  );
  const afterFirst = { items: await tableItems(), queue: queued() };
  return {
    init: {
      lines: init.lines,
      hosts: init.value.hosts,
      itemsAdded: afterInit.items.length - itemsBefore.length,
      queuedAdded: afterInit.queue.length - queueBefore.length,
    },
    first: {
      result: first.value,
      lines: first.lines.map(comparable),
      items: afterFirst.items.slice(afterInit.items.length).length,
      claims: afterFirst.items.filter((item) => item.pk?.S === `CALL#acme#chat_${msgId}`).map((item) => item.sk?.S),
      queued: afterFirst.queue
        .slice(afterInit.queue.length)
        // Each instance's report names its own message; the rest must be the same.
        .map(({ id: _id, reason: _reason, time: _time, messageId, ...event }) => ({
          ...event,
          namesItsMessage: messageId === msgId,
        })),
    },
  };
}

test("a cold instance's first verdict, metrics, log lines, claim and report are the same with and without the warm-up at init; the warm-up records nothing", async () => {
  // As deployed: INFO lines and EMF metrics printed, so that anything the warm-up printed would
  // show; the SDK's region and credentials, which it reads from the process, the local stack's.
  const variables: Record<string, string> = {
    POWERTOOLS_LOG_LEVEL: 'INFO',
    POWERTOOLS_METRICS_DISABLED: 'false',
    // As Lambda sets it for an on-demand instance: the logger's first line says `cold_start: true`.
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    ...Object.fromEntries(Object.entries(stack.env).filter(([name]) => name.startsWith('AWS_'))),
  };
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    const without = await coldInstance(false, '1300000000000000001');
    const withWarmUp = await coldInstance(true, '1300000000000000002');

    // Init: the table's connection opened by a put that writes nothing; the warm-up adds one
    // request, to the queue (an empty batch that SQS refuses), and nothing else.
    const dynamoHost = new URL(stack.dynamo.endpoint).host;
    const sqsHost = new URL(stack.sqs.endpoint).host;
    expect(without.init.hosts).toEqual([dynamoHost]);
    expect(withWarmUp.init.hosts).toEqual([dynamoHost, sqsHost]);
    for (const instance of [without, withWarmUp]) {
      expect(instance.init).toMatchObject({ lines: [], itemsAdded: 0, queuedAdded: 0 });
    }

    // The first real callback: the same answer, the same lines (the logger's cold start included), the same records.
    expect(withWarmUp.first.result).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"valid":false,"code":"banned-terms"}',
    });
    expect(withWarmUp.first).toEqual(without.first);
    expect(without.first.claims).toEqual(['CLAIM']);
    expect(without.first.items).toBe(1);
    expect(without.first.queued).toEqual([
      expect.objectContaining({
        type: 'violation.reported',
        groupId: GROUP,
        category: 'banned-terms',
        source: 'agora-callback',
        namesItsMessage: true,
      }),
    ]);
    const rejected = without.first.lines.find((line) => line.message === 'message rejected');
    expect(rejected).toMatchObject({ level: 'INFO', cold_start: true, rule: 'banned-terms' });
    const emf = without.first.lines.filter((line) => line.metrics !== undefined);
    // The rule's own RuleHits (a dimension of its own), then the request's metrics.
    expect(emf).toEqual([
      expect.objectContaining({ rule: 'banned-terms', RuleHits: 1 }),
      expect.objectContaining({ CallbacksReceived: 1, RuleHits: 1, MessagesRejected: 1, ViolationsSent: 1 }),
    ]);
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
});
