/**
 * Rate-limit adherence: the emulator limits every endpoint to 100 calls/s; the client, with its
 * default throttle (100/s), sends disable calls from 50 concurrent workers for 30 s. Target: at
 * least 95 successful calls per second and not a single 429 from the service.
 * Usage: npm run bench:rate-limit [-- seconds]. Exits 1 when the target is missed.
 */
import { RateLimitError } from '../functions/agora/index.js';
import { clientFor, startEmulatorProcess } from './emulator-process.js';

const seconds = Number(process.argv[2] ?? 30);
const LIMIT = 100;
const emulator = await startEmulatorProcess();
const seeded = (await emulator.control('POST', 'seed', { count: 100 })) as { first: string };
await emulator.control('PUT', 'rate-limits', { default: LIMIT });
await emulator.control('DELETE', 'stats');
let retries = 0;
const client = clientFor(emulator, {
  rateLimits: { default: LIMIT },
  onRetry: (event) => {
    if (event.error instanceof RateLimitError) retries++;
  },
});

let ok = 0;
const started = performance.now();
const end = started + seconds * 1000;
await Promise.all(
  Array.from({ length: 50 }, async (_, worker) => {
    for (let i = 0; performance.now() < end; i++) {
      await client.groups.disable((BigInt(seeded.first) + BigInt((worker + i) % 100)).toString());
      ok++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
const stats = (await emulator.control('GET', 'stats')) as { disable?: Record<string, number> };
await client.close();
await emulator.stop();

const rate = ok / elapsed;
const tooMany = stats.disable?.['429'] ?? 0;
console.log(
  `rate-limit adherence: ${ok} calls in ${elapsed.toFixed(1)} s = ${rate.toFixed(1)} calls/s against a limit of ${LIMIT}/s (${((rate / LIMIT) * 100).toFixed(1)}%)`,
);
console.log(`service answers: ${JSON.stringify(stats.disable)}; 429 retries seen by the client: ${retries}`);
const pass = rate >= 0.95 * LIMIT && tooMany === 0;
console.log(pass ? 'PASS: ≥ 95 calls/s, zero 429s' : 'FAIL: target is ≥ 95 calls/s with zero 429s');
process.exitCode = pass ? 0 : 1;
