/**
 * The job machinery: one runner for every long job (checkpoints, continuations, the deadline,
 * the manifest), the output stores and part writers, the run layout, and the group scan and
 * snapshot that the audit and the group export share.
 */
export { type AnyJob, type CsvRow, type Job, type JobPass, type OutputSeries, type RunContext, type StartContext, type Step } from './job.js';
export { DEFAULT_CHECKPOINT_MARGIN_MS, JobRunner, type JobOutcome, type JobRunnerDependencies, type RunControl, type StartOptions } from './runner.js';
export { createJobHandler, JobMetric, type JobHandlerOptions, type JobResult } from './job-handler.js';
export { jobDependenciesFromEnv, type JobDependencies } from './job-dependencies.js';
export { jobsEnvSchema, jobsSettingsFromEnv, type JobsSettings } from './jobs-env.js';
export { DEFAULT_RECORDS_PER_PART, type CheckpointState, type RunState } from './checkpoint.js';
export { keyPathProblem } from './key-path.js';
export { continuationsIn, SqsContinuationQueue, type Continuation, type ContinuationQueue } from './continuation.js';
export { type OutputStore } from './output-store.js';
export { S3OutputStore } from './s3-output-store.js';
export { DirectoryOutputStore, KeyOutsideStoreError } from './directory-output-store.js';
export { type PartFormat, type PartInfo } from './part-writer.js';
export { csvField, csvRow } from './csv.js';
export { latestManifest, MANIFEST, type Manifest } from './run-layout.js';
export { scanGroups, type ScannedPage, type ScanOptions } from './scan-groups.js';
export { SNAPSHOT_COLUMNS, snapshotOf, snapshotRow, type GroupSnapshot } from './group-snapshot.js';
