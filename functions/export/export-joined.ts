/**
 * Exports the groups given users have joined: one line per user and group, as gzip JSON lines
 * and CSV with a manifest written last. Users that do not exist or are malformed are listed in
 * the manifest, not fatal.
 */
import type { GroupsResource } from '../agora/groups.js';
import { AgoraRequestValidationError, NotFoundError } from '../agora/errors.js';
import type { CallOptions } from '../agora/transport.js';
import type { OutputStore } from '../shared/output/output-store.js';
import { PartWriter } from '../shared/output/part-writer.js';
import { newRunId, runKeyPrefix, type Manifest } from '../shared/output/run-layout.js';
import { writeManifest } from '../shared/output/write-json.js';

export const JOINED_EXPORT_JOB = 'export-joined';

export interface Membership {
  username: string;
  groupId: string;
  groupName: string;
}

export interface JoinedExportOptions {
  prefix?: string;
  recordsPerPart?: number;
  call?: CallOptions;
  onProgress?: (progress: { users: number; memberships: number }) => void;
  clock?: () => Date;
}

export interface JoinedSummary {
  usersNotFound: string[];
  usersInvalid: { username: string; reason: string }[];
}

export async function exportJoined(
  groups: GroupsResource,
  store: OutputStore,
  users: Iterable<string> | AsyncIterable<string>,
  options: JoinedExportOptions = {},
): Promise<Manifest<JoinedSummary>> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const runId = newRunId(startedAt);
  const keyPrefix = runKeyPrefix(options.prefix ?? '', JOINED_EXPORT_JOB, runId, startedAt);
  const recordsPerPart = options.recordsPerPart ?? 250_000;
  const jsonl = new PartWriter<Membership>({ store, keyPrefix, format: 'jsonl', recordsPerPart });
  const csv = new PartWriter<Membership>({
    store,
    keyPrefix,
    format: 'csv',
    columns: ['username', 'groupId', 'groupName'],
    toRow: (m) => [m.username, m.groupId, m.groupName],
    recordsPerPart,
  });
  const summary: JoinedSummary = { usersNotFound: [], usersInvalid: [] };
  let userCount = 0;

  for await (const username of users) {
    userCount += 1;
    try {
      for await (const group of groups.joined(username, options.call)) {
        const membership = { username, groupId: group.id, groupName: group.name };
        await jsonl.write(membership);
        await csv.write(membership);
      }
    } catch (error) {
      if (error instanceof NotFoundError) summary.usersNotFound.push(username);
      else if (error instanceof AgoraRequestValidationError) summary.usersInvalid.push({ username, reason: error.message });
      else throw error;
    }
    options.onProgress?.({ users: userCount, memberships: jsonl.records });
  }
  const parts = [...(await jsonl.close()), ...(await csv.close())];
  return writeManifest(store, keyPrefix, {
    job: JOINED_EXPORT_JOB,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    counts: { users: userCount, memberships: jsonl.records },
    parts,
    scan: { complete: true, pages: userCount },
    summary,
  });
}
