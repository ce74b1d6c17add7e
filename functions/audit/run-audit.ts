/**
 * One audit run: scan every group, write the snapshot and the findings as part files, compare
 * with the previous run, and write the summary and, last, the manifest. Optionally repairs drift
 * by sending moderation events, so every change goes through the ledger and the group's order.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { GroupsResource } from '../agora/groups.js';
import type { CallOptions } from '../agora/transport.js';
import { EVENT_VERSION, EventType, type ModerationEvent } from '../moderation/events.js';
import type { BanRecord, Ledger } from '../moderation/ledger.js';
import { sendModerationEvents } from '../moderation/producer.js';
import type { OutputStore } from '../shared/output/output-store.js';
import { PartWriter } from '../shared/output/part-writer.js';
import { newRunId, runKeyPrefix, type Manifest } from '../shared/output/run-layout.js';
import { writeJson, writeManifest } from '../shared/output/write-json.js';
import { FindingKind, findingsFor, DEFAULT_FINDING_OPTIONS, type Finding, type FindingOptions } from './findings.js';
import { snapshotOf, type GroupSnapshot } from './group-snapshot.js';
import { AUDIT_JOB, latestManifest, loadSnapshotIndex, SNAPSHOT_SERIES } from './previous-snapshot.js';
import { scanGroups } from './scan-groups.js';
import type { SnapshotIndex } from './snapshot-index.js';

/** Ids kept as examples per change in the summary; counts are always complete. */
const SAMPLE_SIZE = 100;

export interface AuditDependencies {
  groups: GroupsResource;
  store: OutputStore;
  /** The moderation ledger; without it every disabled group counts as disabled by hand. */
  ledger?: Pick<Ledger, 'activeBans'>;
  /** Where `repair` sends events. */
  queue?: { sqs: SQSClient; queueUrl: string };
  clock?: () => Date;
}

export interface AuditOptions {
  /** Key prefix of all runs. @default '' */
  prefix?: string;
  findings?: Partial<FindingOptions>;
  /** Send moderation events for drift: re-disable bypassed bans, expire overdue ones. @default false */
  repair?: boolean;
  /** @default 100 */
  pageSize?: number;
  /** @default 250000 */
  recordsPerPart?: number;
  call?: CallOptions;
  onProgress?: (progress: { groups: number; pages: number }) => void;
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
  repairsSent: number;
}

export async function runAudit(deps: AuditDependencies, options: AuditOptions = {}): Promise<Manifest<AuditSummary>> {
  const clock = deps.clock ?? (() => new Date());
  const startedAt = clock();
  const runId = newRunId(startedAt);
  const prefix = options.prefix ?? '';
  const keyPrefix = runKeyPrefix(prefix, AUDIT_JOB, runId, startedAt);
  const findingOptions = { ...DEFAULT_FINDING_OPTIONS, ...options.findings };
  if (options.repair && !deps.queue) throw new TypeError('repair needs the moderation queue');

  const previous = await latestManifest(deps.store, prefix, AUDIT_JOB);
  const index = previous && (await loadSnapshotIndex(deps.store, previous));
  const activeBans = new Map<string, BanRecord>();
  if (deps.ledger) for await (const ban of deps.ledger.activeBans()) activeBans.set(ban.groupId, ban);

  const recordsPerPart = options.recordsPerPart ?? 250_000;
  const snapshots = new PartWriter<GroupSnapshot>({ store: deps.store, keyPrefix: `${keyPrefix}${SNAPSHOT_SERIES}`, format: 'jsonl', recordsPerPart });
  const findings = new PartWriter<Finding>({ store: deps.store, keyPrefix: `${keyPrefix}findings-`, format: 'jsonl', recordsPerPart });
  const summary: AuditSummary = {
    groups: 0,
    public: 0,
    private: 0,
    disabled: 0,
    findings: Object.fromEntries(Object.values(FindingKind).map((kind) => [kind, 0])) as Record<FindingKind, number>,
    vanishedDuringScan: { count: 0, samples: [] },
    changes: previous ? emptyChanges(previous.runId) : null,
    ledgerConsulted: Boolean(deps.ledger),
    repairsSent: 0,
  };
  const repairs: ModerationEvent[] = [];
  let pages = 0;

  for await (const page of scanGroups(deps.groups, { pageSize: options.pageSize ?? 100, ...(options.call && { call: options.call }) })) {
    pages += 1;
    for (const group of page.groups) {
      await snapshots.write(snapshotOf(group));
      summary.groups += 1;
      summary[group.public ? 'public' : 'private'] += 1;
      if (group.disabled) summary.disabled += 1;
      if (index && summary.changes) recordChange(summary.changes, index, group.id, group.disabled);
      for (const finding of findingsFor(group, activeBans.get(group.id), findingOptions, clock())) {
        summary.findings[finding.kind] += 1;
        await findings.write(finding);
        const repair = options.repair && repairEvent(finding, activeBans.get(group.id)!, runId, clock());
        if (repair) repairs.push(repair);
      }
    }
    summary.vanishedDuringScan.count += page.vanished.length;
    summary.vanishedDuringScan.samples.push(...page.vanished.slice(0, SAMPLE_SIZE - summary.vanishedDuringScan.samples.length));
    options.onProgress?.({ groups: summary.groups, pages });
  }
  if (index && summary.changes) {
    for (const id of index.deleted()) {
      summary.changes.deleted += 1;
      if (summary.changes.samples.deleted.length < SAMPLE_SIZE) summary.changes.samples.deleted.push(id);
    }
  }

  const parts = [...(await snapshots.close()), ...(await findings.close())];
  if (repairs.length > 0) {
    const report = await sendModerationEvents(deps.queue!.sqs, deps.queue!.queueUrl, repairs);
    summary.repairsSent = report.sent.length;
    if (report.failed.length > 0) throw new Error(`audit ${runId}: ${report.failed.length} repair events were not sent: ${report.failed[0]!.reason}`);
  }

  const manifest: Manifest<AuditSummary> = {
    job: AUDIT_JOB,
    runId,
    startedAt: startedAt.toISOString(),
    finishedAt: clock().toISOString(),
    counts: { groups: summary.groups, findings: findings.records },
    parts,
    scan: { complete: true, pages },
    summary,
  };
  await writeJson(deps.store, `${keyPrefix}summary.json`, summary);
  return writeManifest(deps.store, keyPrefix, manifest);
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
