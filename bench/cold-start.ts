/**
 * The pre-delivery function's cold start under Node.js 24, on the bundles a deploy ships (the
 * stack synthesized with its real bundling):
 *
 * 1. the size of every function's bundle and source map;
 * 2. process start and import of the pre-delivery bundle (its top level is Lambda's init: the
 *    settings and the rules' file read, the secret, the ledger table's connection opened against dynalite)
 *    against bare `node -e 0`, interleaved in one run, as medians and their ratio;
 * 3. the first verdict after init, in the process that imported the bundle: a signed callback
 *    with a banned term (the callId claimed in the table, the rejection reported to the queue),
 *    then a second one.
 *
 * Targets: import at most 3 times bare Node; the first verdict at most 20 ms. Numbers are printed,
 * never asserted. Usage: npm run bench:cold-start [-- runs] (default 15).
 */
import '../local/quiet-sdk-notice.js';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalStack } from '../local/stack/local-stack.js';
import { messageCallback } from '../test/helpers/callbacks.js';
import { FUNCTION_NAMES, synthesizeBundles, type StackBundle } from '../test/helpers/stack-bundles.js';
import { percentile } from './emulator-process.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const NODE24 = join(ROOT, 'tools/node24/node_modules/node/bin/node');
const DRIVER = join(ROOT, 'bench/cold-start-driver.mjs');
const runs = Number(process.argv[2] ?? 15);
const TARGET_RATIO = 3;
const TARGET_FIRST_VERDICT_MS = 20;
const RULES = { rules: [{ name: 'banned-terms', terms: ['casino'], reject: true }, { name: 'flood', flood: { messages: 30, windowSeconds: 10 } }] };

if (!existsSync(NODE24)) throw new Error(`Node.js 24 is missing at ${NODE24}: run npm ci (its postinstall installs tools/node24)`);

/** Wall time of one process, from spawn to exit. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(NODE24, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${args.join(' ')} exited ${code}\n${stderr}`))));
  });
}

function firstVerdicts(bundle: StackBundle, env: NodeJS.ProcessEnv, events: unknown[]): Promise<{ initMs: number; invocations: { ms: number; result: { body: string } }[] }> {
  return new Promise((resolve, reject) => {
    execFile(NODE24, [DRIVER, 'verdict', bundle.file, JSON.stringify(events)], { env, maxBuffer: 10 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) return reject(new Error(`no result (${error?.message ?? ''})\n${stderr}`));
      resolve(JSON.parse(line.slice(7)));
    });
  });
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const fixed = (ms: number) => ms.toFixed(1);

const outdir = mkdtempSync(join(tmpdir(), 'cold-start-'));
const stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
try {
  const bundles = synthesizeBundles(outdir, { callbacks: { rules: RULES } });
  console.log('bundle sizes (index.mjs, index.mjs.map):');
  for (const name of FUNCTION_NAMES) {
    const { file } = bundles[name];
    console.log(`  ${name.padEnd(14)} ${kib(statSync(file).size).padStart(9)}  ${kib(statSync(`${file}.map`).size).padStart(9)}`);
  }
  const pre = bundles['pre-delivery'];
  // The function's own environment from the template, with the local stack's in place of what
  // is known only at deploy time (the queue URL, the table, the secret: here a variable).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    ...pre.environment,
    ...stack.env,
    // The code folder, where the function reads its rules.json.
    LAMBDA_TASK_ROOT: pre.dir,
    AWS_LAMBDA_FUNCTION_NAME: 'cold-start',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  delete env.AGORA_CALLBACK_SECRET_ARN;
  const bareEnv = { PATH: env.PATH };

  // Warm the file cache and the table, then interleave so that drift hits both alike.
  await timeProcess(['-e', '0'], bareEnv);
  await timeProcess([DRIVER, 'import', pre.file], env);
  const bare: number[] = [];
  const imported: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    bare.push(await timeProcess(['-e', '0'], bareEnv));
    imported.push(await timeProcess([DRIVER, 'import', pre.file], env));
  }
  const bareMedian = median(bare);
  const importMedian = median(imported);
  const ratio = importMedian / bareMedian;
  console.log(`\nprocess start under Node.js 24, ${runs} runs each, median (min-max):`);
  console.log(`  node -e 0                  ${fixed(bareMedian)} ms (${fixed(Math.min(...bare))}-${fixed(Math.max(...bare))})`);
  console.log(`  start + import pre-delivery ${fixed(importMedian)} ms (${fixed(Math.min(...imported))}-${fixed(Math.max(...imported))})`);
  console.log(`  ratio                      ${ratio.toFixed(2)} (target at most ${TARGET_RATIO})`);

  const secret = stack.callbacks.secret;
  const firsts: number[] = [];
  const seconds: number[] = [];
  const inits: number[] = [];
  for (let run = 0; run < Math.min(runs, 10); run += 1) {
    const events = [0, 1].map(() => urlEvent(messageCallback({ text: 'casino' }, secret)));
    const { initMs, invocations } = await firstVerdicts(pre, env, events);
    for (const invocation of invocations) {
      if (invocation.result.body !== '{"valid":false,"code":"banned-terms"}') throw new Error(`unexpected verdict ${invocation.result.body}`);
    }
    inits.push(initMs);
    firsts.push(invocations[0]!.ms);
    seconds.push(invocations[1]!.ms);
  }
  console.log(`\nin-process, ${firsts.length} processes, median (max): a rejection (claim in dynalite, report to the queue)`);
  console.log(`  import (init)   ${fixed(median(inits))} ms (${fixed(Math.max(...inits))})`);
  console.log(`  first verdict   ${fixed(median(firsts))} ms (${fixed(Math.max(...firsts))}) (target at most ${TARGET_FIRST_VERDICT_MS})`);
  console.log(`  second verdict  ${fixed(median(seconds))} ms (${fixed(Math.max(...seconds))})`);
} finally {
  await stack.close();
  rmSync(outdir, { recursive: true, force: true });
}

function urlEvent(body: unknown) {
  return {
    version: '2.0',
    rawPath: '/',
    headers: { 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/' } },
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
    isBase64Encoded: true,
  };
}
