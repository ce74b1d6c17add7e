/** The audit: a job run by the jobs' runner, its findings, and its Lambda handler. */
export { auditJob } from './audit-job.js';
export { AUDIT_JOB } from './previous-snapshot.js';
export { auditEnvSchema } from './audit-env.js';
