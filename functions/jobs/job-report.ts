import { sendContinuation } from './continuation.js';
import type { JobDependencies } from './job-dependencies.js';
import type { JobOutcome } from './checkpoint.js';
import type { Manifest } from './run-layout.js';

export type JobResult = { status: 'complete'; runId: string; counts: Record<string, number> } | { status: 'checkpointed'; checkpointKey: string };

/** Logs a job's outcome and, for a checkpoint, sends its continuation to the jobs queue. */
export async function reportOutcome(deps: Pick<JobDependencies, 'sqs' | 'settings' | 'logger'>, job: string, outcome: JobOutcome<Manifest>): Promise<JobResult> {
  if (outcome.status === 'checkpointed') {
    await sendContinuation(deps.sqs, deps.settings.JOBS_QUEUE_URL, { job, checkpointKey: outcome.checkpointKey });
    deps.logger.info(`${job} checkpointed; continuing in a new invocation`, { checkpointKey: outcome.checkpointKey, pages: outcome.pages });
    return { status: 'checkpointed', checkpointKey: outcome.checkpointKey };
  }
  const { runId, counts } = outcome.manifest;
  deps.logger.info(`${job} complete`, { runId, counts });
  return { status: 'complete', runId, counts };
}
