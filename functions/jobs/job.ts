/**
 * What a job is, for the runner: audit, group export and joined-groups export are all of this
 * one shape. A job says how to start a run, opens it in each invocation, takes it step by step,
 * says what to keep at a checkpoint and what goes in the manifest; the runner does the rest
 * (run layout, part files, checkpoints, continuations, the deadline, the manifest).
 */
import type { CallOptions } from '../agora/index.js';
import type { OutputStore } from './output-store.js';

export type CsvRow = readonly (string | number | boolean | null | undefined)[];

/** One series of part files: gzip JSON lines, and CSV beside them when `csv` is given. */
export interface OutputSeries<T = never> {
  /** The series' name in counts and checkpoints. */
  name: string;
  /** Key prefix of its parts inside the run: `snapshot-` gives `snapshot-part-00000.jsonl.gz`. */
  prefix: string;
  csv?: { columns: readonly string[]; toRow: (record: T) => CsvRow };
}

/** Where a new run starts. */
export interface StartContext {
  store: OutputStore;
  /** The runs' key prefix (`OUTPUT_PREFIX`). */
  prefix: string;
  now: Date;
  call: CallOptions;
}

/** A run as a job sees it in one invocation. */
export interface RunContext<Data> {
  readonly runId: string;
  readonly keyPrefix: string;
  /** Where this invocation starts: `undefined` at the very start of the run. */
  readonly cursor: string | undefined;
  /** The job's own state; what is in it when the run checkpoints is what the next invocation gets. */
  data: Data;
  readonly store: OutputStore;
  /** The invocation's signal and deadline, for every outbound call. */
  readonly call: CallOptions;
  now(): Date;
  /** Adds a record to a series (JSON lines, and CSV where the series has it). */
  write(series: string, record: unknown): Promise<void>;
  /** Records written to a series by the whole run so far. */
  records(series: string): number;
  /** Writes a JSON file into the run's folder unless it exists (a run's files are written once); the manifest still comes last. */
  writeJson(name: string, value: unknown): Promise<void>;
}

/** After each step: where the run would continue from (none after the last) and how far it is. */
export interface Step {
  cursor?: string | undefined;
  progress: Record<string, number>;
}

/** A run opened in one invocation. */
export interface JobPass<Summary> {
  /** The steps from the run's cursor on. The runner may stop after any step that has a cursor. */
  steps(): AsyncIterable<Step>;
  /** Called before a checkpoint: put into `run.data` what the next invocation needs. */
  suspend?(): void;
  /** After the last step: the manifest's counts and summary. */
  finish(): Promise<{ counts: Record<string, number>; summary: Summary }>;
}

export interface Job<Request, Data, Summary> {
  /** The run folder's name and the continuation's `job`. */
  name: string;
  outputs: readonly OutputSeries<never>[];
  /** The new run's data, from its request. */
  start(request: Request, context: StartContext): Promise<Data>;
  /** Opens the run in this invocation: loads what it needs beyond its data. */
  open(run: RunContext<Data>): Promise<JobPass<Summary>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a list of jobs of different requests
export type AnyJob = Job<any, any, any>;
