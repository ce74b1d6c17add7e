/**
 * Runs jobs. A run is started from a request or resumed from a checkpoint; the runner takes its
 * steps, and after each step that leaves more to do it asks whether to stop: when less than the
 * checkpoint margin is left before the invocation's deadline (or when `shouldCheckpoint` says
 * so), it closes the parts, saves the checkpoint and sends the continuation. At the end it writes
 * the manifest, last. A continuation for a run that already has its manifest changes nothing: a
 * finished run is never written again.
 */
import type { CallOptions } from '../agora/index.js';
import { DEFAULT_RECORDS_PER_PART, loadCheckpoint, newRunState, saveCheckpoint, type RunState } from './checkpoint.js';
import type { ContinuationQueue } from './continuation.js';
import type { Job, RunContext } from './job.js';
import type { OutputStore } from './output-store.js';
import { RunOutputs } from './run-outputs.js';
import { MANIFEST, type Manifest } from './run-layout.js';
import { writeJson } from './write-json.js';

export interface JobRunnerDependencies {
  store: OutputStore;
  /** @default () => new Date() */
  clock?: () => Date;
  /** Where a checkpointed run asks for its next invocation (the jobs queue). */
  continuations?: ContinuationQueue;
}

export interface StartOptions {
  /** Key prefix of all runs. @default '' */
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
  /** The continuation of a run that had finished already (a redelivery): nothing was done. */
  | { status: 'already-complete'; runId: string; manifestKey: string };

export const DEFAULT_CHECKPOINT_MARGIN_MS = 120_000;

export class JobRunner {
  private readonly store: OutputStore;
  private readonly now: () => Date;

  constructor(private readonly deps: JobRunnerDependencies) {
    this.store = deps.store;
    this.now = deps.clock ?? (() => new Date());
  }

  /** Starts a run; it completes unless the control stops it at a checkpoint. */
  async start<R, D, S>(job: Job<R, D, S>, request: R, options: StartOptions = {}, control: RunControl = {}): Promise<JobOutcome<S>> {
    const startedAt = this.now();
    const prefix = options.prefix ?? '';
    const data = await job.start(request, { store: this.store, prefix, now: startedAt, call: control.call ?? {} });
    return this.continueRun(job, newRunState(job.name, prefix, startedAt, options.recordsPerPart ?? DEFAULT_RECORDS_PER_PART, data), control);
  }

  /** Continues a checkpointed run from its checkpoint's key. */
  async resume<R, D, S>(job: Job<R, D, S>, checkpointKey: string, control: RunControl = {}): Promise<JobOutcome<S>> {
    const call = control.call ?? {};
    const state = await loadCheckpoint<D>(this.store, checkpointKey, job.name, call);
    const manifestKey = `${state.keyPrefix}${MANIFEST}`;
    if ((await this.store.readText(manifestKey, call)) !== undefined) return { status: 'already-complete', runId: state.runId, manifestKey };
    return this.continueRun(job, state, control);
  }

  /** A whole run in one go (the CLI, which has no deadline). */
  async run<R, D, S>(job: Job<R, D, S>, request: R, options: StartOptions = {}, control: Omit<RunControl, 'shouldCheckpoint' | 'checkpointMarginMs'> = {}): Promise<Manifest<S>> {
    const outcome = await this.start(job, request, options, control);
    if (outcome.status !== 'complete') throw new Error(`a run without a deadline stopped (${outcome.status})`);
    return outcome.manifest;
  }

  private async continueRun<R, D, S>(job: Job<R, D, S>, state: RunState<D>, control: RunControl): Promise<JobOutcome<S>> {
    const call = control.call ?? {};
    const outputs = new RunOutputs(state, job.outputs, { store: this.store, call });
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
      writeJson: (name, value) => writeJson(this.store, `${state.keyPrefix}${name}`, value, call),
    };
    const pass = await job.open(run);
    const stopHere = control.shouldCheckpoint ?? this.deadlineRule(call, control.checkpointMarginMs ?? DEFAULT_CHECKPOINT_MARGIN_MS);

    for await (const step of pass.steps()) {
      state.pages += 1;
      control.onProgress?.({ ...step.progress, pages: state.pages });
      if (step.cursor !== undefined && stopHere({ pages: state.pages })) {
        pass.suspend?.();
        await outputs.close();
        const checkpointKey = await saveCheckpoint(this.store, { ...state, data: run.data, cursor: step.cursor }, call);
        await this.deps.continuations?.send({ job: job.name, checkpointKey }, call);
        return { status: 'checkpointed', checkpointKey, pages: state.pages };
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
    await writeJson(this.store, `${state.keyPrefix}${MANIFEST}`, manifest, call);
    return { status: 'complete', manifest };
  }

  private deadlineRule(call: CallOptions, marginMs: number): () => boolean {
    const deadline = call.deadline;
    return () => deadline !== undefined && deadline - Date.now() < marginMs;
  }
}
