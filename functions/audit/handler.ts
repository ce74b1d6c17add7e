/**
 * The scheduled audit Lambda. A scheduled (or on-demand) invocation starts a run; when the run
 * nears the deadline it checkpoints and sends a continuation to the jobs queue, whose messages
 * invoke this function again to resume. Errors propagate: a failed start is retried by the
 * schedule's retry policy, a failed resume by SQS, from the same checkpoint.
 */
import type { Context } from 'aws-lambda';
import { continuationsIn } from '../jobs/continuation.js';
import { deadlineRule, jobDependenciesFromEnv, type JobDependencies } from '../jobs/job-dependencies.js';
import { reportOutcome, type JobResult } from '../jobs/job-report.js';
import { AUDIT_JOB } from './previous-snapshot.js';
import { resumeAudit, startAudit, type AuditOutcome } from './run-audit.js';

export function createAuditHandler(deps: JobDependencies) {
  const { settings, logger } = deps;
  const auditDeps = {
    groups: deps.groups,
    store: deps.store,
    ...(deps.ledger && { ledger: deps.ledger }),
    ...(settings.AUDIT_REPAIR && { queue: { sqs: deps.sqs, queueUrl: settings.MODERATION_QUEUE_URL! } }),
  };
  return async (event: unknown, context: Context): Promise<JobResult[]> => {
    const control = {
      ...deadlineRule(context, settings),
      onProgress: ({ groups, pages }: { groups: number; pages: number }) => {
        if (pages % 100 === 0) logger.info('audit progress', { groups, pages });
      },
    };
    const continuations = continuationsIn(event, AUDIT_JOB);
    const outcomes: AuditOutcome[] = [];
    if (continuations) {
      for (const { checkpointKey } of continuations) outcomes.push(await resumeAudit(auditDeps, checkpointKey, control));
    } else {
      const findings = { nearCapacityRatio: settings.AUDIT_NEAR_CAPACITY, ...(settings.AUDIT_BANNED_TERMS && { bannedTerms: settings.AUDIT_BANNED_TERMS }) };
      outcomes.push(await startAudit(auditDeps, { prefix: settings.OUTPUT_PREFIX, findings, repair: settings.AUDIT_REPAIR }, control));
    }
    return Promise.all(outcomes.map((outcome) => reportOutcome(deps, AUDIT_JOB, outcome)));
  };
}

let fromEnvironment: Promise<ReturnType<typeof createAuditHandler>> | undefined;

/** The Lambda entry point (`handler` in CDK). */
export async function handler(event: unknown, context: Context): Promise<JobResult[]> {
  fromEnvironment ??= jobDependenciesFromEnv('audit').then(createAuditHandler);
  return (await fromEnvironment)(event, context);
}
