/**
 * Audit scale: a full audit of 100,000 and 1,000,000 emulated groups (emulator in its own
 * process), writing its parts to a temporary folder.
 * 1. No rate limit: groups per second, and peak memory (heap sampled every 50 ms, and the
 *    process's peak RSS), which must not grow with the number of groups.
 * 2. Emulator and client at 100 calls/s per endpoint: wall time against the ideal, the calls
 *    needed divided by the limit with list and details running side by side. Target: within 10%.
 * 3. A second audit of the largest count, which also loads the first run's snapshot to report
 *    changes: the memory that comparison costs.
 *
 * Usage: npm run bench:audit [-- 100000,1000000 100000] (sizes without limit, size at 100/s).
 * Exits 1 when a target is missed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { auditJob } from '../functions/audit/index.js';
import { DirectoryOutputStore, JobRunner } from '../functions/jobs/index.js';
import { clientFor, startEmulatorProcess, type EmulatorProcess } from './emulator-process.js';

const sizes = (process.argv[2] ?? '100000,1000000').split(',').map(Number);
const limitedSize = Number(process.argv[3] ?? 100_000);
const LIMIT = 100;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function audit(emulator: EmulatorProcess, count: number, limit: number | false, dir: string, prefix: string) {
  await emulator.control('PUT', 'rate-limits', limit ? { default: limit } : false);
  const client = clientFor(emulator, { rateLimits: limit ? { default: limit } : false });
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 50);
  const started = performance.now();
  try {
    const manifest = await new JobRunner({ store: new DirectoryOutputStore(dir) }).run(
      auditJob({ groups: client.groups }),
      {},
      { prefix },
    );
    const seconds = (performance.now() - started) / 1000;
    if (manifest.summary!.groups !== count)
      throw new Error(`audited ${manifest.summary!.groups} groups, expected ${count}`);
    return { seconds, peakHeap, pages: manifest.scan.pages, changes: manifest.summary!.changes };
  } finally {
    clearInterval(sampler);
    await client.close();
  }
}

const emulator = await startEmulatorProcess();
const dir = await mkdtemp(join(tmpdir(), 'bench-audit-'));
let failed = false;
try {
  for (const count of sizes) {
    await emulator.control('POST', 'seed', { count });
    const run = await audit(emulator, count, false, dir, `n${count}`);
    console.log(
      `${count.toLocaleString('en')} groups, no limit: ${run.seconds.toFixed(1)} s = ${Math.round(count / run.seconds).toLocaleString('en')} groups/s; ` +
        `peak heap ${mb(run.peakHeap)}, peak RSS so far ${mb(process.resourceUsage().maxRSS * 1024)}`,
    );
    if (count === sizes.at(-1)) {
      const again = await audit(emulator, count, false, dir, `n${count}`);
      console.log(
        `  second run, compared with the first (${JSON.stringify(again.changes && { created: again.changes.created, deleted: again.changes.deleted })}): ${again.seconds.toFixed(1)} s, peak heap ${mb(again.peakHeap)}`,
      );
    }
    await emulator.control('DELETE', 'groups');
  }

  await emulator.control('POST', 'seed', { count: limitedSize });
  const limited = await audit(emulator, limitedSize, LIMIT, dir, 'limited');
  const ideal = limited.pages / LIMIT;
  const over = limited.seconds / ideal - 1;
  console.log(
    `${limitedSize.toLocaleString('en')} groups at ${LIMIT}/s per endpoint: ${limited.seconds.toFixed(1)} s for ${limited.pages} list + ${limited.pages} details calls; ` +
      `ideal ${ideal.toFixed(1)} s; ${(over * 100).toFixed(1)}% over`,
  );
  failed = over > 0.1;
} finally {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
}
if (failed) {
  console.error('target missed: more than 10% over the ideal time');
  process.exitCode = 1;
}
