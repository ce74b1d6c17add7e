/**
 * Long runs stop before the Lambda deadline and continue in a new invocation. A checkpoint is
 * the run's state after a step, with every part so far closed and uploaded; it lives next to the
 * run's files and the continuation message carries its key. Checkpoints are numbered
 * (`checkpoint-00001.json`, `-00002`, ...) and each is written once: a continuation whose
 * checkpoint has a successor (or whose run has a manifest) is stale, and a stale invocation
 * cannot write over a newer state. Only the invocation that finishes a run writes its manifest.
 */
import type { PartInfo } from './part-writer.js';
import { createJson, type OutputStore } from './output-store.js';
import { newRunId, runKeyPrefix } from './run-layout.js';
import type { CallOptions } from '../agora/index.js';

export const DEFAULT_RECORDS_PER_PART = 250_000;

/** A run's state; `data` is the job's own. Before the first step there is no cursor. */
export interface RunState<D> {
  job: string;
  runId: string;
  startedAt: string;
  keyPrefix: string;
  /** Where the next step starts: the list cursor of the next page, or the next user's index. */
  cursor?: string;
  /** Steps (pages, users) done so far. */
  pages: number;
  /** Checkpoints saved so far: this state is checkpoint number `checkpoints` (absent in checkpoints saved before they were numbered). */
  checkpoints?: number;
  recordsPerPart: number;
  /** Parts closed so far, the next part number of each series and format, records per series. */
  parts: PartInfo[];
  nextPart: Record<string, number>;
  records: Record<string, number>;
  data: D;
}

/** What a checkpoint holds: a state with a cursor. */
export type CheckpointState<D> = RunState<D> & { cursor: string };

/** The key of a run's checkpoint number `sequence` (from 1). */
export function checkpointKey(keyPrefix: string, sequence: number): string {
  return `${keyPrefix}checkpoint-${String(sequence).padStart(5, '0')}.json`;
}

/** A new run of `job`: its id, where its files go, and nothing written yet. */
export function newRunState<D>(
  job: string,
  prefix: string,
  startedAt: Date,
  recordsPerPart: number,
  data: D,
): RunState<D> {
  const runId = newRunId(startedAt);
  return {
    job,
    runId,
    startedAt: startedAt.toISOString(),
    keyPrefix: runKeyPrefix(prefix, job, runId, startedAt),
    pages: 0,
    checkpoints: 0,
    recordsPerPart,
    parts: [],
    nextPart: {},
    records: {},
    data,
  };
}

/** Saves `state` as the run's next checkpoint; `undefined` when another invocation saved that one first. */
export async function saveCheckpoint<D>(
  store: OutputStore,
  state: CheckpointState<D>,
  call?: CallOptions,
): Promise<string | undefined> {
  const sequence = (state.checkpoints ?? 0) + 1;
  const key = checkpointKey(state.keyPrefix, sequence);
  return (await createJson(store, key, { ...state, checkpoints: sequence }, call)) ? key : undefined;
}

export async function loadCheckpoint<D>(
  store: OutputStore,
  key: string,
  job: string,
  call?: CallOptions,
): Promise<CheckpointState<D>> {
  const text = await store.readText(key, call);
  if (!text) throw new Error(`no checkpoint at ${key}`);
  const state = JSON.parse(text) as CheckpointState<D>;
  if (state.job !== job) throw new Error(`checkpoint ${key} belongs to job ${state.job}, not ${job}`);
  return state;
}
