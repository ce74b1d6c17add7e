/** The audit: a job run by the jobs' runner, its findings, and its Lambda handler. */
export { auditJob, type AuditDependencies, type AuditRequest, type AuditSummary, type ChangeSummary } from './audit-job.js';
export { AUDIT_JOB } from './previous-snapshot.js';
export { DEFAULT_FINDING_OPTIONS, FindingKind, findingsFor, type Finding, type FindingOptions } from './findings.js';
export { auditEnvSchema, auditSettingsFromEnv, type AuditSettings } from './audit-env.js';
export { auditDependenciesFromEnv, createAuditHandler, type AuditFunctionDependencies } from './handler.js';
