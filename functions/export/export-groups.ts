/**
 * Exports the app's groups, all or a filtered selection, as gzip JSON lines and CSV parts; the
 * runner writes the manifest last and checkpoints between pages.
 */
import type { GroupsResource } from '../agora/index.js';
import { scanGroups, snapshotOf, snapshotRow, SNAPSHOT_COLUMNS, type GroupSnapshot, type Job } from '../jobs/index.js';

export const GROUPS_EXPORT_JOB = 'export-groups';

export interface GroupFilter {
  disabledOnly?: boolean;
  publicOnly?: boolean;
  /** Only groups created at or after this time (ISO). */
  createdSince?: string;
}

export interface GroupsExportRequest {
  filter?: GroupFilter;
  /** @default 100 */
  pageSize?: number;
}

interface ExportData {
  filter: GroupFilter;
  pageSize: number;
  scanned: number;
}

export function matches(group: GroupSnapshot, filter: GroupFilter): boolean {
  if (filter.disabledOnly && !group.disabled) return false;
  if (filter.publicOnly && !group.public) return false;
  if (filter.createdSince && Date.parse(group.created) < Date.parse(filter.createdSince)) return false;
  return true;
}

export function groupsExportJob(groups: GroupsResource): Job<GroupsExportRequest, ExportData, { filter: GroupFilter }> {
  return {
    name: GROUPS_EXPORT_JOB,
    outputs: [{ name: 'groups', prefix: '', csv: { columns: SNAPSHOT_COLUMNS, toRow: snapshotRow } }],

    async start(request) {
      return { filter: request.filter ?? {}, pageSize: request.pageSize ?? 100, scanned: 0 };
    },

    async open(run) {
      const data = run.data;
      return {
        async *steps() {
          for await (const page of scanGroups(groups, {
            pageSize: data.pageSize,
            ...(run.cursor !== undefined && { cursor: run.cursor }),
            call: run.call,
          })) {
            for (const details of page.groups) {
              data.scanned += 1;
              const group = snapshotOf(details);
              if (matches(group, data.filter)) await run.write('groups', group);
            }
            yield { cursor: page.nextCursor, progress: { scanned: data.scanned, exported: run.records('groups') } };
          }
        },
        async finish() {
          return { counts: { scanned: data.scanned, groups: run.records('groups') }, summary: { filter: data.filter } };
        },
      };
    },
  };
}
