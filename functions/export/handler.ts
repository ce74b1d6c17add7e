/**
 * The export Lambda, on a schedule or on demand: its event says what to export (see
 * `export-request.ts`); continuations from the jobs queue resume a run (see the jobs' handler).
 */
import { createJobHandler, jobDependenciesFromEnv, type JobDependencies } from '../jobs/index.js';
import { lazyHandler } from '../lambda/index.js';
import { groupsExportJob } from './export-groups.js';
import { joinedExportJob } from './export-joined.js';
import { parseExportRequest, usersOf } from './export-request.js';

export function createExportHandler(deps: JobDependencies) {
  const groups = groupsExportJob(deps.groups);
  const joined = joinedExportJob(deps.groups);
  return createJobHandler(deps, {
    jobs: [groups, joined],
    async startOf(event, call) {
      const request = parseExportRequest(event);
      if (request.export === 'groups') return { job: groups, request: { filter: request.filter } };
      if ('users' in request) return { job: joined, request: { users: request.users } };
      const text = await deps.store.readText(request.usersKey, call);
      if (text === undefined) throw new Error(`no user list at ${deps.store.location}/${request.usersKey}`);
      return { job: joined, request: { users: usersOf(text) } };
    },
  });
}

/** The Lambda entry point (`handler` in CDK). */
export const handler = lazyHandler(async () => createExportHandler(await jobDependenciesFromEnv('export')));
