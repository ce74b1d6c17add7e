/**
 * One audit run: scan every group, write the snapshot and the findings as part files, compare
 * with the previous run, and write the summary and, last, the manifest. Optionally repairs drift
 * by sending moderation events, so every change goes through the ledger and the group's order.
 *
 * A run can stop at a page boundary with a checkpoint (`shouldCheckpoint`, near the Lambda
 * deadline) and continue with `resumeAudit`; the finished run's files are the same as those of a
 * run that never stopped.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { GroupsResource } from '../agora/groups.js';
import { EVENT_VERSION, EventType, type ModerationEvent } from '../events/schema.js';
import type { BanRecord, Ledger } from '../ledger/ledger.js';
import { sendModerationEvents } from '../events/producer.js';
import {
  completed,
  DEFAULT_RECORDS_PER_PART,
  loadCheckpoint,
  newRunState,
  saveCheckpoint,
  type CheckpointState,
  type JobControl,
  type JobOutcome,
  type JobRunOptions,
  type RunState,
} from '../jobs/checkpoint.js';
import type { OutputStore } from '../jobs/output-store.js';
import { PartWriter } from '../jobs/part-writer.js';
import type { Manifest } from '../jobs/run-layout.js';
import { writeJson, writeManifest } from '../jobs/write-json.js';
import { DEFAULT_FINDING_OPTIONS, FindingKind, findingsFor, type Finding, type FindingOptions } from './findings.js';
import { snapshotOf, type GroupSnapshot } from '../jobs/group-snapshot.js';
import { AUDIT_JOB, latestManifest, loadSnapshotIndex, SNAPSHOT_SERIES } from './previous-snapshot.js';
import { scanGroups } from '../jobs/scan-groups.js';
import type { SeenState, SnapshotIndex } from './snapshot-index.js';

/** Ids kept as examples per change in the summary; counts are always complete. */
const SAMPLE_SIZE = 100;
const FINDINGS_SERIES = 'findings-';

export interface AuditDependencies {
  groups: GroupsResource;
  store: OutputStore;
  /** The moderation ledger; without it every disabled group counts as disabled by hand. */
  ledger?: Pick<Ledger, 'activeBans'>;
  /** Where `repair` sends events. */
  queue?: { sqs: SQSClient; queueUrl: string };
  clock?: () => Date;
}

/** The clock comes with the dependencies. */
export interface AuditOptions extends Omit<JobRunOptions, 'clock'> {
  findings?: Partial<FindingOptions>;
  /** Send moderation events for drift: re-disable bypassed bans, expire overdue ones. @default false */
  repair?: boolean;
  /** @default 100 */
  pageSize?: number;
}

export type RunControl = JobControl<{ groups: number; pages: number }>;

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
  repairsSent: number;
}

interface AuditData {
  settings: { prefix: string; findings: FindingOptions; repair: boolean; pageSize: number; recordsPerPart: number };
  summary: AuditSummary;
  previousManifestKey?: string;
  seen?: SeenState;
}

type AuditState = RunState<AuditData>;
export type AuditOutcome = JobOutcome<Manifest<AuditSummary>>;

/** Starts a run; it completes unless `shouldCheckpoint` stops it. */
export async function startAudit(deps: AuditDependencies, options: AuditOptions = {}, control: RunControl = {}): Promise<AuditOutcome> {
  if (options.repair && !deps.queue) throw new TypeError('repair needs the moderation queue');
  const startedAt = (deps.clock ?? (() => new Date()))();
  const prefix = options.prefix ?? '';
  const previous = await latestManifest(deps.store, prefix, AUDIT_JOB);
  const state = newRunState<AuditData>(AUDIT_JOB, prefix, startedAt, {
    settings: {
      prefix,
      findings: { ...DEFAULT_FINDING_OPTIONS, ...options.findings },
      repair: options.repair ?? false,
      pageSize: options.pageSize ?? 100,
      recordsPerPart: options.recordsPerPart ?? DEFAULT_RECORDS_PER_PART,
    },
    summary: {
      groups: 0,
      public: 0,
      private: 0,
      disabled: 0,
      findings: Object.fromEntries(Object.values(FindingKind).map((kind) => [kind, 0])) as Record<FindingKind, number>,
      vanishedDuringScan: { count: 0, samples: [] },
      changes: previous ? emptyChanges(previous.manifest.runId) : null,
      ledgerConsulted: Boolean(deps.ledger),
      repairsSent: 0,
    },
    ...(previous && { previousManifestKey: previous.key }),
  });
  return continueAudit(deps, state, control);
}

/** Continues a checkpointed run from its checkpoint's key. */
export async function resumeAudit(deps: AuditDependencies, checkpointKey: string, control: RunControl = {}): Promise<AuditOutcome> {
  const state = await loadCheckpoint<AuditData>(deps.store, checkpointKey, AUDIT_JOB);
  if (state.data.settings.repair && !deps.queue) throw new TypeError('repair needs the moderation queue');
  return continueAudit(deps, state, control);
}

/** A whole run in one go (the CLI, which has no deadline). */
export async function runAudit(deps: AuditDependencies, options: AuditOptions = {}, control: Omit<RunControl, 'shouldCheckpoint'> = {}): Promise<Manifest<AuditSummary>> {
  return completed(await startAudit(deps, options, control));
}

async function continueAudit(deps: AuditDependencies, state: AuditState, control: RunControl): Promise<AuditOutcome> {
  const clock = deps.clock ?? (() => new Date());
  const { settings, summary } = state.data;
  const index = await previousIndex(deps.store, state);
  const activeBans = new Map<string, BanRecord>();
  if (deps.ledger) for await (const ban of deps.ledger.activeBans()) activeBans.set(ban.groupId, ban);

  const writer = <T>(series: string) =>
    new PartWriter<T>({ store: deps.store, keyPrefix: `${state.keyPrefix}${series}`, format: 'jsonl', recordsPerPart: settings.recordsPerPart, firstPart: state.nextPart[series] ?? 0 });
  const snapshots = writer<GroupSnapshot>(SNAPSHOT_SERIES);
  const findings = writer<Finding>(FINDINGS_SERIES);
  const closeWriters = async () => {
    state.parts.push(...(await snapshots.close()), ...(await findings.close()));
    state.nextPart = { [SNAPSHOT_SERIES]: snapshots.nextPartNumber, [FINDINGS_SERIES]: findings.nextPartNumber };
    state.records = { [SNAPSHOT_SERIES]: (state.records[SNAPSHOT_SERIES] ?? 0) + snapshots.records, [FINDINGS_SERIES]: (state.records[FINDINGS_SERIES] ?? 0) + findings.records };
  };

  const scan = scanGroups(deps.groups, { pageSize: settings.pageSize, ...(state.cursor !== undefined && { cursor: state.cursor }), ...(control.call && { call: control.call }) });
  for await (const page of scan) {
    state.pages += 1;
    const repairs: ModerationEvent[] = [];
    for (const group of page.groups) {
      await snapshots.write(snapshotOf(group));
      summary.groups += 1;
      summary[group.public ? 'public' : 'private'] += 1;
      if (group.disabled) summary.disabled += 1;
      if (index && summary.changes) recordChange(summary.changes, index, group.id, group.disabled);
      const ban = activeBans.get(group.id);
      for (const finding of findingsFor(group, ban, settings.findings, clock())) {
        summary.findings[finding.kind] += 1;
        await findings.write(finding);
        const repair = settings.repair && ban && repairEvent(finding, ban, state.runId, clock());
        if (repair) repairs.push(repair);
      }
    }
    summary.vanishedDuringScan.count += page.vanished.length;
    summary.vanishedDuringScan.samples.push(...page.vanished.slice(0, SAMPLE_SIZE - summary.vanishedDuringScan.samples.length));
    // Sent page by page, so a checkpoint never holds repairs back; their ids make resends harmless.
    if (repairs.length > 0) summary.repairsSent += await sendRepairs(deps, state.runId, repairs);
    control.onProgress?.({ groups: summary.groups, pages: state.pages });

    if (page.nextCursor && control.shouldCheckpoint?.({ pages: state.pages })) {
      await closeWriters();
      const checkpoint: CheckpointState<AuditData> = { ...state, cursor: page.nextCursor, data: { ...state.data, ...(index && { seen: index.seenState() }) } };
      return { status: 'checkpointed', checkpointKey: await saveCheckpoint(deps.store, checkpoint), pages: state.pages };
    }
  }

  if (index && summary.changes) {
    for (const id of index.deleted()) {
      summary.changes.deleted += 1;
      if (summary.changes.samples.deleted.length < SAMPLE_SIZE) summary.changes.samples.deleted.push(id);
    }
  }
  await closeWriters();
  const manifest: Manifest<AuditSummary> = {
    job: AUDIT_JOB,
    runId: state.runId,
    startedAt: state.startedAt,
    finishedAt: clock().toISOString(),
    counts: { groups: state.records[SNAPSHOT_SERIES] ?? 0, findings: state.records[FINDINGS_SERIES] ?? 0 },
    parts: state.parts,
    scan: { complete: true, pages: state.pages },
    summary,
  };
  await writeJson(deps.store, `${state.keyPrefix}summary.json`, summary);
  return { status: 'complete', manifest: await writeManifest(deps.store, state.keyPrefix, manifest) };
}

async function previousIndex(store: OutputStore, state: AuditState): Promise<SnapshotIndex | undefined> {
  const key = state.data.previousManifestKey;
  const text = key && (await store.readText(key));
  if (!text) return undefined;
  const index = await loadSnapshotIndex(store, JSON.parse(text) as Manifest);
  if (state.data.seen) index.restoreSeen(state.data.seen);
  return index;
}

async function sendRepairs(deps: AuditDependencies, runId: string, repairs: ModerationEvent[]): Promise<number> {
  const report = await sendModerationEvents(deps.queue!.sqs, deps.queue!.queueUrl, repairs);
  if (report.failed.length > 0) throw new Error(`audit ${runId}: ${report.failed.length} repair events were not sent: ${report.failed[0]!.reason}`);
  return report.sent.length;
}

function emptyChanges(previousRunId: string): ChangeSummary {
  return { previousRunId, created: 0, deleted: 0, newlyDisabled: 0, newlyEnabled: 0, samples: { created: [], deleted: [], newlyDisabled: [], newlyEnabled: [] } };
}

function recordChange(changes: ChangeSummary, index: SnapshotIndex, id: string, disabled: boolean): void {
  const change = index.compare(id, disabled);
  if (change === 'unchanged') return;
  const field = ({ created: 'created', newly_disabled: 'newlyDisabled', newly_enabled: 'newlyEnabled' } as const)[change];
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
    // Rounded down, so the ban in force outlasts this one: the pipeline keeps it and disables the group again.
    const remaining = ban.until === null ? 'permanent' : Math.max(1, Math.floor((Date.parse(ban.until) - now.getTime()) / 1000));
    return { ...common, type: EventType.Disable, reason: `audit: ban ${ban.banId} bypassed, group enabled`, duration: remaining };
  }
  if (finding.kind === FindingKind.BanOverdue) {
    return { ...common, type: EventType.BanExpire, reason: `audit: ban ${ban.banId} overdue`, banId: ban.banId };
  }
  return undefined;
}
