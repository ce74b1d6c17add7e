/**
 * Exports the app's groups, all or a filtered selection, as gzip JSON lines and CSV parts with a
 * manifest written last.
 */
import type { GroupsResource } from '../agora/groups.js';
import type { CallOptions } from '../agora/transport.js';
import { snapshotOf, snapshotRow, SNAPSHOT_COLUMNS, type GroupSnapshot } from '../audit/group-snapshot.js';
import { scanGroups } from '../audit/scan-groups.js';
import type { OutputStore } from '../shared/output/output-store.js';
import { PartWriter } from '../shared/output/part-writer.js';
import { newRunId, runKeyPrefix, type Manifest } from '../shared/output/run-layout.js';
import { writeManifest } from '../shared/output/write-json.js';

export const GROUPS_EXPORT_JOB = 'export-groups';

export interface GroupFilter {
  disabledOnly?: boolean;
  publicOnly?: boolean;
  /** Only groups created at or after this time. */
  createdSince?: Date;
}

export interface ExportOptions {
  prefix?: string;
  /** @default 250000 */
  recordsPerPart?: number;
  /** @default 100 */
  pageSize?: number;
  call?: CallOptions;
  onProgress?: (progress: { scanned: number; exported: number }) => void;
  clock?: () => Date;
}

export function matches(group: GroupSnapshot, filter: GroupFilter): boolean {
  if (filter.disabledOnly && !group.disabled) return false;
  if (filter.publicOnly && !group.public) return false;
  if (filter.createdSince && group.created < filter.createdSince.getTime()) return false;
  return true;
}

export async function exportGroups(groups: GroupsResource, store: OutputStore, filter: GroupFilter = {}, options: ExportOptions = {}): Promise<Manifest> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const runId = newRunId(startedAt);
  const keyPrefix = runKeyPrefix(options.prefix ?? '', GROUPS_EXPORT_JOB, runId, startedAt);
  const recordsPerPart = options.recordsPerPart ?? 250_000;
  const jsonl = new PartWriter<GroupSnapshot>({ store, keyPrefix, format: 'jsonl', recordsPerPart });
  const csv = new PartWriter<GroupSnapshot>({ store, keyPrefix, format: 'csv', columns: SNAPSHOT_COLUMNS, toRow: snapshotRow, recordsPerPart });

  let scanned = 0;
  let pages = 0;
  for await (const page of scanGroups(groups, { pageSize: options.pageSize ?? 100, ...(options.call && { call: options.call }) })) {
    pages += 1;
    for (const details of page.groups) {
      scanned += 1;
      const group = snapshotOf(details);
      if (!matches(group, filter)) continue;
      await jsonl.write(group);
      await csv.write(group);
    }
    options.onProgress?.({ scanned, exported: jsonl.records });
  }
  const parts = [...(await jsonl.close()), ...(await csv.close())];
  return writeManifest(store, keyPrefix, {
    job: GROUPS_EXPORT_JOB,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    counts: { scanned, groups: jsonl.records },
    parts,
    scan: { complete: true, pages },
    summary: { filter: { ...filter, ...(filter.createdSince && { createdSince: filter.createdSince.toISOString() }) } },
  });
}
