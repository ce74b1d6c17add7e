/**
 * Post-delivery callbacks per second through one ingress process into the queue, and the
 * ingress's CPU per callback. The ingress runs alone in its process; dynalite has its own; this
 * process holds fauxqs and the load: `concurrency` connections posting signed callbacks for
 * `seconds`, to 1,000 groups, one in ten texts with a scam link (a violation into the queue),
 * under the documented example rules (terms, a pattern, flood and repeat: two counter writes and
 * two reads per callback).
 *
 * With `content` as third argument the flood and repeat rules are left out: no counters, which
 * shows what counting costs.
 *
 * Usage: npm run bench:callbacks [-- seconds concurrency [content]] (defaults 20 32).
 */
import '../local/quiet-sdk-notice.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { startFauxqs } from 'fauxqs';
import { Agent, request } from 'undici';
import { createLedgerTable } from '../local/stack/ledger-table.js';
import { LOCAL_CREDENTIALS, QUEUE_NAME, REGION } from '../local/stack/local-stack.js';
import { signedMessage, startIngressProcess } from './callbacks-process.js';
import { startDynaliteProcess } from './dynalite-process.js';
import { percentile } from './emulator-process.js';

const seconds = Number(process.argv[2] ?? 20);
const concurrency = Number(process.argv[3] ?? 32);
const contentOnly = process.argv[4] === 'content';
const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    ...(contentOnly
      ? []
      : [
          { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
          { name: 'copypasta', repeat: { senders: 5, windowSeconds: 60 } },
        ]),
  ],
};

const dynamo = await startDynaliteProcess();
const client = new DynamoDBClient({ region: REGION, credentials: LOCAL_CREDENTIALS, endpoint: dynamo.endpoint });
await createLedgerTable(client, 'bench-ledger');
const fauxqs = await startFauxqs({ port: 0, logger: false, defaultRegion: REGION });
const queue = fauxqs.createQueue(QUEUE_NAME, { attributes: { FifoQueue: 'true', ContentBasedDeduplication: 'true' } });
const secret = randomBytes(16).toString('hex');
const ingress = await startIngressProcess({
  SQS_ENDPOINT: fauxqs.address,
  QUEUE_URL: queue.queueUrl,
  DYNAMODB_ENDPOINT: dynamo.endpoint,
  TABLE_NAME: 'bench-ledger',
  MODERATION_RULES: JSON.stringify(RULES),
  AGORA_CALLBACK_SECRET: secret,
});
const dispatcher = new Agent({ connections: concurrency, keepAliveTimeout: 30_000 });

let sent = 0;
const statuses: Record<number, number> = {};
const latencies: number[] = [];
async function worker(until: number, worker: number): Promise<void> {
  for (let i = 0; performance.now() < until; i++) {
    const group = String(200_000_000_000_000_000n + BigInt((worker * 7919 + i) % 1_000));
    const text =
      i % 10 === 0
        ? `cheap coins at http://coins${i}.example.xyz/now`
        : `message ${i} from worker ${worker}: see you at the meeting later today`;
    const body = signedMessage(secret, group, `user${(worker + i) % 200}`, text);
    const started = performance.now();
    const response = await request(ingress.postDeliveryUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      dispatcher,
    });
    await response.body.arrayBuffer();
    latencies.push(performance.now() - started);
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
    sent += 1;
  }
}

// Warm up (JIT, connections, the table's first items), then measure.
await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(performance.now() + 2_000, w)));
sent = 0;
latencies.length = 0;
for (const status of Object.keys(statuses)) delete statuses[Number(status)];
const queuedBefore = fauxqs.inspectQueue(QUEUE_NAME)!.messages.ready.length;
const cpuBefore = await ingress.cpuMicros();
const started = performance.now();
await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(started + seconds * 1_000, w)));
const elapsed = (performance.now() - started) / 1000;
const cpu = ((await ingress.cpuMicros()) - cpuBefore) / 1000;
const queued = fauxqs.inspectQueue(QUEUE_NAME)!.messages.ready.length - queuedBefore;
latencies.sort((a, b) => a - b);

console.log(
  `post-delivery through one ingress process, ${concurrency} connections, ${elapsed.toFixed(1)} s, ${contentOnly ? 'terms and pattern only' : 'terms, pattern, flood and repeat'}:`,
);
console.log(
  `  ${sent} callbacks = ${(sent / elapsed).toFixed(0)} callbacks/s; answers ${JSON.stringify(statuses)}; ${queued} violations queued`,
);
console.log(`  latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
console.log(
  `  ingress CPU: ${cpu.toFixed(0)} ms in all = ${((cpu / sent) * 1000).toFixed(0)} µs per callback (${((cpu / 1000 / elapsed) * 100).toFixed(0)}% of a core)`,
);

ingress.stop();
await dispatcher.close();
client.destroy();
await fauxqs.stop();
dynamo.stop();
