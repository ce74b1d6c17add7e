/**
 * The job runner on an in-memory store, with a small job that counts: runs whole and in pieces,
 * the checkpoints between the pieces, the manifest at the end (whose parts must describe the
 * bytes stored, earlier invocations' parts included), and the stale continuations it drops.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConfigError } from '../../../functions/config/index.js';
import { DirectoryOutputStore, JobRunner, type Job, type Manifest } from '../../../functions/jobs/index.js';
import { MANIFEST } from '../../../functions/jobs/run-layout.js';
import { type Continuation, type ContinuationQueue } from '../../../functions/jobs/continuation.js';
import { type RunControl } from '../../../functions/jobs/runner.js';
import { MemoryOutputStore } from '../../helpers/memory-output-store.js';
import { parseCsv } from '../../helpers/parse-csv.js';

const STARTED = new Date('2026-11-25T20:30:00.500Z');
const FINISHED = new Date('2026-11-25T20:45:00.000Z');

interface Item {
  n: number;
  label: string;
}
interface CountData {
  total: number;
  /** Kept by `suspend`, so a resumed pass continues the sum. */
  sum: number;
  passes: number;
}
interface CountSummary {
  sum: number;
  passes: number;
}

/** Writes items 0 … total-1, three a step (the cursor is the next item), to one series with CSV. */
function countingJob(
  opened: { cursors: (string | undefined)[] } = { cursors: [] },
): Job<{ total: number }, CountData, CountSummary> {
  return {
    name: 'count',
    outputs: [
      {
        name: 'items',
        prefix: 'items-',
        csv: { columns: ['n', 'label'], toRow: (item: Item) => [item.n, item.label] },
      },
    ],
    async start(request) {
      return { total: request.total, sum: 0, passes: 0 };
    },
    async open(run) {
      opened.cursors.push(run.cursor);
      let sum = run.data.sum;
      return {
        async *steps() {
          for (let next = Number(run.cursor ?? 0); next < run.data.total;) {
            const end = Math.min(next + 3, run.data.total);
            for (; next < end; next++) {
              await run.write('items', { n: next, label: `item ${next}` });
              sum += next;
            }
            yield {
              cursor: next < run.data.total ? String(next) : undefined,
              progress: { items: run.records('items') },
            };
          }
        },
        suspend() {
          run.data.sum = sum;
          run.data.passes += 1;
        },
        async finish() {
          await run.writeJson('summary.json', { sum });
          return { counts: { items: run.records('items') }, summary: { sum, passes: run.data.passes + 1 } };
        },
      };
    },
  };
}

/** A runner on `store` whose clock reads `STARTED` first and `FINISHED` after, and that keeps the continuations it sends. */
function runnerOn(store: MemoryOutputStore) {
  const continuations: Continuation[] = [];
  const times = [STARTED, FINISHED];
  const runner = new JobRunner({
    store,
    clock: () => times.shift() ?? FINISHED,
    continuations: { send: async (continuation) => void continuations.push(continuation) },
  });
  return { runner, continuations };
}

const stopAfterPages = (...pages: number[]): RunControl => ({
  shouldCheckpoint: ({ pages: done }) => pages.includes(done),
});

/** The records of every part of a format, in manifest order. */
function records(store: MemoryOutputStore, manifest: Manifest, format: 'jsonl' | 'csv'): unknown[] {
  return manifest.parts
    .filter((part) => part.format === format)
    .flatMap((part) => {
      const text = gunzipSync(store.objects.get(part.key)!).toString('utf8');
      return format === 'jsonl'
        ? text
            .split('\n')
            .filter(Boolean)
            .map((line) => JSON.parse(line) as unknown)
        : parseCsv(text).slice(1);
    });
}

/** Runs a job from start to end through every checkpoint, as the jobs queue would. */
async function runInPieces(
  store: MemoryOutputStore,
  total: number,
  control: RunControl,
  options = { recordsPerPart: 4 },
) {
  const { runner, continuations } = runnerOn(store);
  const job = countingJob();
  let outcome = await runner.start(job, { total }, options, control);
  const checkpoints: string[] = [];
  while (outcome.status === 'checkpointed') {
    checkpoints.push(outcome.checkpointKey);
    outcome = await runner.resume(job, continuations.at(-1)!.checkpointKey, control);
  }
  if (outcome.status !== 'complete') throw new Error(`run ended ${outcome.status}`);
  return { manifest: outcome.manifest, checkpoints, continuations };
}

describe('a run in one invocation', () => {
  test('writes its parts, then the manifest describing them', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);

    const manifest = await runner.run(countingJob(), { total: 5 }, { prefix: 'runs' });

    const runId = manifest.runId;
    expect(runId).toMatch(/^20261125T203000Z-[0-9a-f]{6}$/);
    const folder = `runs/count/2026-11-25/${runId}/`;
    expect(manifest).toEqual({
      job: 'count',
      runId,
      startedAt: STARTED.toISOString(),
      finishedAt: FINISHED.toISOString(),
      counts: { items: 5 },
      parts: [
        {
          key: `${folder}items-part-00000.jsonl.gz`,
          format: 'jsonl',
          records: 5,
          bytes: expect.any(Number),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        {
          key: `${folder}items-part-00000.csv.gz`,
          format: 'csv',
          records: 5,
          bytes: expect.any(Number),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
      ],
      scan: { complete: true, pages: 2 },
      summary: { sum: 10, passes: 1 },
    });
    expect(store.keys()).toEqual(
      [
        `${folder}items-part-00000.csv.gz`,
        `${folder}items-part-00000.jsonl.gz`,
        `${folder}manifest.json`,
        `${folder}summary.json`,
      ].sort(),
    );
    expect(JSON.parse((await store.readText(`${folder}manifest.json`))!)).toEqual(manifest);
    expect(store.contentTypes.get(`${folder}manifest.json`)).toBe('application/json');
    expect(JSON.parse((await store.readText(`${folder}summary.json`))!)).toEqual({ sum: 10 });
    expect(continuations).toEqual([]);
  });

  test('each part’s size and SHA-256 are those of the bytes stored', async () => {
    const store = new MemoryOutputStore();
    const manifest = await runnerOn(store).runner.run(countingJob(), { total: 10 }, { recordsPerPart: 4 });

    expect(manifest.parts).toHaveLength(6);
    for (const part of manifest.parts) expect(part, part.key).toMatchObject(store.digestOf(part.key));
  });

  test('starts a new part every recordsPerPart records, a CSV part always with its header', async () => {
    const store = new MemoryOutputStore();
    const manifest = await runnerOn(store).runner.run(countingJob(), { total: 10 }, { recordsPerPart: 4 });

    expect(manifest.parts.map((part) => [part.key.split('/').at(-1), part.records])).toEqual([
      ['items-part-00000.jsonl.gz', 4],
      ['items-part-00001.jsonl.gz', 4],
      ['items-part-00002.jsonl.gz', 2],
      ['items-part-00000.csv.gz', 4],
      ['items-part-00001.csv.gz', 4],
      ['items-part-00002.csv.gz', 2],
    ]);
    for (const part of manifest.parts.filter((p) => p.format === 'csv')) {
      expect(parseCsv(gunzipSync(store.objects.get(part.key)!).toString('utf8'))[0]).toEqual(['n', 'label']);
    }
    expect(records(store, manifest, 'jsonl')).toEqual(
      Array.from({ length: 10 }, (_, n) => ({ n, label: `item ${n}` })),
    );
  });

  test('writes its runs without a prefix at the store’s root, 250,000 records a part by default', async () => {
    const store = new MemoryOutputStore();
    const manifest = await runnerOn(store).runner.run(countingJob(), { total: 7 });
    expect(manifest.parts.map((part) => part.key)).toEqual([
      `count/2026-11-25/${manifest.runId}/items-part-00000.jsonl.gz`,
      `count/2026-11-25/${manifest.runId}/items-part-00000.csv.gz`,
    ]);
  });

  test('tells its progress after each step', async () => {
    const progress: Record<string, number>[] = [];
    await runnerOn(new MemoryOutputStore()).runner.run(
      countingJob(),
      { total: 7 },
      {},
      { onProgress: (p) => progress.push(p) },
    );
    expect(progress).toEqual([
      { items: 3, pages: 1 },
      { items: 6, pages: 2 },
      { items: 7, pages: 3 },
    ]);
  });

  test('hands the job where and when the run starts', async () => {
    const store = new MemoryOutputStore();
    const seen: unknown[] = [];
    const job = countingJob();
    const signal = new AbortController().signal;
    await runnerOn(store).runner.run(
      { ...job, start: async (request, context) => (seen.push(context), job.start(request, context)) },
      { total: 1 },
      { prefix: 'p' },
      { call: { signal } },
    );
    expect(seen).toEqual([{ store, prefix: 'p', now: STARTED, call: { signal } }]);
  });

  test('refuses a prefix that is not a plain relative path, before writing anything', async () => {
    const store = new MemoryOutputStore();
    await expect(
      runnerOn(store).runner.run(countingJob(), { total: 1 }, { prefix: '../elsewhere' }),
    ).rejects.toBeInstanceOf(ConfigError);
    expect(store.keys()).toEqual([]);
  });

  test('a run that stops without a deadline rule is an error for run()', async () => {
    const { runner } = runnerOn(new MemoryOutputStore());
    // The call's deadline is already inside the checkpoint margin.
    await expect(runner.run(countingJob(), { total: 7 }, {}, { call: { deadline: Date.now() } })).rejects.toThrow(
      'a run without a deadline stopped (checkpointed)',
    );
  });

  test('a series the job did not declare is an error', async () => {
    const job = countingJob();
    const broken: typeof job = {
      ...job,
      open: async (run) => ({
        async *steps() {
          await run.write('other', {});
          yield { cursor: undefined, progress: {} };
        },
        finish: async () => ({ counts: {}, summary: { sum: 0, passes: 0 } }),
      }),
    };
    await expect(runnerOn(new MemoryOutputStore()).runner.run(broken, { total: 1 })).rejects.toThrow(
      'no output series "other"',
    );
  });
});

describe('a run in pieces', () => {
  test('checkpoints after a step that leaves more to do, and asks for its next invocation', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);

    const outcome = await runner.start(countingJob(), { total: 7 }, { recordsPerPart: 4 }, stopAfterPages(2));

    expect(outcome).toMatchObject({
      status: 'checkpointed',
      pages: 2,
      checkpointKey: expect.stringMatching(/^count\/2026-11-25\/[^/]+\/checkpoint-00001\.json$/),
    });
    const key = (outcome as { checkpointKey: string }).checkpointKey;
    expect(continuations).toEqual([{ job: 'count', checkpointKey: key }]);
    const checkpoint = JSON.parse((await store.readText(key))!) as Record<string, unknown>;
    expect(checkpoint).toMatchObject({
      job: 'count',
      cursor: '6',
      pages: 2,
      checkpoints: 1,
      recordsPerPart: 4,
      nextPart: { 'items.jsonl': 2, 'items.csv': 2 },
      records: { items: 6 },
      data: { total: 7, sum: 15, passes: 1 },
    });
    expect((checkpoint.parts as { records: number }[]).map((part) => part.records)).toEqual([4, 2, 4, 2]);
    expect(store.keys().filter((k) => k.endsWith('manifest.json'))).toEqual([]);
  });

  test('never checkpoints after the last step', async () => {
    const { runner, continuations } = runnerOn(new MemoryOutputStore());
    const outcome = await runner.start(countingJob(), { total: 6 }, {}, { shouldCheckpoint: () => true });
    expect(outcome).toMatchObject({ status: 'checkpointed', pages: 1 });
    const resumed = await runner.resume(countingJob(), continuations[0]!.checkpointKey, {
      shouldCheckpoint: ({ pages }) => pages < 2,
    });
    expect(resumed.status).toBe('complete');
  });

  test('a resumed run writes the same records as one that never stopped, and counts them all', async () => {
    const whole = new MemoryOutputStore();
    const oneGo = await runnerOn(whole).runner.run(countingJob(), { total: 10 }, { recordsPerPart: 4 });
    const pieces = new MemoryOutputStore();

    const { manifest, checkpoints } = await runInPieces(pieces, 10, stopAfterPages(1, 3));

    expect(checkpoints.map((key) => key.split('/').at(-1))).toEqual(['checkpoint-00001.json', 'checkpoint-00002.json']);
    expect(records(pieces, manifest, 'jsonl')).toEqual(records(whole, oneGo, 'jsonl'));
    expect(records(pieces, manifest, 'csv')).toEqual(records(whole, oneGo, 'csv'));
    expect(manifest).toMatchObject({
      counts: { items: 10 },
      scan: { complete: true, pages: 4 },
      summary: { sum: 45, passes: 3 },
    });
  });

  test('the manifest of a resumed run keeps every earlier part, with the size and SHA-256 of the bytes stored', async () => {
    const store = new MemoryOutputStore();

    const { manifest, checkpoints } = await runInPieces(store, 10, stopAfterPages(1, 3));

    // Parts of the first invocation have plain names; those of resumed ones carry their tag.
    const names = manifest.parts.map((part) => part.key.split('/').at(-1)!);
    expect(names.filter((name) => /^items-part-\d{5}\.(jsonl|csv)\.gz$/.test(name))).toEqual([
      'items-part-00000.jsonl.gz',
      'items-part-00000.csv.gz',
    ]);
    expect(names.filter((name) => /^items-part-\d{5}-[0-9a-f]{6}\./.test(name))).toHaveLength(names.length - 2);
    expect(store.keys().filter((key) => key.includes('items-part-'))).toEqual(
      manifest.parts.map((part) => part.key).sort(),
    );
    for (const part of manifest.parts) expect(part, part.key).toMatchObject(store.digestOf(part.key));
    // What the first checkpoint recorded of its parts is what the manifest says of them.
    const first = JSON.parse((await store.readText(checkpoints[0]!))!) as { parts: unknown[] };
    expect(manifest.parts.slice(0, first.parts.length)).toEqual(first.parts);
  });

  test('part numbers continue across invocations', async () => {
    const store = new MemoryOutputStore();
    const { manifest } = await runInPieces(store, 10, stopAfterPages(1, 2, 3));
    for (const format of ['jsonl', 'csv']) {
      const numbers = manifest.parts
        .filter((part) => part.format === format)
        .map((part) => part.key.match(/part-(\d{5})/)![1]);
      expect(numbers, format).toEqual(['00000', '00001', '00002', '00003']);
    }
  });

  test('a resumed pass starts at the checkpoint’s cursor, with the data the job kept', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    const opened = { cursors: [] as (string | undefined)[] };
    await runner.start(countingJob(opened), { total: 7 }, {}, stopAfterPages(1));

    const outcome = await runner.resume(countingJob(opened), continuations[0]!.checkpointKey);

    expect(opened.cursors).toEqual([undefined, '3']);
    expect(outcome).toMatchObject({ status: 'complete', manifest: { summary: { sum: 21, passes: 2 } } });
  });

  test('checkpoints when less than the margin is left before the deadline, not before', async () => {
    const { runner } = runnerOn(new MemoryOutputStore());
    const near = await runner.start(
      countingJob(),
      { total: 7 },
      {},
      { call: { deadline: Date.now() + 60_000 }, checkpointMarginMs: 120_000 },
    );
    const far = await runner.start(
      countingJob(),
      { total: 7 },
      {},
      { call: { deadline: Date.now() + 600_000 }, checkpointMarginMs: 120_000 },
    );
    const defaultMargin = await runner.start(
      countingJob(),
      { total: 7 },
      {},
      { call: { deadline: Date.now() + 100_000 } },
    );
    const none = await runner.start(countingJob(), { total: 7 }, {}, {});

    expect([near.status, far.status, defaultMargin.status, none.status]).toEqual([
      'checkpointed',
      'complete',
      'checkpointed',
      'complete',
    ]);
  });

  test('a run with exactly the margin left before its deadline goes on', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: STARTED });
    try {
      const { runner } = runnerOn(new MemoryOutputStore());
      const outcome = await runner.start(
        countingJob(),
        { total: 7 },
        {},
        { call: { deadline: Date.now() + 120_000 }, checkpointMarginMs: 120_000 },
      );
      expect(outcome.status).toBe('complete');
    } finally {
      vi.useRealTimers();
    }
  });

  test('a runner without a continuation queue checkpoints, and drops a stale continuation, all the same', async () => {
    const store = new MemoryOutputStore();
    const runner = new JobRunner({ store });
    const first = await runner.start(countingJob(), { total: 10 }, {}, stopAfterPages(1));
    expect(first).toMatchObject({ status: 'checkpointed' });
    const key = (first as { checkpointKey: string }).checkpointKey;
    await runner.resume(countingJob(), key, stopAfterPages(2));

    expect(await runner.resume(countingJob(), key)).toMatchObject({
      status: 'superseded',
      checkpointKey: key.replace('00001', '00002'),
    });
  });

  test('every store operation of a run, started or resumed, carries the caller’s call options', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    const call = { signal: new AbortController().signal };
    await runner.start(countingJob(), { total: 7 }, {}, { call, shouldCheckpoint: ({ pages }) => pages === 1 });
    await runner.resume(countingJob(), continuations[0]!.checkpointKey, { call });

    expect(store.calls.map((entry) => entry.op)).toEqual(expect.arrayContaining(['upload', 'create', 'readText']));
    expect(store.calls.filter((entry) => entry.call !== call)).toEqual([]);
  });
});

describe('stale continuations', () => {
  test('a continuation of a run that has its manifest writes nothing', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    await runner.start(countingJob(), { total: 7 }, {}, stopAfterPages(1));
    const key = continuations[0]!.checkpointKey;
    await runner.resume(countingJob(), key);
    const before = store.keys();

    const again = await runner.resume(countingJob(), key);

    expect(again).toEqual({
      status: 'already-complete',
      runId: expect.any(String),
      manifestKey: key.replace('checkpoint-00001.json', 'manifest.json'),
    });
    expect(store.keys()).toEqual(before);
  });

  test('a continuation whose checkpoint has a successor is superseded, and writes nothing', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    await runner.start(countingJob(), { total: 10 }, {}, stopAfterPages(1));
    const first = continuations[0]!.checkpointKey;
    await runner.resume(countingJob(), first, stopAfterPages(2));
    const before = store.keys();

    const stale = await runner.resume(countingJob(), first);

    expect(stale).toMatchObject({ status: 'superseded', checkpointKey: first.replace('00001', '00002') });
    expect(store.keys()).toEqual(before);
  });

  test('of two invocations resuming one checkpoint, the second to checkpoint is superseded and sends no continuation', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    await runner.start(countingJob(), { total: 10 }, {}, stopAfterPages(1));
    const key = continuations[0]!.checkpointKey;

    const [a, b] = await Promise.all([
      runner.resume(countingJob(), key, stopAfterPages(2)),
      runner.resume(countingJob(), key, stopAfterPages(2)),
    ]);

    expect([a.status, b.status].sort()).toEqual(['checkpointed', 'superseded']);
    // The loser names the checkpoint the winner saved.
    const superseded = [a, b].find((outcome) => outcome.status === 'superseded');
    expect(superseded).toMatchObject({ checkpointKey: key.replace('00001', '00002') });
    expect(continuations).toHaveLength(2);
  });

  test('of two invocations finishing one run, the second finds the manifest written', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    await runner.start(countingJob(), { total: 7 }, {}, stopAfterPages(1));
    const key = continuations[0]!.checkpointKey;

    const outcomes = await Promise.all([runner.resume(countingJob(), key), runner.resume(countingJob(), key)]);

    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['already-complete', 'complete']);
  });

  test('a checkpoint of another job, or none at all, is refused', async () => {
    const store = new MemoryOutputStore();
    const { runner, continuations } = runnerOn(store);
    await runner.start(countingJob(), { total: 7 }, {}, stopAfterPages(1));
    const key = continuations[0]!.checkpointKey;

    await expect(runner.resume({ ...countingJob(), name: 'other' }, key)).rejects.toThrow(
      `checkpoint ${key} belongs to job count, not other`,
    );
    await expect(runner.resume(countingJob(), 'count/nothing-here.json')).rejects.toThrow(
      'no checkpoint at count/nothing-here.json',
    );
  });
});

/** Steps 0..total-1, one record each; the cursor is the next step's number. */
const steppingJob = (): Job<{ total: number }, { total: number }, { total: number }> => ({
  name: 'count',
  outputs: [{ name: 'steps', prefix: '' }],
  start: async (request) => request,
  open: async (run) => ({
    async *steps() {
      for (let step = Number(run.cursor ?? 0); step < run.data.total; step++) {
        await run.write('steps', { step });
        yield { cursor: step + 1 < run.data.total ? String(step + 1) : undefined, progress: { step } };
      }
    },
    finish: async () => ({ counts: { steps: run.records('steps') }, summary: { total: run.data.total } }),
  }),
});

/** Records what was sent; refuses the sends it is told to. */
class Continuations implements ContinuationQueue {
  readonly sent: Continuation[] = [];
  refuse = 0;
  async send(continuation: Continuation): Promise<void> {
    if (this.refuse > 0) {
      this.refuse -= 1;
      throw new Error('ThrottlingException: refused');
    }
    this.sent.push(continuation);
  }
}

describe('continuations lost or delivered again (a folder store, a queue that can refuse)', () => {
  let dir: string;
  let store: DirectoryOutputStore;
  let queue: Continuations;
  let runner: JobRunner;
  const everyStep = { shouldCheckpoint: () => true };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runner-'));
    store = new DirectoryOutputStore(dir);
    queue = new Continuations();
    runner = new JobRunner({ store, continuations: queue });
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('a run checkpointed after every step sends a continuation per checkpoint and completes on the last', async () => {
    const job = steppingJob();
    let outcome = await runner.start(job, { total: 3 }, {}, everyStep);
    while (outcome.status === 'checkpointed')
      outcome = await runner.resume(job, queue.sent.at(-1)!.checkpointKey, everyStep);

    expect(outcome).toMatchObject({
      status: 'complete',
      manifest: { counts: { steps: 3 }, scan: { complete: true, pages: 3 } },
    });
    expect(queue.sent.map((c) => c.checkpointKey.split('/').at(-1))).toEqual([
      'checkpoint-00001.json',
      'checkpoint-00002.json',
    ]);
  });

  test('a continuation delivered again after the run went on is dropped, and the newest checkpoint is asked for again', async () => {
    const job = steppingJob();
    await runner.start(job, { total: 5 }, {}, everyStep);
    const first = queue.sent[0]!.checkpointKey;
    await runner.resume(job, first, everyStep);
    const second = queue.sent[1]!.checkpointKey;

    const again = await runner.resume(job, first, everyStep);

    expect(again).toEqual({ status: 'superseded', runId: expect.any(String), checkpointKey: second });
    expect(queue.sent.map((c) => c.checkpointKey)).toEqual([first, second, second]);
  });

  test('a run whose continuation could not be sent after its checkpoint is still finished when its invocation is retried', async () => {
    const job = steppingJob();
    await runner.start(job, { total: 3 }, {}, everyStep);
    const first = queue.sent[0]!.checkpointKey;
    // The resume saves checkpoint 2, then its send is refused: the invocation fails.
    queue.refuse = 1;
    await expect(runner.resume(job, first, everyStep)).rejects.toThrow(/refused/);
    expect(queue.sent).toHaveLength(1);

    // The jobs queue delivers the continuation of checkpoint 1 again: stale, but it asks for checkpoint 2.
    expect(await runner.resume(job, first, everyStep)).toMatchObject({ status: 'superseded' });
    const outcome = await runner.resume(job, queue.sent.at(-1)!.checkpointKey, everyStep);

    expect(outcome).toMatchObject({ status: 'complete', manifest: { counts: { steps: 3 } } });
    const keys: string[] = [];
    for await (const key of store.list('count/')) keys.push(key.split('/').at(-1)!);
    expect(keys.filter((key) => key === MANIFEST)).toHaveLength(1);
  });

  test('a continuation of a complete run changes nothing and asks for nothing', async () => {
    const job = steppingJob();
    await runner.start(job, { total: 2 }, {}, everyStep);
    const first = queue.sent[0]!.checkpointKey;
    const done = await runner.resume(job, first, everyStep);
    expect(done.status).toBe('complete');

    expect(await runner.resume(job, first, everyStep)).toMatchObject({ status: 'already-complete' });
    expect(queue.sent).toHaveLength(1);
  });
});
