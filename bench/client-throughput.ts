/**
 * Client throughput: disable calls per second against the emulator with no rate limit, one
 * client process, keep-alive on, at several concurrency levels. Reports requests/s and p50/p99
 * latency. Usage: npm run bench:client [-- seconds]
 */
import { cpus } from 'node:os';
import { clientFor, percentile, startEmulatorProcess } from './emulator-process.js';

const seconds = Number(process.argv[2] ?? 10);
const emulator = await startEmulatorProcess();
const seeded = (await emulator.control('POST', 'seed', { count: 1000 })) as { first: string };
const client = clientFor(emulator, { rateLimits: false });
const firstId = BigInt(seeded.first);

console.log(
  `client throughput: ${seconds} s per level, ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, Node ${process.version}`,
);
console.log('concurrency  requests/s   p50 ms   p99 ms   errors');
for (const concurrency of [1, 8, 32, 128]) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i++) {
        const id = (firstId + BigInt((worker * 7 + i) % 1000)).toString();
        const started = performance.now();
        try {
          await client.groups.disable(id);
        } catch {
          errors++;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const rate = latencies.length / seconds;
  console.log(
    `${String(concurrency).padStart(11)}  ${rate.toFixed(0).padStart(10)}  ${percentile(latencies, 50).toFixed(2).padStart(7)}  ${percentile(latencies, 99).toFixed(2).padStart(7)}  ${String(errors).padStart(7)}`,
  );
}
await client.close();
await emulator.stop();
