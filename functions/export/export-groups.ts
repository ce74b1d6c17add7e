/**
 * Exports the app's groups, all or a filtered selection, as gzip JSON lines and CSV parts with a
 * manifest written last. Like the audit, a run can stop at a page boundary with a checkpoint
 * and continue with `resumeGroupsExport`.
 */
import type { GroupsResource } from '../agora/groups.js';
import { snapshotOf, snapshotRow, SNAPSHOT_COLUMNS, type GroupSnapshot } from '../audit/group-snapshot.js';
import { scanGroups } from '../audit/scan-groups.js';
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
} from '../shared/output/checkpoint.js';
import type { OutputStore } from '../shared/output/output-store.js';
import { JsonlAndCsv } from '../shared/output/jsonl-and-csv.js';
import type { Manifest } from '../shared/output/run-layout.js';
import { writeManifest } from '../shared/output/write-json.js';

export const GROUPS_EXPORT_JOB = 'export-groups';

export interface GroupFilter {
  disabledOnly?: boolean;
  publicOnly?: boolean;
  /** Only groups created at or after this time (ISO). */
  createdSince?: string;
}

export interface ExportOptions extends JobRunOptions {
  /** @default 100 */
  pageSize?: number;
}

export type ExportControl = JobControl<{ scanned: number; exported: number }>;

interface ExportData {
  filter: GroupFilter;
  pageSize: number;
  recordsPerPart: number;
  scanned: number;
}
type ExportState = RunState<ExportData>;
export type ExportOutcome = JobOutcome<Manifest>;

export function matches(group: GroupSnapshot, filter: GroupFilter): boolean {
  if (filter.disabledOnly && !group.disabled) return false;
  if (filter.publicOnly && !group.public) return false;
  if (filter.createdSince && Date.parse(group.created) < Date.parse(filter.createdSince)) return false;
  return true;
}

export async function startGroupsExport(groups: GroupsResource, store: OutputStore, filter: GroupFilter = {}, options: ExportOptions = {}, control: ExportControl = {}): Promise<ExportOutcome> {
  const startedAt = (options.clock ?? (() => new Date()))();
  const state = newRunState<ExportData>(GROUPS_EXPORT_JOB, options.prefix ?? '', startedAt, {
    filter,
    pageSize: options.pageSize ?? 100,
    recordsPerPart: options.recordsPerPart ?? DEFAULT_RECORDS_PER_PART,
    scanned: 0,
  });
  return continueExport(groups, store, state, control, options.clock);
}

export async function resumeGroupsExport(groups: GroupsResource, store: OutputStore, checkpointKey: string, control: ExportControl = {}): Promise<ExportOutcome> {
  return continueExport(groups, store, await loadCheckpoint<ExportData>(store, checkpointKey, GROUPS_EXPORT_JOB), control);
}

/** A whole export in one go (the CLI). */
export async function exportGroups(groups: GroupsResource, store: OutputStore, filter: GroupFilter = {}, options: ExportOptions = {}, control: Omit<ExportControl, 'shouldCheckpoint'> = {}): Promise<Manifest> {
  return completed(await startGroupsExport(groups, store, filter, options, control));
}

async function continueExport(groups: GroupsResource, store: OutputStore, state: ExportState, control: ExportControl, clock: () => Date = () => new Date()): Promise<ExportOutcome> {
  const { data } = state;
  const writers = new JsonlAndCsv<GroupSnapshot>(state, { store, keyPrefix: state.keyPrefix, recordsPerPart: data.recordsPerPart, columns: SNAPSHOT_COLUMNS, toRow: snapshotRow });

  for await (const page of scanGroups(groups, { pageSize: data.pageSize, ...(state.cursor !== undefined && { cursor: state.cursor }), ...(control.call && { call: control.call }) })) {
    state.pages += 1;
    for (const details of page.groups) {
      data.scanned += 1;
      const group = snapshotOf(details);
      if (!matches(group, data.filter)) continue;
      await writers.write(group);
    }
    control.onProgress?.({ scanned: data.scanned, exported: writers.records });
    if (page.nextCursor && control.shouldCheckpoint?.({ pages: state.pages })) {
      await writers.close();
      return { status: 'checkpointed', checkpointKey: await saveCheckpoint(store, { ...state, cursor: page.nextCursor }), pages: state.pages };
    }
  }
  await writers.close();
  return {
    status: 'complete',
    manifest: await writeManifest(store, state.keyPrefix, {
      job: GROUPS_EXPORT_JOB,
      runId: state.runId,
      startedAt: state.startedAt,
      finishedAt: clock().toISOString(),
      counts: { scanned: data.scanned, groups: writers.records },
      parts: state.parts,
      scan: { complete: true, pages: state.pages },
      summary: { filter: data.filter },
    }),
  };
}
