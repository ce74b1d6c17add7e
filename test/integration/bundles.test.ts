/**
 * What is deployed is what is tested: the stack is synthesized with its real bundling (local
 * esbuild), and each function's bundle is loaded and invoked under Node.js 24 (tools/node24) with
 * a real event against the local stack. Reports each bundle's size and load time.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { functionUrlEvent, messageCallback } from '../helpers/callbacks.js';
import { moderationEvent, sqsRecordFor } from '../helpers/moderation-events.js';
import {
  bundleMetafile,
  FUNCTION_NAMES,
  synthesizeBundles,
  type FunctionName,
  type StackBundle,
} from '../helpers/stack-bundles.js';
import { tempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NODE24 = join(ROOT, 'tools/node24/node_modules/node/bin/node');
const DRIVER = join(ROOT, 'test/helpers/invoke-bundle.mjs');

const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino'], reject: true },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
  ],
};
let stack: LocalStack;
let synthesized: Record<FunctionName, StackBundle>;
const bundles: Record<string, string> = {};
let env: Record<string, string>;

beforeAll(async () => {
  if (!existsSync(NODE24))
    throw new Error(`Node.js 24 is missing at ${NODE24}: run npm ci (its postinstall installs tools/node24)`);
  synthesized = synthesizeBundles(tempDir('cdk-out'), { callbacks: { rules: RULES } });
  for (const name of FUNCTION_NAMES) bundles[name] = synthesized[name].file;

  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
  stack.emulator!.store.seed({ count: 120, disabledEvery: 12 });
  env = {
    PATH: process.env.PATH ?? '',
    ...stack.env,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    // Timed bans are not exercised here: the scheduler settings only need to be well-formed.
    BAN_SCHEDULE_GROUP: 'smoke',
    BAN_SCHEDULER_ROLE_ARN: 'arn:aws:iam::000000000000:role/smoke',
    MODERATION_QUEUE_ARN: stack.sqs.queueArn,
  };
}, 120_000);
afterAll(() => stack?.close());

function invoke(
  name: string,
  event: unknown,
): Promise<{ loadMs: number; node: string; result?: unknown; error?: string }> {
  return new Promise((resolve, reject) => {
    // As Lambda runs it: the function's own settings from the template (the rules' file among
    // them), the local stack's in place of those known only at deploy time, its code folder as
    // the task root.
    const own = synthesized[name as FunctionName];
    const processEnv = { ...own.environment, ...env, LAMBDA_TASK_ROOT: own.dir };
    execFile(
      NODE24,
      [DRIVER, bundles[name]!, JSON.stringify(event)],
      { env: processEnv, maxBuffer: 10 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
        if (!line) return reject(new Error(`${name}: no result (${error?.message ?? ''})\n${stderr}`));
        resolve(JSON.parse(line.slice(7)) as { loadMs: number; node: string; result?: unknown; error?: string });
      },
    );
  });
}

function report(name: string, loadMs: number) {
  const bytes = statSync(bundles[name]!).size;
  console.log(`bundle ${name}: ${(bytes / 1024).toFixed(0)} KiB, loaded in ${loadMs.toFixed(0)} ms under Node.js 24`);
}

describe('what the bundles hold', () => {
  test.each([
    ['pre-delivery', 'callbacks/pre-delivery-handler.ts'],
    ['post-delivery', 'callbacks/post-delivery-handler.ts'],
  ] as const)(
    '%s: no undici, no Agora client, no token minting: the callbacks never call Agora',
    async (name, entry) => {
      const { inputs, bytes } = await bundleMetafile(entry);
      // The same build as the stack's: the same options give the same bytes.
      expect(bytes).toBe(statSync(synthesized[name].file).size);
      // Of the Agora module only the shapes of its identifiers (group ids, user names, message ids) are theirs to use.
      expect(
        inputs.filter((input) =>
          /node_modules\/(undici|agora-token)\/|functions\/agora\/(?!identifiers\.ts)/.test(input),
        ),
      ).toEqual([]);
      expect(inputs).toContain(`functions/callbacks/${name}.ts`);
    },
  );

  test.each([
    ['pre-delivery', 'callbacks/pre-delivery-handler.ts'],
    ['moderation', 'moderation/delivery/handler.ts'],
  ] as const)(
    "%s: the SDK's credentials from the environment only, as Lambda gives them, without the rest of its default chain",
    async (_name, entry) => {
      const { inputs } = await bundleMetafile(entry);
      expect(
        inputs.filter((input) =>
          /node_modules\/@aws-sdk\/(credential-provider-(?!env\/)|nested-clients\/|token-providers\/)/.test(input),
        ),
      ).toEqual([]);
      expect(inputs.some((input) => input.includes('node_modules/@aws-sdk/credential-provider-env/'))).toBe(true);
    },
  );

  test('no function loads its source map at start; the map is in the asset, without the sources', () => {
    for (const name of FUNCTION_NAMES) {
      const { environment, file } = synthesized[name];
      expect(environment, name).not.toHaveProperty('NODE_OPTIONS');
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[]; sourcesContent?: unknown };
      expect(map.sources.length, name).toBeGreaterThan(0);
      expect(map.sourcesContent, name).toBeUndefined();
    }
  });

  test('the callbacks functions carry their rules in their code, as rules.json beside the bundle', () => {
    for (const name of ['pre-delivery', 'post-delivery'] as const) {
      expect(synthesized[name].environment.MODERATION_RULES_FILE).toBe('rules.json');
      expect(JSON.parse(readFileSync(join(synthesized[name].dir, 'rules.json'), 'utf8'))).toEqual({
        rules: [
          { name: 'banned-terms', terms: ['casino'], reject: true },
          { name: 'flood', reject: false, flood: { messages: 30, windowSeconds: 10 } },
        ],
        dryRun: false,
      });
    }
  });

  test("Node's HTTP modules are required, not imported: an imported one loads Node's own undici at start", () => {
    for (const name of FUNCTION_NAMES)
      expect(readFileSync(synthesized[name].file, 'utf8'), name).not.toMatch(/from\s*"(node:)?https?"/);
  });
});

describe('bundles under Node.js 24', () => {
  test('moderation: an SQS record disables its group and lands in the ledger', async () => {
    // The second seeded group: enabled (every 12th from the first is disabled by hand).
    const groupId = stack.emulator!.store.page(0, 2).groups[1]!.id;
    const event = moderationEvent('group.disable', groupId, { duration: 'permanent' });
    const sqsEvent = { Records: [sqsRecordFor(event, 'smoke-1', stack.sqs.queueArn)] };

    const outcome = await invoke('moderation', sqsEvent);

    expect(outcome.error).toBeUndefined();
    expect(outcome.node).toMatch(/^v24\./);
    expect(outcome.result).toEqual({ batchItemFailures: [] });
    expect(stack.emulator!.store.get(groupId)!.disabled).toBe(true);
    expect((await stack.ledger.listBans(groupId))[0]).toMatchObject({ eventId: event.id, status: 'active' });
    report('moderation', outcome.loadMs);
  });

  test('audit: a scheduled start completes and writes its manifest', async () => {
    const outcome = await invoke('audit', { source: 'schedule', job: 'audit' });

    expect(outcome.error).toBeUndefined();
    // Every 12th seeded group is disabled with no ban behind it: 10 groups disabled by hand. The
    // group the moderation bundle disabled has its ban in the ledger: no finding, whatever the order.
    expect(outcome.result).toEqual([
      { status: 'complete', runId: expect.any(String), counts: { groups: 120, findings: 10 } },
    ]);
    report('audit', outcome.loadMs);
  });

  test('pre-delivery: a function URL event with a banned term gets the rejection; init, its warm-up included, records nothing', async () => {
    const tableItems = async () =>
      (await stack.dynamo.client.send(new ScanCommand({ TableName: stack.dynamo.tableName }))).Items?.length ?? 0;
    const [itemsBefore, queuedBefore] = [await tableItems(), stack.inspect().queue.messages.ready.length];

    const outcome = await invoke(
      'pre-delivery',
      functionUrlEvent(messageCallback({ text: 'casino' }, stack.callbacks.secret)),
    );

    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"valid":false,"code":"banned-terms"}',
    });
    // The request's claim and its report only: the warm-up at init claimed and queued nothing.
    expect(await tableItems()).toBe(itemsBefore + 1);
    expect(stack.inspect().queue.messages.ready.length).toBe(queuedBefore + 1);
    report('pre-delivery', outcome.loadMs);
  });

  test('post-delivery: a matching message is counted in the ledger table and reported to the queue', async () => {
    const groupId = stack.emulator!.store.page(0, 2).groups[1]!.id;
    const before = stack.inspect().queue.messages.ready.length;

    const outcome = await invoke(
      'post-delivery',
      functionUrlEvent(messageCallback({ text: 'casino', groupId }, stack.callbacks.secret)),
    );

    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({ statusCode: 200, body: '{"ok":true,"violations":1}' });
    expect(stack.inspect().queue.messages.ready.length).toBe(before + 1);
    report('post-delivery', outcome.loadMs);
  });

  test('export: a group export request completes', async () => {
    const outcome = await invoke('export', { export: 'groups', filter: { disabledOnly: true } });

    expect(outcome.error).toBeUndefined();
    // The 10 groups disabled by hand, and the one the moderation bundle disabled if it ran first.
    const disabled = stack.emulator!.store.page(0, 120).groups.filter((group) => group.disabled).length;
    expect(outcome.result).toEqual([
      { status: 'complete', runId: expect.any(String), counts: { scanned: 120, groups: disabled } },
    ]);
    report('export', outcome.loadMs);
  });
});
