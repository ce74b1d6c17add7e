/**
 * Start-up of `groupmod`, as an operator meets it: wall time of whole processes, compared with
 * `node -e 0` on the same machine in the same run. `groupmod --help` must stay within 2× of it
 * and `groupmod groups get` against the emulator (in its own process) within 3×. The three are
 * run in turn, round after round, so that load from elsewhere on the machine falls on all of them
 * alike; the report is the median of each and the ratios of the medians. Builds the CLI first.
 * Usage: npm run bench:cli [-- rounds]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { percentile, startEmulatorProcess } from './emulator-process.js';

const rounds = Number(process.argv[2] ?? 30);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/groupmod.js', import.meta.url));

execFileSync(process.execPath, ['tools/build-cli.mjs'], { cwd: ROOT, stdio: 'inherit' });
const emulator = await startEmulatorProcess();
const { first: group } = (await emulator.control('POST', 'seed', { count: 1 })) as { first: string };

const cases = [
  { name: 'node -e 0', args: ['-e', '0'], limit: undefined },
  { name: 'groupmod --help', args: [BIN, '--help'], limit: 2 },
  { name: `groupmod groups get ${group}`, args: [BIN, 'groups', 'get', group], limit: 3 },
];
const env = { PATH: process.env.PATH, ...emulator.env };

function timeOnce(args: string[]): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - started;
  if (result.status !== 0)
    throw new Error(`${args.join(' ')} exited ${String(result.status)}: ${result.stderr.toString()}`);
  return elapsed;
}

const samples = cases.map(() => [] as number[]);
for (let round = 0; round < rounds; round++) {
  // Rotating the order keeps any one case from always following another.
  for (let i = 0; i < cases.length; i++) {
    const index = (i + round) % cases.length;
    samples[index]!.push(timeOnce(cases[index]!.args));
  }
}
await emulator.stop();

console.log(
  `groupmod start-up: ${rounds} rounds, ${cpus()[0]?.model ?? 'unknown CPU'} ×${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg()[0]!.toFixed(2)}`,
);
console.log('case                                      min ms  median ms  p90 ms  ratio of medians (of minimums)');
for (const list of samples) list.sort((a, b) => a - b);
const medians = samples.map((list) => percentile(list, 50));
let failed = false;
cases.forEach((entry, i) => {
  const ratio = medians[i]! / medians[0]!;
  const verdict =
    entry.limit === undefined
      ? ''
      : ratio <= entry.limit
        ? ` limit ${entry.limit}×: ok`
        : ` limit ${entry.limit}×: OVER`;
  failed ||= entry.limit !== undefined && ratio > entry.limit;
  const [min, p90] = [samples[i]![0]!, percentile(samples[i]!, 90)];
  const cells = [min, medians[i]!, p90].map((ms, c) => ms.toFixed(0).padStart([6, 10, 7][c]!)).join(' ');
  console.log(
    `${entry.name.padEnd(40)} ${cells}  ${ratio.toFixed(2)}× (${(min / samples[0]![0]!).toFixed(2)}×)${verdict}`,
  );
});
process.exitCode = failed ? 1 : 0;
