/**
 * The export Lambda, on a schedule or on demand. Its event says what to export:
 * - `{"export": "groups", "filter": {"disabledOnly": true, "publicOnly": false, "createdSince": "2026-11-01T00:00:00Z"}}`
 * - `{"export": "joined", "users": ["alice", "bob"]}` or `{"export": "joined", "usersKey": "inputs/users.txt"}`
 *   (a text file in the output bucket, one user per line)
 * Both checkpoint near the deadline and continue through the jobs queue, like the audit.
 */
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { continuationsIn } from '../jobs/continuation.js';
import { deadlineRule, jobDependenciesFromEnv, type JobDependencies } from '../jobs/job-dependencies.js';
import { reportOutcome, type JobResult } from '../jobs/job-report.js';
import { JOINED_EXPORT_JOB, resumeJoinedExport, startJoinedExport } from './export-joined.js';
import { GROUPS_EXPORT_JOB, resumeGroupsExport, startGroupsExport } from './export-groups.js';

export const exportRequestSchema = z.union([
  z.strictObject({
    export: z.literal('groups'),
    filter: z
      .strictObject({ disabledOnly: z.boolean().optional(), publicOnly: z.boolean().optional(), createdSince: z.iso.datetime({ offset: true }).optional() })
      .default({}),
  }),
  z.strictObject({ export: z.literal('joined'), users: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ export: z.literal('joined'), usersKey: z.string().min(1) }),
]);
export type ExportRequest = z.output<typeof exportRequestSchema>;

export function createExportHandler(deps: JobDependencies) {
  const { settings, groups, store } = deps;
  return async (event: unknown, context: Context): Promise<JobResult[]> => {
    const control = deadlineRule(context, settings);
    const continuations = continuationsIn(event, GROUPS_EXPORT_JOB, JOINED_EXPORT_JOB);
    if (continuations) {
      const results: JobResult[] = [];
      for (const { job, checkpointKey } of continuations) {
        const outcome = job === GROUPS_EXPORT_JOB ? await resumeGroupsExport(groups, store, checkpointKey, control) : await resumeJoinedExport(groups, store, checkpointKey, control);
        results.push(await reportOutcome(deps, job, outcome));
      }
      return results;
    }
    const parsed = exportRequestSchema.safeParse(event);
    if (!parsed.success) throw new Error(`not an export request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`).join('; ')}`);
    const request = parsed.data;
    const options = { prefix: settings.OUTPUT_PREFIX };
    if (request.export === 'groups') return [await reportOutcome(deps, GROUPS_EXPORT_JOB, await startGroupsExport(groups, store, request.filter, options, control))];
    const users = 'users' in request ? request.users : await usersFromKey(deps, request.usersKey);
    return [await reportOutcome(deps, JOINED_EXPORT_JOB, await startJoinedExport(groups, store, users, options, control))];
  };
}

async function usersFromKey(deps: JobDependencies, key: string): Promise<string[]> {
  const text = await deps.store.readText(key);
  if (text === undefined) throw new Error(`no user list at ${deps.store.location}/${key}`);
  return text.split('\n').map((user) => user.trim()).filter(Boolean);
}

let fromEnvironment: Promise<ReturnType<typeof createExportHandler>> | undefined;

/** The Lambda entry point (`handler` in CDK). */
export async function handler(event: unknown, context: Context): Promise<JobResult[]> {
  fromEnvironment ??= jobDependenciesFromEnv('export').then(createExportHandler);
  return (await fromEnvironment)(event, context);
}
