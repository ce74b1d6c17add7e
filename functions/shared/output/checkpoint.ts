/**
 * Long scans stop before the Lambda deadline and continue in a new invocation. A checkpoint is
 * the run's state at a page boundary, with every part so far closed and uploaded; it lives next
 * to the run's files (`<run>/checkpoint.json`) and the continuation message carries its key.
 * The manifest is only ever written by the invocation that finishes the scan.
 */
import type { OutputStore } from './output-store.js';
import type { PartInfo } from './part-writer.js';
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

/** Told after each page whether to stop there; an invocation near its deadline says yes. */
export type ShouldCheckpoint = (progress: { pages: number }) => boolean;

export type JobOutcome<M> = { status: 'complete'; manifest: M } | { status: 'checkpointed'; checkpointKey: string; pages: number };

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
