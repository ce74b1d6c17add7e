/**
 * Runs jobs. A run is started from a request or resumed from a checkpoint; the runner takes its
 * steps, and after each step that leaves more to do it asks whether to stop: when less than the
 * checkpoint margin is left before the invocation's deadline (or when `shouldCheckpoint` says
 * so), it closes the parts, saves the next checkpoint and sends the continuation. At the end it
 * writes the manifest, last.
 *
 * A complete run never changes and no stale invocation writes over a newer state: every object is
 * written only if absent, parts after a resume carry the invocation's tag, and a stale
 * continuation is dropped, asking for the newest checkpoint to be resumed. See
 * docs/jobs.md#a-complete-run-never-changes.
 */
import type { CallOptions } from '../agora/index.js';
import {
  checkpointKey,
  DEFAULT_RECORDS_PER_PART,
  loadCheckpoint,
  newRunState,
  saveCheckpoint,
  type RunState,
} from './checkpoint.js';
import type { ContinuationQueue } from './continuation.js';
import type { Job, RunContext } from './job.js';
import { checkKeyPrefix } from './key-path.js';
import { createJson, type OutputStore } from './output-store.js';
import { RunOutputs } from './run-outputs.js';
import { MANIFEST, newPassTag, type Manifest } from './run-layout.js';

export interface JobRunnerDependencies {
  store: OutputStore;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Where a checkpointed run asks for its next invocation (the jobs queue). */
  continuations?: ContinuationQueue;
}

export interface StartOptions {
  /** Key prefix of all runs: a relative path, without "." or ".." segments. @default '' */
  prefix?: string;
  /** @default 250000 */
  recordsPerPart?: number;
}

/** How one invocation steers a run. */
export interface RunControl {
  /** The invocation's signal and deadline; the deadline also decides when to checkpoint. */
  call?: CallOptions;
  /** Checkpoint once less than this is left before `call.deadline`. @default 120000 */
  checkpointMarginMs?: number;
  /** Replaces the deadline rule: asked after each step that leaves more to do. */
  shouldCheckpoint?: (progress: { pages: number }) => boolean;
  onProgress?: (progress: Record<string, number>) => void;
}

export type JobOutcome<Summary> =
  | { status: 'complete'; manifest: Manifest<Summary> }
  | { status: 'checkpointed'; checkpointKey: string; pages: number }
  /** The run had finished already (a continuation delivered again): nothing was written. */
  | { status: 'already-complete'; runId: string; manifestKey: string }
  /**
   * Another invocation took the run past this one's checkpoint: this one's work is dropped, and
   * (on a resume) the newest checkpoint, `checkpointKey`, is asked for again.
   */
  | { status: 'superseded'; runId: string; checkpointKey: string };

export const DEFAULT_CHECKPOINT_MARGIN_MS = 120_000;

export class JobRunner {
  private readonly store: OutputStore;
  private readonly now: () => Date;

  constructor(private readonly deps: JobRunnerDependencies) {
    this.store = deps.store;
    this.now = deps.clock ?? (() => new Date());
  }

  /**
   * Starts a run; it completes unless the control stops it at a checkpoint.
   * @throws {ConfigError} for a prefix that is not a plain relative path.
   */
  async start<R, D, S>(
    job: Job<R, D, S>,
    request: R,
    options: StartOptions = {},
    control: RunControl = {},
  ): Promise<JobOutcome<S>> {
    const prefix = options.prefix ?? '';
    checkKeyPrefix(prefix);
    const startedAt = this.now();
    const data = await job.start(request, { store: this.store, prefix, now: startedAt, call: control.call ?? {} });
    return this.continueRun(
      job,
      newRunState(job.name, prefix, startedAt, options.recordsPerPart ?? DEFAULT_RECORDS_PER_PART, data),
      control,
      '',
    );
  }

  /** Continues a checkpointed run from its checkpoint's key, unless the continuation is stale. */
  async resume<R, D, S>(job: Job<R, D, S>, key: string, control: RunControl = {}): Promise<JobOutcome<S>> {
    const call = control.call ?? {};
    const state = await loadCheckpoint<D>(this.store, key, job.name, call);
    const manifestKey = `${state.keyPrefix}${MANIFEST}`;
    if ((await this.store.readText(manifestKey, call)) !== undefined)
      return { status: 'already-complete', runId: state.runId, manifestKey };
    const newest = await this.newestCheckpoint(state.keyPrefix, state.checkpoints ?? 0, call);
    if (newest !== undefined) {
      await this.deps.continuations?.send({ job: job.name, checkpointKey: newest }, call);
      return { status: 'superseded', runId: state.runId, checkpointKey: newest };
    }
    return this.continueRun(job, state, control, newPassTag());
  }

  /** The key of the last checkpoint saved after number `from`, or `undefined` when none was. */
  private async newestCheckpoint(keyPrefix: string, from: number, call: CallOptions): Promise<string | undefined> {
    let newest: string | undefined;
    for (let sequence = from + 1; ; sequence++) {
      const key = checkpointKey(keyPrefix, sequence);
      if ((await this.store.readText(key, call)) === undefined) return newest;
      newest = key;
    }
  }

  /** A whole run in one go (the CLI, which has no deadline). */
  async run<R, D, S>(
    job: Job<R, D, S>,
    request: R,
    options: StartOptions = {},
    control: Omit<RunControl, 'shouldCheckpoint' | 'checkpointMarginMs'> = {},
  ): Promise<Manifest<S>> {
    const outcome = await this.start(job, request, options, control);
    if (outcome.status !== 'complete') throw new Error(`a run without a deadline stopped (${outcome.status})`);
    return outcome.manifest;
  }

  private async continueRun<R, D, S>(
    job: Job<R, D, S>,
    state: RunState<D>,
    control: RunControl,
    tag: string,
  ): Promise<JobOutcome<S>> {
    const call = control.call ?? {};
    const outputs = new RunOutputs(state, job.outputs, { store: this.store, tag, call });
    const run: RunContext<D> = {
      runId: state.runId,
      keyPrefix: state.keyPrefix,
      cursor: state.cursor,
      data: state.data,
      store: this.store,
      call,
      now: this.now,
      write: (series, record) => outputs.write(series, record),
      records: (series) => outputs.records(series),
      writeJson: async (name, value) => void (await createJson(this.store, `${state.keyPrefix}${name}`, value, call)),
    };
    const pass = await job.open(run);
    const stopHere =
      control.shouldCheckpoint ?? this.deadlineRule(call, control.checkpointMarginMs ?? DEFAULT_CHECKPOINT_MARGIN_MS);

    for await (const step of pass.steps()) {
      state.pages += 1;
      control.onProgress?.({ ...step.progress, pages: state.pages });
      if (step.cursor !== undefined && stopHere({ pages: state.pages })) {
        pass.suspend?.();
        await outputs.close();
        const checkpointed = { ...state, data: run.data, cursor: step.cursor };
        const saved = await saveCheckpoint(this.store, checkpointed, call);
        if (!saved)
          return {
            status: 'superseded',
            runId: state.runId,
            checkpointKey: checkpointKey(state.keyPrefix, (state.checkpoints ?? 0) + 1),
          };
        await this.deps.continuations?.send({ job: job.name, checkpointKey: saved }, call);
        return { status: 'checkpointed', checkpointKey: saved, pages: state.pages };
      }
    }

    await outputs.close();
    const { counts, summary } = await pass.finish();
    const manifest: Manifest<S> = {
      job: job.name,
      runId: state.runId,
      startedAt: state.startedAt,
      finishedAt: this.now().toISOString(),
      counts,
      parts: state.parts,
      scan: { complete: true, pages: state.pages },
      summary,
    };
    const manifestKey = `${state.keyPrefix}${MANIFEST}`;
    if (!(await createJson(this.store, manifestKey, manifest, call)))
      return { status: 'already-complete', runId: state.runId, manifestKey };
    return { status: 'complete', manifest };
  }

  private deadlineRule(call: CallOptions, marginMs: number): () => boolean {
    const deadline = call.deadline;
    return () => deadline !== undefined && deadline - Date.now() < marginMs;
  }
}
