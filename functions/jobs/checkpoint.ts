/**
 * Long scans stop before the Lambda deadline and continue in a new invocation. A checkpoint is
 * the run's state at a page boundary, with every part so far closed and uploaded; it lives next
 * to the run's files (`<run>/checkpoint.json`) and the continuation message carries its key.
 * The manifest is only ever written by the invocation that finishes the scan.
 */
import type { CallOptions } from '../agora/transport.js';
import type { OutputStore } from './output-store.js';
import type { PartInfo } from './part-writer.js';
import { newRunId, runKeyPrefix } from './run-layout.js';
import { writeJson } from './write-json.js';

export const CHECKPOINT = 'checkpoint.json';

/** What every checkpointed job keeps; `data` is the job's own. */
export interface CheckpointState<D> {
  job: string;
  runId: string;
  startedAt: string;
  keyPrefix: string;
  /** Where the next invocation starts: the list cursor of the next page, or the next user's index. */
  cursor: string;
  /** Pages (or users) done so far. */
  pages: number;
  /** Parts closed so far, and the next number of each series. */
  parts: PartInfo[];
  nextPart: Record<string, number>;
  records: Record<string, number>;
  data: D;
}

/** A run's state in an invocation; before the first page there is no cursor yet. */
export type RunState<D> = Omit<CheckpointState<D>, 'cursor'> & { cursor?: string };

/** Told after each page whether to stop there; an invocation near its deadline says yes. */
export type ShouldCheckpoint = (progress: { pages: number }) => boolean;

export type JobOutcome<M> = { status: 'complete'; manifest: M } | { status: 'checkpointed'; checkpointKey: string; pages: number };

export const DEFAULT_RECORDS_PER_PART = 250_000;

/** What every run is started with. */
export interface JobRunOptions {
  /** Key prefix of all runs. @default '' */
  prefix?: string;
  /** @default 250000 */
  recordsPerPart?: number;
  clock?: () => Date;
}

/** How an invocation steers a run: when to stop, the deadline of its calls, progress reports. */
export interface JobControl<Progress> {
  shouldCheckpoint?: ShouldCheckpoint;
  call?: CallOptions;
  onProgress?: (progress: Progress) => void;
}

/** A new run of `job`: its id, where its files go, and nothing written yet. */
export function newRunState<D>(job: string, prefix: string, startedAt: Date, data: D): RunState<D> {
  const runId = newRunId(startedAt);
  return { job, runId, startedAt: startedAt.toISOString(), keyPrefix: runKeyPrefix(prefix, job, runId, startedAt), pages: 0, parts: [], nextPart: {}, records: {}, data };
}

/** The manifest of a run started without `shouldCheckpoint`, which therefore runs to its end (the CLI). */
export function completed<M>(outcome: JobOutcome<M>): M {
  if (outcome.status !== 'complete') throw new Error(`a run without checkpoints stopped at ${outcome.checkpointKey}`);
  return outcome.manifest;
}

export async function saveCheckpoint<D>(store: OutputStore, state: CheckpointState<D>): Promise<string> {
  const key = `${state.keyPrefix}${CHECKPOINT}`;
  await writeJson(store, key, state);
  return key;
}

export async function loadCheckpoint<D>(store: OutputStore, key: string, job: string): Promise<CheckpointState<D>> {
  const text = await store.readText(key);
  if (!text) throw new Error(`no checkpoint at ${key}`);
  const state = JSON.parse(text) as CheckpointState<D>;
  if (state.job !== job) throw new Error(`checkpoint ${key} belongs to job ${state.job}, not ${job}`);
  return state;
}
