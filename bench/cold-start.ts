/**
 * The pre-delivery function's cold start under Node.js 24, on the bundles a deploy ships (the
 * stack synthesized with its real bundling):
 *
 * 1. the size of every function's bundle and source map;
 * 2. process start and import of the pre-delivery bundle against bare `node -e 0`, interleaved
 *    in one run, as medians and their ratios: start and import alone (the process exits where the
 *    bundle's modules are evaluated, at the entry's mark), and with init. Init is the rest of the
 *    bundle's top level, awaited: the settings and the rules' file read, the clients built, the
 *    secret read from a Secrets Manager stand-in, the ledger table's connection opened against
 *    DynamoDB (dynalite) and the request path rehearsed (its empty batch to fauxqs), as in Lambda.
 *    Reported apart: the CPU time of the function's process and the time it waited with a request
 *    to a stand-in in flight;
 * 3. the first verdict after init, in the process that imported the bundle: a signed callback
 *    with a banned term (the callId claimed in the table, the rejection reported to the queue),
 *    then a second one, each with its CPU time and its waits.
 *
 * The stand-ins (dynalite, fauxqs, the Secrets Manager stand-in) run in a process of their own
 * (bench/cold-start-stand-ins.ts): their CPU is not the function's. Targets: start + import at
 * most 3 times bare Node (reported alone and with init); the first verdict at most 20 ms. Numbers
 * are printed, never asserted.
 * Usage: npm run bench:cold-start [-- runs] (default 15).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { functionUrlEvent, messageCallback } from '../test/helpers/callbacks.js';
import { FUNCTION_NAMES, synthesizeBundles, type StackBundle } from '../test/helpers/stack-bundles.js';
import { percentile } from './emulator-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE24 = join(ROOT, 'tools/node24/node_modules/node/bin/node');
const DRIVER = join(ROOT, 'bench/cold-start-driver.mjs');
const STAND_INS = join(ROOT, 'bench/cold-start-stand-ins.ts');
const runs = Number(process.argv[2] ?? 15);
const TARGET_RATIO = 3;
const TARGET_FIRST_VERDICT_MS = 20;
const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino'], reject: true },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
  ],
};

if (!existsSync(NODE24))
  throw new Error(`Node.js 24 is missing at ${NODE24}: run npm ci (its postinstall installs tools/node24)`);

/** What the driver measures in the function's process (see cold-start-driver.mjs). */
interface Figures {
  ms: number;
  cpuMs: number;
  waitMs: number;
  requests: number;
}
interface Load {
  importMs: number;
  /** From process start to the entry's mark (modules evaluated, init not started), and the CPU time to it. */
  importedMs: number;
  importCpuMs: number;
  sinceStartMs: number;
  cpuMs: number;
  waitMs: number;
  requests: number;
}
type Verdicts = Load & { invocations: (Figures & { result: { body: string } })[] };

/** The stand-ins' process: the variables that point a function at them, and the callback secret. */
async function startStandIns(): Promise<{ env: Record<string, string>; secret: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', STAND_INS], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    if (!line.startsWith('READY ')) continue;
    const ready = JSON.parse(line.slice('READY '.length)) as { env: Record<string, string>; secret: string };
    return { ...ready, stop: () => child.stdin.end() };
  }
  throw new Error('the stand-ins exited before they were ready');
}

/** Wall time of one process, from spawn to exit, and the driver's RESULT line if it printed one. */
function runProcess<T>(args: string[], env: NodeJS.ProcessEnv): Promise<{ wallMs: number; result?: T }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(NODE24, args, { env, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      const wallMs = performance.now() - started;
      if (error) return reject(new Error(`${args.join(' ').slice(0, 200)} failed: ${error.message}\n${stderr}`));
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      resolve({ wallMs, ...(line && { result: JSON.parse(line.slice('RESULT '.length)) as T }) });
    });
  });
}

const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const fixed = (ms: number) => ms.toFixed(1);
const spread = (values: number[]) =>
  `${fixed(median(values))} ms (${fixed(Math.min(...values))}-${fixed(Math.max(...values))})`;

const outdir = mkdtempSync(join(tmpdir(), 'cold-start-'));
const standIns = await startStandIns();
try {
  const bundles = synthesizeBundles(outdir, { callbacks: { rules: RULES } });
  console.log('bundle sizes (index.mjs, index.mjs.map):');
  for (const name of FUNCTION_NAMES) {
    const { file } = bundles[name];
    console.log(
      `  ${name.padEnd(14)} ${kib(statSync(file).size).padStart(9)}  ${kib(statSync(`${file}.map`).size).padStart(9)}`,
    );
  }
  const pre: StackBundle = bundles['pre-delivery'];
  // The function's own environment from the template, with the stand-ins' in place of what is
  // known only at deploy time (the queue URL, the table, the secret's ARN and the endpoints).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    ...pre.environment,
    ...standIns.env,
    // The code folder, where the function reads its rules.json.
    LAMBDA_TASK_ROOT: pre.dir,
    AWS_LAMBDA_FUNCTION_NAME: 'cold-start',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const bareEnv = { PATH: env.PATH };

  // Warm the file cache and the table, then interleave so that drift hits both alike.
  await runProcess(['-e', '0'], bareEnv);
  await runProcess([DRIVER, 'import', pre.file], env);
  const bare: number[] = [];
  const importedOnly: number[] = [];
  const imported: number[] = [];
  const importCpu: number[] = [];
  const loads: Load[] = [];
  for (let run = 0; run < runs; run += 1) {
    bare.push((await runProcess(['-e', '0'], bareEnv)).wallMs);
    const only = await runProcess<Pick<Load, 'importedMs' | 'importCpuMs'>>([DRIVER, 'import-only', pre.file], env);
    importedOnly.push(only.wallMs);
    importCpu.push(only.result!.importCpuMs);
    const { wallMs, result } = await runProcess<Load>([DRIVER, 'import', pre.file], env);
    imported.push(wallMs);
    loads.push(result!);
  }
  const ratio = (values: number[]) => `${(median(values) / median(bare)).toFixed(2)} (target at most ${TARGET_RATIO})`;
  console.log(`\nprocess start under Node.js 24, ${runs} runs each, interleaved, spawn to exit, median (min-max):`);
  console.log(`  node -e 0                       ${spread(bare)}`);
  console.log(`  start + import                  ${spread(importedOnly)}; CPU ${spread(importCpu)}`);
  console.log(`    ratio to bare                 ${ratio(importedOnly)}`);
  console.log(`  start + import + init           ${spread(imported)}`);
  console.log(`    ratio to bare                 ${ratio(imported)}`);
  console.log(`  of start + import + init, in the function's process, median (min-max):`);
  console.log(
    `    process start to import done  ${spread(loads.map((load) => load.importedMs))}; CPU ${spread(loads.map((load) => load.importCpuMs))}`,
  );
  console.log(`    process start to init done    ${spread(loads.map((load) => load.sinceStartMs))}`);
  console.log(`    CPU time (all threads)        ${spread(loads.map((load) => load.cpuMs))}`);
  console.log(
    `    waiting on the stand-ins      ${spread(loads.map((load) => load.waitMs))} over ${loads[0]!.requests} requests (the secret, the table, the queue)`,
  );

  const firsts: Figures[] = [];
  const seconds: Figures[] = [];
  for (let run = 0; run < Math.min(runs, 10); run += 1) {
    const events = [0, 1].map(() => functionUrlEvent(messageCallback({ text: 'casino' }, standIns.secret)));
    const { result } = await runProcess<Verdicts>([DRIVER, 'verdict', pre.file, JSON.stringify(events)], env);
    for (const invocation of result!.invocations) {
      if (invocation.result.body !== '{"valid":false,"code":"banned-terms"}')
        throw new Error(`unexpected verdict ${invocation.result.body}`);
    }
    firsts.push(result!.invocations[0]!);
    seconds.push(result!.invocations[1]!);
  }
  const line = (label: string, figures: Figures[]) =>
    `  ${label.padEnd(15)} ${spread(figures.map((f) => f.ms))}; CPU ${fixed(median(figures.map((f) => f.cpuMs)))} ms, ` +
    `waiting ${fixed(median(figures.map((f) => f.waitMs)))} ms over ${figures[0]!.requests} requests`;
  console.log(
    `\nin the function's process, ${firsts.length} processes, median (min-max): a rejection (claim in dynalite, report to the queue)`,
  );
  console.log(`${line('first verdict', firsts)} (target at most ${TARGET_FIRST_VERDICT_MS})`);
  console.log(line('second verdict', seconds));
} finally {
  standIns.stop();
  rmSync(outdir, { recursive: true, force: true });
}
