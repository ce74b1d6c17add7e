/**
 * The job machinery: one runner for every long job (checkpoints, continuations, the deadline,
 * the manifest), the output stores, the run layout, and the group scan and
 * snapshot that the audit and the group export share.
 */
export { type Job } from './job.js';
export { JobRunner } from './runner.js';
export { createJobHandler } from './job-handler.js';
export { jobDependenciesFromEnv, type JobDependencies } from './job-dependencies.js';
export { keyPathProblem } from './key-path.js';
export { continuationsIn } from './continuation.js';
export { type OutputStore } from './output-store.js';
export { S3OutputStore } from './s3-output-store.js';
export { DirectoryOutputStore } from './directory-output-store.js';
export { latestManifest, type Manifest } from './run-layout.js';
export { scanGroups } from './scan-groups.js';
export { SNAPSHOT_COLUMNS, snapshotOf, snapshotRow, type GroupSnapshot } from './group-snapshot.js';
