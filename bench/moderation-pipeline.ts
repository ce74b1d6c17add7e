/**
 * Moderation pipeline throughput: `group.disable` events for distinct groups go through the
 * local stack (fauxqs FIFO queue, the local poller, the Lambda handler, the dynalite ledger)
 * against the emulator in its own process.
 *
 * 1. No rate limit: events per second end to end.
 * 2. Emulator and client at 100 calls/s: how much of the limit the pipeline uses (target
 *    >= 95%), with no 429 reaching the DLQ.
 * Both report the handler's own time per record, excluding Agora API time and, separately,
 * ledger time (per invocation, divided by its records; p50/p99 over invocations).
 *
 * Usage: npm run bench:pipeline [-- unlimitedEvents limitedSeconds concurrency] (defaults 2000 30 5). Exits 1 if a target is missed.
 */
import '../local/quiet-sdk-notice.js';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { EVENT_VERSION, sendModerationEvents } from '../functions/events/index.js';
import { startLocalStack } from '../local/stack/local-stack.js';
import { SqsPoller } from '../local/stack/sqs-poller.js';
import { startDynaliteProcess } from './dynalite-process.js';
import { percentile, startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const unlimitedEvents = Number(process.argv[2] ?? 2_000);
const limitedSeconds = Number(process.argv[3] ?? 30);
/** Invocations at once: the event source mapping's maximum concurrency. */
const concurrency = Number(process.argv[4] ?? 5);
const LIMIT = 100;

/** Wall time during which at least one call of a kind was in flight (ledger reads overlap). */
class Busy {
  ms = 0;
  private inFlight = 0;
  private since = 0;
  enter(): void {
    if (this.inFlight++ === 0) this.since = performance.now();
  }
  leave(): void {
    if (--this.inFlight === 0) this.ms += performance.now() - this.since;
  }
}

interface Timing {
  api: Busy;
  ledger: Busy;
}

async function run(emulator: EmulatorProcess, events: number, limit: number | false) {
  await emulator.control('PUT', 'rate-limits', limit ? { default: limit } : false);
  const { first } = (await emulator.control('POST', 'seed', { count: events })) as { first: string };
  await emulator.control('DELETE', 'stats');
  const { AGORA_BASE_URL, AGORA_ORG, AGORA_APP, AGORA_APP_TOKEN } = emulator.env;
  const dynamo = await startDynaliteProcess();
  const stack = await startLocalStack({
    dynamoEndpoint: dynamo.endpoint,
    agora: { baseUrl: AGORA_BASE_URL, org: AGORA_ORG, app: AGORA_APP, credentials: { appToken: AGORA_APP_TOKEN } },
    client: { rateLimits: limit ? { default: limit } : false },
    logLevel: 'ERROR',
    startPoller: false,
  });

  // Attribute API and ledger time to the invocation they belong to (several run at once).
  const current = new AsyncLocalStorage<Timing>();
  const timed = <T extends object>(target: T, names: (keyof T)[], kind: keyof Timing) => {
    for (const name of names) {
      const original = (target[name] as (...args: unknown[]) => Promise<unknown>).bind(target);
      (target as Record<keyof T, unknown>)[name] = async (...args: unknown[]) => {
        const busy = current.getStore()?.[kind];
        busy?.enter();
        try {
          return await original(...args);
        } finally {
          busy?.leave();
        }
      };
    }
  };
  timed(stack.client.groups, ['disable', 'enable'], 'api');
  timed(
    stack.ledger,
    [
      'getProcessed',
      'markProcessed',
      'getGroupState',
      'saveGroupState',
      'getBan',
      'putBan',
      'endBan',
      'recordViolation',
      'violationTimes',
      'activateBan',
    ],
    'ledger',
  );

  const perRecord: { total: number; excludingApi: number; excludingApiAndLedger: number }[] = [];
  const poller = new SqsPoller({
    sqs: stack.sqs.client,
    queueUrl: stack.sqs.queueUrl,
    queueArn: stack.sqs.queueArn,
    concurrency,
    handler: async (event, context) => {
      const timing: Timing = { api: new Busy(), ledger: new Busy() };
      const start = performance.now();
      const response = await current.run(timing, () => stack.handler(event, context));
      const total = (performance.now() - start) / event.Records.length;
      const api = timing.api.ms / event.Records.length;
      const ledger = timing.ledger.ms / event.Records.length;
      perRecord.push({ total, excludingApi: total - api, excludingApiAndLedger: total - api - ledger });
      return response;
    },
  });

  const batch = Array.from({ length: events }, (_, i) => ({
    version: EVENT_VERSION,
    id: randomUUID(),
    type: 'group.disable',
    groupId: String(BigInt(first) + BigInt(i)),
    reason: 'benchmark',
    source: 'bench',
    time: new Date().toISOString(),
  }));
  await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, batch);

  const started = performance.now();
  poller.start();
  while (poller.stats.deleted < events) await new Promise((resolve) => setTimeout(resolve, 20));
  const elapsed = (performance.now() - started) / 1000;
  await poller.stop();

  const stats = (await emulator.control('GET', 'stats')) as { disable?: Record<string, number> };
  const deadLetters = stack.inspect().deadLetters.messages.ready.length;
  await stack.close();
  dynamo.stop();
  const sorted = (pick: (r: (typeof perRecord)[number]) => number) => perRecord.map(pick).sort((a, b) => a - b);
  const ms = (values: number[]) =>
    `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;
  return {
    eventsPerSecond: events / elapsed,
    apiCallsPerSecond: (stats.disable?.[200] ?? 0) / elapsed,
    status429: stats.disable?.[429] ?? 0,
    deadLetters,
    invocations: poller.stats.invocations,
    elapsed,
    report: {
      total: ms(sorted((r) => r.total)),
      excludingApi: ms(sorted((r) => r.excludingApi)),
      excludingApiAndLedger: ms(sorted((r) => r.excludingApiAndLedger)),
    },
  };
}

const emulator = await startEmulatorProcess();
let failed = false;
try {
  const free = await run(emulator, unlimitedEvents, false);
  console.log(
    `no rate limit: ${unlimitedEvents} events in ${free.elapsed.toFixed(1)} s = ${free.eventsPerSecond.toFixed(0)} events/s (${free.invocations} invocations)`,
  );
  console.log(
    `  per record: all ${free.report.total}; without API ${free.report.excludingApi}; without API and ledger ${free.report.excludingApiAndLedger}`,
  );

  const limited = await run(emulator, LIMIT * limitedSeconds, LIMIT);
  const utilisation = limited.apiCallsPerSecond / LIMIT;
  console.log(
    `limit ${LIMIT}/s: ${LIMIT * limitedSeconds} events in ${limited.elapsed.toFixed(1)} s = ${limited.apiCallsPerSecond.toFixed(1)} disable calls/s, ` +
      `utilisation ${(utilisation * 100).toFixed(1)}%, ${limited.status429} 429s from the emulator, ${limited.deadLetters} events in the DLQ`,
  );
  console.log(
    `  per record: all ${limited.report.total}; without API ${limited.report.excludingApi}; without API and ledger ${limited.report.excludingApiAndLedger}`,
  );
  failed = utilisation < 0.95 || limited.deadLetters > 0 || free.deadLetters > 0;
} finally {
  await emulator.stop();
}
if (failed) {
  console.error('target missed: utilisation below 95% or events in the DLQ');
  process.exitCode = 1;
}
