/**
 * A mixed stream of moderation events, as real producers send it, through the local stack
 * (fauxqs FIFO queue and DLQ, the poller, the Lambda handler, the ledger on dynalite in its own
 * process, the emulator in its own process answering 1% of disable and enable calls with a 503,
 * which the client does not retry itself, so each becomes a retry through the queue):
 * `events` events over `groups` groups, of which 10% are dated late (up to two windows), 1% dated
 * hours ahead (past the tolerated skew), 1% poison (not JSON, an unknown field, an absurd
 * duration), 5% duplicates of an earlier message of their group; the rest are violations,
 * disables and enables dated now.
 *
 * Reports events/s (from the first receive until the queue is drained), events lost (neither
 * processed nor parked: must be 0), state mismatches (groups whose disabled state in the emulator,
 * in the ledger and in the reference model of the policy do not all agree: must be 0), and the
 * longest lane stall (from a record's first failed attempt to its completion, processed or
 * parked: how long its group's lane waited on it), against the backoff its retries allow.
 *
 * Usage: npm run bench:event-stream [-- events groups concurrency] (defaults 20000 500 5).
 * Exits 1 if an event is lost or a state mismatches.
 */
import '../local/quiet-sdk-notice.js';
import { cpus, totalmem } from 'node:os';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { EVENT_VERSION } from '../functions/events/index.js';
import { backoffVisibilitySeconds, parkingReceive, ParkAttribute } from '../functions/moderation/index.js';
import { startLocalStack } from '../local/stack/local-stack.js';
import { SqsPoller } from '../local/stack/sqs-poller.js';
import { GroupModel, type ModelEvent, type ModelPolicy } from '../test/helpers/moderation-model.js';
import { startDynaliteProcess } from './dynalite-process.js';
import { startEmulatorProcess } from './emulator-process.js';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const totalEvents = Number(process.argv[2] ?? 20_000);
const groupCount = Number(process.argv[3] ?? 500);
const concurrency = Number(process.argv[4] ?? 5);
const POLICY: ModelPolicy = { threshold: { count: 3, windowSeconds: 3600 }, banDurations: [3600, 86_400, 'permanent'] };
const BACKOFF = { baseSeconds: 1, maxSeconds: 4 };
const MAX_RECEIVE_COUNT = 5;
const FAULT_RATE = 0.01;

interface Message {
  groupId: string;
  body: string;
  model: ModelEvent;
  kind: 'violation' | 'disable' | 'enable' | 'late' | 'future' | 'poison' | 'duplicate';
}

/** A small seeded generator, so every run replays the same stream. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function event(type: string, groupId: string, id: string, time: number, extra: Record<string, unknown> = {}) {
  return {
    version: EVENT_VERSION,
    id,
    type,
    groupId,
    reason: `bench ${type}`,
    source: 'bench',
    time: new Date(time).toISOString(),
    ...extra,
  };
}

/**
 * The stream, in sending order. Explicit durations are 10,000 s apart within a group and 1,400 s
 * or more from the policy's, so which ban lasts longer never depends on when each was imposed.
 */
function mixedStream(groups: string[], now: number): Message[] {
  const next = random(12);
  const perGroup = new Map<string, Message[]>(groups.map((groupId) => [groupId, []]));
  const messages: Message[] = [];
  for (let i = 0; i < totalEvents; i++) {
    const groupId = groups[Math.floor(next() * groups.length)]!;
    const lane = perGroup.get(groupId)!;
    const id = `bench-${i}`;
    const roll = next();
    let message: Message;
    if (roll < 0.05 && lane.length > 0) {
      message = { ...lane[Math.floor(next() * lane.length)]!, kind: 'duplicate' };
    } else if (roll < 0.06) {
      const bodies = [
        '{"type":"group.disable"',
        JSON.stringify({ ...event('group.enable', groupId, id, now), colour: 'red' }),
        JSON.stringify(event('group.disable', groupId, id, now, { duration: 1e13 })),
      ];
      message = { groupId, body: bodies[i % bodies.length]!, model: { kind: 'invalid', id }, kind: 'poison' };
    } else if (roll < 0.07) {
      message = {
        groupId,
        body: JSON.stringify(event('violation.reported', groupId, id, now + 2 * 3_600_000)),
        model: { kind: 'invalid', id },
        kind: 'future',
      };
    } else {
      const late = roll < 0.17;
      const time = late ? now - Math.floor(next() * 2 * POLICY.threshold.windowSeconds * 1000) : now;
      const pick = next();
      if (pick < 0.75) {
        message = {
          groupId,
          body: JSON.stringify(event('violation.reported', groupId, id, time)),
          model: { kind: 'violation', id, time },
          kind: late ? 'late' : 'violation',
        };
      } else if (pick < 0.87) {
        const duration =
          next() < 0.5 ? undefined : next() < 0.2 ? ('permanent' as const) : 10_000 * (lane.length + 1) + 5_000;
        message = {
          groupId,
          body: JSON.stringify(event('group.disable', groupId, id, time, duration === undefined ? {} : { duration })),
          model: { kind: 'disable', id, ...(duration !== undefined && { duration }) },
          kind: late ? 'late' : 'disable',
        };
      } else {
        message = {
          groupId,
          body: JSON.stringify(event('group.enable', groupId, id, time)),
          model: { kind: 'enable', id },
          kind: late ? 'late' : 'enable',
        };
      }
    }
    lane.push(message);
    messages.push(message);
  }
  return messages;
}

const emulator = await startEmulatorProcess();
const dynamo = await startDynaliteProcess();
let failed = false;
try {
  await emulator.control('PUT', 'rate-limits', false);
  const { first } = (await emulator.control('POST', 'seed', { count: groupCount })) as { first: string };
  const groups = Array.from({ length: groupCount }, (_, i) => String(BigInt(first) + BigInt(i)));
  await emulator.control('PUT', 'faults', { errorRate: FAULT_RATE, rateStatus: 503, endpoints: ['disable', 'enable'] });
  const { AGORA_BASE_URL, AGORA_ORG, AGORA_APP, AGORA_APP_TOKEN } = emulator.env;
  const stack = await startLocalStack({
    dynamoEndpoint: dynamo.endpoint,
    agora: { baseUrl: AGORA_BASE_URL, org: AGORA_ORG, app: AGORA_APP, credentials: { appToken: AGORA_APP_TOKEN } },
    // One attempt per call: every 503 becomes a retry through the queue, with its backoff.
    client: { rateLimits: false, retry: { maxAttempts: 1 } },
    policy: POLICY,
    backoff: BACKOFF,
    maxReceiveCount: MAX_RECEIVE_COUNT,
    logLevel: 'SILENT',
    startPoller: false,
  });

  // Send the whole stream first: the queue then holds a backlog, as after a producer's outage.
  const messages = mixedStream(groups, Date.now());
  const messageIds: string[] = [];
  for (let start = 0; start < messages.length; start += 10) {
    const entries = messages.slice(start, start + 10).map((m, i) => ({
      Id: String(i),
      MessageBody: m.body,
      MessageGroupId: m.groupId,
      MessageDeduplicationId: `m-${start + i}`,
    }));
    const result = await stack.sqs.client.send(
      new SendMessageBatchCommand({ QueueUrl: stack.sqs.queueUrl, Entries: entries }),
    );
    if (result.Failed?.length)
      throw new Error(`SQS refused ${result.Failed.length} messages: ${result.Failed[0]!.Message}`);
    for (const ok of result.Successful ?? []) messageIds[start + Number(ok.Id)] = ok.MessageId!;
  }

  // When each record first failed and when it was done (processed or parked), from the handler's answers.
  const firstFailure = new Map<string, number>();
  const done = new Map<string, number>();
  const poller = new SqsPoller({
    sqs: stack.sqs.client,
    queueUrl: stack.sqs.queueUrl,
    queueArn: stack.sqs.queueArn,
    concurrency,
    handler: async (batch, context) => {
      const response = await stack.handler(batch, context);
      const failures = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
      const now = performance.now();
      for (const record of batch.Records) {
        if (!failures.has(record.messageId)) done.set(record.messageId, now);
        else if (!firstFailure.has(record.messageId)) firstFailure.set(record.messageId, now);
      }
      return response;
    },
  });
  const started = performance.now();
  poller.start();
  while (done.size < messages.length) await new Promise((resolve) => setTimeout(resolve, 100));
  const elapsed = (performance.now() - started) / 1000;
  await poller.stop();

  // The reference model, lane by lane in sending order (a FIFO lane keeps it).
  const models = new Map(groups.map((groupId) => [groupId, new GroupModel(POLICY)]));
  for (const message of messages) models.get(message.groupId)!.apply(message.model);

  const parked = stack.inspect().deadLetters.messages.ready;
  const parkedIds = new Set(parked.map((m) => m.messageAttributes[ParkAttribute.SourceMessageId]?.StringValue));
  let lost = 0;
  for (const [index, message] of messages.entries()) {
    const accounted =
      message.model.kind === 'invalid'
        ? parkedIds.has(messageIds[index])
        : (await stack.ledger.getProcessed(message.model.id)) !== undefined;
    if (!accounted) lost += 1;
  }
  const disabled = new Map<string, boolean>();
  for await (const details of stack.client.groups.getMany(groups)) disabled.set(details.id, details.disabled);
  let mismatches = 0;
  let banCountMismatches = 0;
  for (const groupId of groups) {
    const bans = await stack.ledger.listBans(groupId);
    const ledgerDisabled = bans.some((ban) => ban.status === 'active');
    const model = models.get(groupId)!;
    if (disabled.get(groupId) !== ledgerDisabled || ledgerDisabled !== (model.ban !== undefined)) mismatches += 1;
    if (bans.length !== model.bansImposed) banCountMismatches += 1;
  }
  const stalls = [...firstFailure].map(([messageId, at]) => (done.get(messageId) ?? performance.now()) - at);
  const longestStall = stalls.length > 0 ? Math.max(...stalls) / 1000 : 0;
  // Retries back off up to the receive at which the handler parks, each for at most its backoff cap.
  const stallBound = Array.from({ length: parkingReceive(MAX_RECEIVE_COUNT) - 1 }, (_, i) =>
    backoffVisibilitySeconds(i + 1, { ...BACKOFF, random: () => 1 }),
  ).reduce((a, b) => a + b, 0);
  const byKind = messages.reduce<Record<string, number>>(
    (counts, m) => ({ ...counts, [m.kind]: (counts[m.kind] ?? 0) + 1 }),
    {},
  );
  const parkedByKind = parked.reduce<Record<string, number>>((counts, m) => {
    const kind = m.messageAttributes[ParkAttribute.Kind]?.StringValue ?? '(none)';
    return { ...counts, [kind]: (counts[kind] ?? 0) + 1 };
  }, {});
  const stats = (await emulator.control('GET', 'stats')) as Record<string, Record<string, number>>;
  await stack.close();

  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`,
  );
  console.log(`stream: ${messages.length} events over ${groupCount} groups: ${JSON.stringify(byKind)}`);
  console.log(
    `processed in ${elapsed.toFixed(1)} s = ${(messages.length / elapsed).toFixed(0)} events/s, ${poller.stats.invocations} invocations of up to 10, concurrency ${concurrency}`,
  );
  console.log(
    `emulator answers: disable ${JSON.stringify(stats.disable ?? {})}, enable ${JSON.stringify(stats.enable ?? {})}`,
  );
  console.log(`parked: ${parked.length} ${JSON.stringify(parkedByKind)}; records retried: ${firstFailure.size}`);
  console.log(`events lost: ${lost}`);
  console.log(
    `state mismatches (emulator, ledger, model): ${mismatches}; ban counts off the model: ${banCountMismatches}`,
  );
  console.log(
    `longest lane stall: ${longestStall.toFixed(2)} s (retries back off at most ${stallBound} s before the handler parks)`,
  );
  failed = lost > 0 || mismatches > 0 || banCountMismatches > 0;
} finally {
  await emulator.stop();
  dynamo.stop();
}
if (failed) {
  console.error('an event was lost or a state mismatches');
  process.exitCode = 1;
}
