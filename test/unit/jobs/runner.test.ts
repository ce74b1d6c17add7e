/**
 * The job runner with a job of counted steps, a folder store and a continuation queue that can
 * refuse a send: checkpoints, stale continuations, and a run whose continuation was lost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DirectoryOutputStore, JobRunner, MANIFEST, type Continuation, type ContinuationQueue, type Job } from '../../../functions/jobs/index.js';

/** Steps 0..total-1, one record each; the cursor is the next step's number. */
const countingJob = (): Job<{ total: number }, { total: number }, { total: number }> => ({
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

describe('JobRunner', () => {
  test('a run checkpointed after every step sends a continuation per checkpoint and completes on the last', async () => {
    const job = countingJob();
    let outcome = await runner.start(job, { total: 3 }, {}, everyStep);
    while (outcome.status === 'checkpointed') outcome = await runner.resume(job, queue.sent.at(-1)!.checkpointKey, everyStep);

    expect(outcome).toMatchObject({ status: 'complete', manifest: { counts: { steps: 3 }, scan: { complete: true, pages: 3 } } });
    expect(queue.sent.map((c) => c.checkpointKey.split('/').at(-1))).toEqual(['checkpoint-00001.json', 'checkpoint-00002.json']);
  });

  test('a continuation delivered again after the run went on is dropped, and the newest checkpoint is asked for again', async () => {
    const job = countingJob();
    await runner.start(job, { total: 5 }, {}, everyStep);
    const first = queue.sent[0]!.checkpointKey;
    await runner.resume(job, first, everyStep);
    const second = queue.sent[1]!.checkpointKey;

    const again = await runner.resume(job, first, everyStep);

    expect(again).toEqual({ status: 'superseded', runId: expect.any(String), checkpointKey: second });
    expect(queue.sent.map((c) => c.checkpointKey)).toEqual([first, second, second]);
  });

  test('a run whose continuation could not be sent after its checkpoint is still finished when its invocation is retried', async () => {
    const job = countingJob();
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
    const job = countingJob();
    await runner.start(job, { total: 2 }, {}, everyStep);
    const first = queue.sent[0]!.checkpointKey;
    const done = await runner.resume(job, first, everyStep);
    expect(done.status).toBe('complete');

    expect(await runner.resume(job, first, everyStep)).toMatchObject({ status: 'already-complete' });
    expect(queue.sent).toHaveLength(1);
  });
});
