/**
 * The Lambda handler of a job function. A scheduled or on-demand invocation starts a run; a
 * batch from the jobs queue resumes the runs its continuations name. The runner checkpoints when
 * less than `CHECKPOINT_MARGIN_SECONDS` is left before the deadline and sends the continuation.
 * Errors propagate: Lambda's asynchronous invocation retries a failed start once and then sends
 * it to the jobs DLQ (its on-failure destination); a failed resume is retried by the jobs queue,
 * from the same checkpoint, and dead-lettered after its receives.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CallOptions } from '../agora/index.js';
import { lambdaHandler, type LambdaHandler } from '../lambda/index.js';
import { continuationsIn, SqsContinuationQueue } from './continuation.js';
import type { JobDependencies } from './job-dependencies.js';
import type { AnyJob } from './job.js';
import { JobRunner, type JobOutcome, type RunControl } from './runner.js';

export type JobResult =
  | { status: 'complete'; runId: string; counts: Record<string, number> }
  | { status: 'checkpointed'; checkpointKey: string }
  | { status: 'already-complete'; runId: string }
  | { status: 'superseded'; runId: string };

export const JobMetric = {
  RunsCompleted: 'JobRunsCompleted',
  Checkpoints: 'JobCheckpoints',
  /** Continuations of runs that had finished, or moved past their checkpoint, already: redeliveries, dropped. */
  StaleContinuations: 'JobStaleContinuations',
} as const;

/** Steps between two progress lines in the log. */
const PROGRESS_EVERY = 100;

export interface JobHandlerOptions {
  /** The jobs this function runs, for continuations. */
  jobs: readonly AnyJob[];
  /** The run a scheduled or on-demand event asks for. @throws for an event that asks for none */
  startOf(event: unknown, call: CallOptions): Promise<{ job: AnyJob; request: unknown }>;
}

export function createJobHandler(
  deps: JobDependencies,
  options: JobHandlerOptions,
): LambdaHandler<unknown, JobResult[]> {
  const { settings, logger, metrics } = deps;
  const runner = new JobRunner({
    store: deps.store,
    continuations: new SqsContinuationQueue(deps.sqs, settings.jobsQueueUrl),
    ...(deps.clock && { clock: deps.clock }),
  });
  const byName = new Map(options.jobs.map((job) => [job.name, job]));

  const report = (job: string, outcome: JobOutcome<unknown>): JobResult => {
    switch (outcome.status) {
      case 'checkpointed':
        metrics.addMetric(JobMetric.Checkpoints, MetricUnit.Count, 1);
        logger.info(`${job} checkpointed; continuing in a new invocation`, {
          checkpointKey: outcome.checkpointKey,
          pages: outcome.pages,
        });
        return { status: 'checkpointed', checkpointKey: outcome.checkpointKey };
      case 'already-complete':
        metrics.addMetric(JobMetric.StaleContinuations, MetricUnit.Count, 1);
        logger.warn(`${job} run ${outcome.runId} is complete already; its continuation is dropped`, {
          manifestKey: outcome.manifestKey,
        });
        return { status: 'already-complete', runId: outcome.runId };
      case 'superseded':
        metrics.addMetric(JobMetric.StaleContinuations, MetricUnit.Count, 1);
        logger.warn(
          `${job} run ${outcome.runId} has moved past this invocation's checkpoint; its continuation is dropped and the newest checkpoint asked for again`,
          {
            checkpointKey: outcome.checkpointKey,
          },
        );
        return { status: 'superseded', runId: outcome.runId };
      case 'complete': {
        const { runId, counts } = outcome.manifest;
        metrics.addMetric(JobMetric.RunsCompleted, MetricUnit.Count, 1);
        logger.info(`${job} complete`, { runId, counts });
        return { status: 'complete', runId, counts };
      }
    }
  };

  return lambdaHandler(
    async (event: unknown, invocation) => {
      const call = { signal: invocation.signal, deadline: invocation.deadline };
      const control: RunControl = {
        call,
        checkpointMarginMs: settings.checkpointMarginSeconds * 1000,
        onProgress: (progress) => {
          if (progress.pages !== undefined && progress.pages % PROGRESS_EVERY === 0)
            logger.info('progress', { progress });
        },
      };
      const continuations = continuationsIn(event, [...byName.keys()]);
      if (continuations) {
        const results: JobResult[] = [];
        for (const { job, checkpointKey } of continuations)
          results.push(report(job, await runner.resume(byName.get(job)!, checkpointKey, control)));
        return results;
      }
      const { job, request } = await options.startOf(event, call);
      return [report(job.name, await runner.start(job, request, { prefix: settings.outputPrefix }, control))];
    },
    { logger, metrics, deadlineMarginMs: deps.deadlineMarginMs },
  );
}
