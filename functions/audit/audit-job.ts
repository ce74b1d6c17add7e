/**
 * The audit as a job: scan every group, write the snapshot and the findings as part files,
 * compare with the previous complete run, and hand the runner the summary for the manifest (and
 * `summary.json` beside it). Optionally repairs drift by sending moderation events, so every
 * change goes through the ledger and the group's order.
 *
 * A run cut into invocations writes the same files as one that never stopped: the comparison's
 * progress (which previous groups were seen) goes into the checkpoint.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  NotFoundError,
  type CallOptions,
  type GroupsResource,
  type MembersResource,
  type MutedMember,
} from '../agora/index.js';
import { EVENT_VERSION, EventType, sendModerationEvents, type ModerationEvent } from '../events/index.js';
import { latestManifest, scanGroups, snapshotOf, type Job, type Manifest, type OutputStore } from '../jobs/index.js';
import type { BanRecord, Ledger } from '../ledger/index.js';
import { DEFAULT_FINDING_OPTIONS, FindingKind, findingsFor, type Finding, type FindingOptions } from './findings.js';
import { ledgerMutesByGroup, muteFindingsFor, needsMuteList, type LedgerMutes } from './mute-drift.js';
import { AUDIT_JOB, loadSnapshotIndex, SNAPSHOT_SERIES } from './previous-snapshot.js';
import type { SeenState, SnapshotIndex } from './snapshot-index.js';

/** Ids kept as examples per change in the summary; counts are always complete. */
const SAMPLE_SIZE = 100;
const FINDINGS_SERIES = 'findings-';

export interface AuditDependencies {
  groups: GroupsResource;
  /** The moderation ledger; without it every disabled group counts as disabled by hand, and no mute is compared. */
  ledger?: Pick<Ledger, 'activeBans' | 'appliedMuteSanctions'>;
  /** Agora's mute lists; without them members' mutes are not compared (the group's own mute still is). */
  members?: Pick<MembersResource, 'muted'>;
  /** Where `repair` sends events. */
  queue?: { sqs: SQSClient; queueUrl: string };
}

export interface AuditRequest {
  findings?: Partial<FindingOptions>;
  /** Send moderation events for drift: enforce bypassed bans, expire overdue ones. @default false */
  repair?: boolean;
  /** @default 100 */
  pageSize?: number;
}

export interface ChangeSummary {
  previousRunId: string;
  created: number;
  deleted: number;
  newlyDisabled: number;
  newlyEnabled: number;
  samples: { created: string[]; deleted: string[]; newlyDisabled: string[]; newlyEnabled: string[] };
}

export interface AuditSummary {
  groups: number;
  public: number;
  private: number;
  disabled: number;
  findings: Record<FindingKind, number>;
  /** Listed, then gone before their details were read. */
  vanishedDuringScan: { count: number; samples: string[] };
  /** Against the previous run; `null` on the first. */
  changes: ChangeSummary | null;
  ledgerConsulted: boolean;
  /** Mute lists read: one per group where the ledger holds a member muted, or unmuted by it. */
  muteListsRead: number;
  repairsSent: number;
}

interface AuditData {
  settings: { findings: FindingOptions; repair: boolean; pageSize: number };
  summary: AuditSummary;
  previousManifestKey?: string;
  seen?: SeenState;
}

export function auditJob(deps: AuditDependencies): Job<AuditRequest, AuditData, AuditSummary> {
  const requireQueue = (repair: boolean) => {
    if (repair && !deps.queue) throw new TypeError('repair needs the moderation queue');
  };
  return {
    name: AUDIT_JOB,
    outputs: [
      { name: 'snapshot', prefix: SNAPSHOT_SERIES },
      { name: 'findings', prefix: FINDINGS_SERIES },
    ],

    async start(request, { store, prefix, call }) {
      requireQueue(request.repair ?? false);
      const previous = await latestManifest(store, prefix, AUDIT_JOB, call);
      return {
        settings: {
          findings: { ...DEFAULT_FINDING_OPTIONS, ...request.findings },
          repair: request.repair ?? false,
          pageSize: request.pageSize ?? 100,
        },
        summary: {
          groups: 0,
          public: 0,
          private: 0,
          disabled: 0,
          findings: Object.fromEntries(Object.values(FindingKind).map((kind) => [kind, 0])) as Record<
            FindingKind,
            number
          >,
          vanishedDuringScan: { count: 0, samples: [] },
          changes: previous ? emptyChanges(previous.manifest.runId) : null,
          ledgerConsulted: Boolean(deps.ledger),
          muteListsRead: 0,
          repairsSent: 0,
        },
        ...(previous && { previousManifestKey: previous.key }),
      };
    },

    async open(run) {
      const { settings, summary } = run.data;
      requireQueue(settings.repair);
      const index = await previousIndex(run.store, run.data, run.call);
      const activeBans = new Map<string, BanRecord>();
      if (deps.ledger) for await (const ban of deps.ledger.activeBans(run.call)) activeBans.set(ban.groupId, ban);
      const mutes = deps.ledger
        ? await ledgerMutesByGroup(deps.ledger.appliedMuteSanctions(run.call))
        : new Map<string, LedgerMutes>();
      const muteListOf = async (groupId: string): Promise<MutedMember[] | undefined> => {
        summary.muteListsRead += 1;
        try {
          return await deps.members!.muted(groupId, run.call);
        } catch (error) {
          // Deleted since its details were read: nothing left to compare.
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }
      };

      return {
        async *steps() {
          for await (const page of scanGroups(deps.groups, {
            pageSize: settings.pageSize,
            ...(run.cursor !== undefined && { cursor: run.cursor }),
            call: run.call,
          })) {
            const repairs: ModerationEvent[] = [];
            for (const group of page.groups) {
              await run.write('snapshot', snapshotOf(group));
              summary.groups += 1;
              summary[group.public ? 'public' : 'private'] += 1;
              if (group.disabled) summary.disabled += 1;
              if (index && summary.changes) recordChange(summary.changes, index, group.id, group.disabled);
              const ban = activeBans.get(group.id);
              const groupMutes = mutes.get(group.id);
              const muteList =
                groupMutes && deps.members && needsMuteList(groupMutes, run.now())
                  ? await muteListOf(group.id)
                  : undefined;
              const muteFindings = groupMutes ? muteFindingsFor(group, groupMutes, muteList, run.now()) : [];
              for (const finding of [...findingsFor(group, ban, settings.findings, run.now()), ...muteFindings]) {
                summary.findings[finding.kind] += 1;
                await run.write('findings', finding);
                const repair = settings.repair && ban && repairEvent(finding, ban, run.runId, run.now());
                if (repair) repairs.push(repair);
              }
            }
            summary.vanishedDuringScan.count += page.vanished.length;
            summary.vanishedDuringScan.samples.push(
              ...page.vanished.slice(0, SAMPLE_SIZE - summary.vanishedDuringScan.samples.length),
            );
            // Sent page by page, so a checkpoint never holds repairs back; their ids make resends harmless.
            if (repairs.length > 0) summary.repairsSent += await sendRepairs(deps, run.runId, repairs, run.call);
            yield { cursor: page.nextCursor, progress: { groups: summary.groups } };
          }
        },

        suspend() {
          if (index) run.data.seen = index.seenState();
        },

        async finish() {
          if (index && summary.changes) {
            for (const id of index.deleted()) {
              summary.changes.deleted += 1;
              if (summary.changes.samples.deleted.length < SAMPLE_SIZE) summary.changes.samples.deleted.push(id);
            }
          }
          await run.writeJson('summary.json', summary);
          return { counts: { groups: run.records('snapshot'), findings: run.records('findings') }, summary };
        },
      };
    },
  };
}

async function previousIndex(
  store: OutputStore,
  data: AuditData,
  call: CallOptions,
): Promise<SnapshotIndex | undefined> {
  const key = data.previousManifestKey;
  const text = key && (await store.readText(key, call));
  if (!text) return undefined;
  const index = await loadSnapshotIndex(store, JSON.parse(text) as Manifest, call);
  if (data.seen) index.restoreSeen(data.seen);
  return index;
}

async function sendRepairs(
  deps: AuditDependencies,
  runId: string,
  repairs: ModerationEvent[],
  call: CallOptions,
): Promise<number> {
  const report = await sendModerationEvents(deps.queue!.sqs, deps.queue!.queueUrl, repairs, call);
  if (report.failed.length > 0)
    throw new Error(`audit ${runId}: ${report.failed.length} repair events were not sent: ${report.failed[0]!.reason}`);
  return report.sent.length;
}

function emptyChanges(previousRunId: string): ChangeSummary {
  return {
    previousRunId,
    created: 0,
    deleted: 0,
    newlyDisabled: 0,
    newlyEnabled: 0,
    samples: { created: [], deleted: [], newlyDisabled: [], newlyEnabled: [] },
  };
}

function recordChange(changes: ChangeSummary, index: SnapshotIndex, id: string, disabled: boolean): void {
  const change = index.compare(id, disabled);
  if (change === 'unchanged') return;
  const field = ({ created: 'created', newly_disabled: 'newlyDisabled', newly_enabled: 'newlyEnabled' } as const)[
    change
  ];
  changes[field] += 1;
  if (changes.samples[field].length < SAMPLE_SIZE) changes.samples[field].push(id);
}

/** The moderation event that repairs a finding, if one can. */
function repairEvent(finding: Finding, ban: BanRecord, runId: string, now: Date): ModerationEvent | undefined {
  const common = {
    version: EVENT_VERSION,
    id: `audit-${runId}-${finding.kind}-${finding.groupId}`,
    groupId: finding.groupId,
    source: `audit:${runId}`,
    time: now.toISOString(),
  } as const;
  if (finding.kind === FindingKind.BanBypassed) {
    // Names the ban, as read when the run opened: if it was lifted since (an appeal granted while
    // the scan ran), the pipeline leaves the group enabled, and no new ban is imposed either way.
    return {
      ...common,
      type: EventType.BanEnforce,
      reason: `audit: ban ${ban.banId} bypassed, group enabled`,
      banId: ban.banId,
    };
  }
  if (finding.kind === FindingKind.BanOverdue) {
    return { ...common, type: EventType.BanExpire, reason: `audit: ban ${ban.banId} overdue`, banId: ban.banId };
  }
  return undefined;
}
