/**
 * Exports the groups given users have joined: one line per user and group, as gzip JSON lines
 * and CSV with a manifest written last. Users that do not exist or are malformed are listed in
 * the manifest, not fatal. Like the group export, a run can stop between two users with a
 * checkpoint (which keeps the user list) and continue with `resumeJoinedExport`.
 */
import type { GroupsResource } from '../agora/groups.js';
import { AgoraRequestValidationError, NotFoundError } from '../agora/errors.js';
import {
  completed,
  DEFAULT_RECORDS_PER_PART,
  loadCheckpoint,
  newRunState,
  saveCheckpoint,
  type JobControl,
  type JobOutcome,
  type JobRunOptions,
  type RunState,
} from '../jobs/checkpoint.js';
import type { OutputStore } from '../jobs/output-store.js';
import { JsonlAndCsv } from '../jobs/jsonl-and-csv.js';
import type { Manifest } from '../jobs/run-layout.js';
import { writeManifest } from '../jobs/write-json.js';

export const JOINED_EXPORT_JOB = 'export-joined';

export interface Membership {
  username: string;
  groupId: string;
  groupName: string;
}

/** `shouldCheckpoint` is asked after each user; `pages` counts the users done. */
export type JoinedExportControl = JobControl<{ users: number; memberships: number }>;

export interface JoinedSummary {
  usersNotFound: string[];
  usersInvalid: { username: string; reason: string }[];
}

interface JoinedData {
  users: string[];
  recordsPerPart: number;
  summary: JoinedSummary;
}
type JoinedState = RunState<JoinedData>;
export type JoinedOutcome = JobOutcome<Manifest<JoinedSummary>>;

export async function startJoinedExport(
  groups: GroupsResource,
  store: OutputStore,
  users: readonly string[],
  options: JobRunOptions = {},
  control: JoinedExportControl = {},
): Promise<JoinedOutcome> {
  const startedAt = (options.clock ?? (() => new Date()))();
  const state = newRunState<JoinedData>(JOINED_EXPORT_JOB, options.prefix ?? '', startedAt, {
    users: [...users],
    recordsPerPart: options.recordsPerPart ?? DEFAULT_RECORDS_PER_PART,
    summary: { usersNotFound: [], usersInvalid: [] },
  });
  return continueJoined(groups, store, state, control, options.clock);
}

export async function resumeJoinedExport(groups: GroupsResource, store: OutputStore, checkpointKey: string, control: JoinedExportControl = {}): Promise<JoinedOutcome> {
  return continueJoined(groups, store, await loadCheckpoint<JoinedData>(store, checkpointKey, JOINED_EXPORT_JOB), control);
}

/** A whole export in one go (the CLI). */
export async function exportJoined(
  groups: GroupsResource,
  store: OutputStore,
  users: readonly string[],
  options: JobRunOptions = {},
  control: Omit<JoinedExportControl, 'shouldCheckpoint'> = {},
): Promise<Manifest<JoinedSummary>> {
  return completed(await startJoinedExport(groups, store, users, options, control));
}

async function continueJoined(groups: GroupsResource, store: OutputStore, state: JoinedState, control: JoinedExportControl, clock: () => Date = () => new Date()): Promise<JoinedOutcome> {
  const { data } = state;
  const writers = new JsonlAndCsv<Membership>(state, {
    store,
    keyPrefix: state.keyPrefix,
    recordsPerPart: data.recordsPerPart,
    columns: ['username', 'groupId', 'groupName'],
    toRow: (m) => [m.username, m.groupId, m.groupName],
  });

  for (let next = Number(state.cursor ?? 0); next < data.users.length; ) {
    const username = data.users[next]!;
    try {
      for await (const group of groups.joined(username, control.call)) {
        await writers.write({ username, groupId: group.id, groupName: group.name });
      }
    } catch (error) {
      if (error instanceof NotFoundError) data.summary.usersNotFound.push(username);
      else if (error instanceof AgoraRequestValidationError) data.summary.usersInvalid.push({ username, reason: error.message });
      else throw error;
    }
    next += 1;
    state.pages = next;
    control.onProgress?.({ users: next, memberships: writers.records });
    if (next < data.users.length && control.shouldCheckpoint?.({ pages: next })) {
      await writers.close();
      return { status: 'checkpointed', checkpointKey: await saveCheckpoint(store, { ...state, cursor: String(next) }), pages: next };
    }
  }
  await writers.close();
  return {
    status: 'complete',
    manifest: await writeManifest(store, state.keyPrefix, {
      job: JOINED_EXPORT_JOB,
      runId: state.runId,
      startedAt: state.startedAt,
      finishedAt: clock().toISOString(),
      counts: { users: data.users.length, memberships: writers.records },
      parts: state.parts,
      scan: { complete: true, pages: data.users.length },
      summary: data.summary,
    }),
  };
}
