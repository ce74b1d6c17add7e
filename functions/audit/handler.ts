/**
 * The scheduled audit Lambda: a scheduled (or on-demand) invocation starts a run with the
 * settings of its environment; continuations from the jobs queue resume it (see the jobs'
 * handler for checkpoints and retries).
 */
import { createJobHandler, jobDependenciesFromEnv, type JobDependencies } from '../jobs/index.js';
import { lazyHandler } from '../lambda/index.js';
import { DynamoDbLedger, type Ledger } from '../ledger/index.js';
import { dynamoClientFromEnv } from '../aws/index.js';
import { auditSettingsFromEnv, type AuditSettings } from './audit-env.js';
import { auditJob, type AuditRequest } from './audit-job.js';

export interface AuditFunctionDependencies extends JobDependencies {
  audit: AuditSettings;
  ledger?: Pick<Ledger, 'activeBans' | 'appliedMuteSanctions'>;
}

export function createAuditHandler(deps: AuditFunctionDependencies) {
  const { audit } = deps;
  const job = auditJob({
    groups: deps.groups,
    ...(deps.members && { members: deps.members }),
    ...(deps.ledger && { ledger: deps.ledger }),
    ...(audit.repair && { queue: { sqs: deps.sqs, queueUrl: audit.repair.queueUrl } }),
  });
  const request: AuditRequest = {
    findings: { nearCapacityRatio: audit.nearCapacity, ...(audit.bannedTerms && { bannedTerms: audit.bannedTerms }) },
    repair: audit.repair !== undefined,
  };
  return createJobHandler(deps, { jobs: [job], startOf: async () => ({ job, request }) });
}

/** @throws {ConfigError} naming each bad variable. */
export async function auditDependenciesFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditFunctionDependencies> {
  const audit = auditSettingsFromEnv(env);
  const jobs = await jobDependenciesFromEnv('audit', env);
  return {
    ...jobs,
    audit,
    ...(audit.ledgerTableName && { ledger: new DynamoDbLedger(dynamoClientFromEnv(env), audit.ledgerTableName) }),
  };
}

/** The Lambda entry point (`handler` in CDK). */
export const handler = lazyHandler(async () => createAuditHandler(await auditDependenciesFromEnv()));
