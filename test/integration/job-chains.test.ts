/**
 * A job run as a long chain of invocations, end to end on the local stack: a scheduled start,
 * then the jobs queue (fauxqs) invoking the handler again for every continuation, as the
 * deployed event source mapping does (one record per batch, two at once). The run goes on past
 * 16 invocations and finishes with every group, each continuation from a checkpoint: the chain
 * itself holds, however long.
 *
 * What this cannot show is that Lambda lets it go on: the local stack has no recursive loop
 * detection, which in AWS stops such a chain after about 16 invocations unless the function
 * allows the loop. test/unit/infra/recursive-loop.test.ts pins that the job functions do
 * (RecursiveLoop Allow) and every other function keeps Terminate.
 */
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditSettingsFromEnv } from '../../functions/audit/audit-env.js';
import { createAuditHandler } from '../../functions/audit/handler.js';
import { createExportHandler } from '../../functions/export/handler.js';
import { latestManifest } from '../../functions/jobs/index.js';
import type { JobDependencies, Manifest } from '../../functions/jobs/index.js';
import type { JobResult } from '../../functions/jobs/job-handler.js';
import { startLocalStack, type LocalStack } from '../../local/stack/local-stack.js';
import { lambdaContext } from '../../local/stack/lambda-context.js';
import { SqsPoller, type BatchHandler } from '../../local/stack/sqs-poller.js';
import { waitFor } from '../../local/wait-for.js';
import { jobDependencies } from '../helpers/job-dependencies.js';
import { parseCsv } from '../helpers/parse-csv.js';
import { readParts } from '../helpers/read-run.js';

/** Groups a scan reads per page, and so per invocation here. */
const PAGE_SIZE = 100;
const GROUPS = 2_000;
/** Lambda's recursive loop detection (absent locally) stops a chain after about this many invocations. */
const LOOP_DETECTION_LIMIT = 16;

let stack: LocalStack;
let deps: JobDependencies;
let groupIds: string[];
type JobHandler = (event: unknown, context: Context) => Promise<JobResult[]>;
/** The job function the jobs queue invokes: one poller for the file, as one queue's mapping. */
let current: JobHandler | undefined;
let continuations: SqsPoller;

beforeAll(async () => {
  stack = await startLocalStack({ client: { rateLimits: false }, logLevel: 'SILENT', startPoller: false });
  stack.emulator!.store.seed({ count: GROUPS, users: 20, disabledEvery: 7 });
  groupIds = stack.emulator!.store.page(0, GROUPS).groups.map((group) => group.id);
  // Each invocation's budget is used up from its start: every one does a single page, checkpoints and continues.
  deps = jobDependencies(stack);
  // The deployed mapping: one record per invocation, two invocations at once at most.
  continuations = new SqsPoller({
    sqs: stack.sqs.client,
    queueUrl: stack.sqs.jobsQueueUrl,
    queueArn: 'arn:aws:sqs:us-east-1:000000000000:moderation-jobs',
    handler: ((event: unknown, context: Context) => current!(event, context)) as unknown as BatchHandler,
    batchSize: 1,
    concurrency: 2,
    timeoutMs: 300_000,
  });
  continuations.start();
}, 60_000);
afterAll(async () => {
  await continuations?.stop();
  await stack?.close();
});

/** Starts a run as its schedule does, lets the jobs queue's event source carry it on, and returns its manifest. */
async function runChain(handle: JobHandler, start: unknown, job: string) {
  current = handle;
  const before = { ...continuations.stats };
  const [started] = await handle(start, lambdaContext(job, 300_000));
  expect(started).toMatchObject({ status: 'checkpointed' });
  const found = await waitFor(`the ${job} manifest`, () => latestManifest(deps.store, '', job), 120_000);
  const stats = Object.fromEntries(
    Object.entries(continuations.stats).map(([name, value]) => [name, value - before[name as keyof typeof before]]),
  );
  return { manifest: found.manifest as Manifest<unknown>, stats };
}

describe('job chains longer than recursive loop detection allows', () => {
  test(`a groups export of ${GROUPS} groups, one page per invocation, finishes with every group`, async () => {
    const { manifest, stats } = await runChain(
      createExportHandler(deps),
      { export: 'groups', filter: {} },
      'export-groups',
    );

    const pages = GROUPS / PAGE_SIZE;
    expect(manifest.scan).toEqual({ complete: true, pages });
    expect(manifest.counts).toEqual({ scanned: GROUPS, groups: GROUPS });
    // Every invocation after the start came from a continuation, each of them ran (none failed, none stale).
    expect(stats).toMatchObject({ invocations: pages - 1, invocationErrors: 0, failed: 0 });
    expect(stats.invocations).toBeGreaterThan(LOOP_DETECTION_LIMIT);
    const checkpoints: string[] = [];
    for await (const key of deps.store.list(''))
      if (key.includes(manifest.runId) && /checkpoint-\d+\.json$/.test(key)) checkpoints.push(key);
    expect(checkpoints).toHaveLength(pages - 1);

    const rows = parseCsv(await readParts(deps.store, manifest, 'part-', 'csv')).filter((row) => row[0] !== 'id');
    expect(rows.map((row) => row[0]).sort()).toEqual([...groupIds].sort());
  });

  test(`an audit of the same ${GROUPS} groups, chained the same way, counts every group`, async () => {
    const audit = createAuditHandler({ ...deps, audit: auditSettingsFromEnv({}), ledger: stack.ledger });
    const { manifest, stats } = await runChain(audit, { source: 'aws.scheduler' }, 'audit');

    expect(manifest.scan).toEqual({ complete: true, pages: GROUPS / PAGE_SIZE });
    expect(manifest.counts).toMatchObject({ groups: GROUPS });
    expect(stats.invocations).toBeGreaterThan(LOOP_DETECTION_LIMIT);
    expect(stats.invocationErrors).toBe(0);
  });
});
