/**
 * Where a run's files go: `<prefix>/<job>/<date>/<run id>/...`, with `manifest.json` written last.
 * A reader trusts a run only when its manifest exists.
 */
import { randomBytes } from 'node:crypto';
import type { PartInfo } from './part-writer.js';

export const MANIFEST = 'manifest.json';

/** Sortable by start time: `20261125T203000Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

export function runKeyPrefix(prefix: string, job: string, runId: string, startedAt: Date): string {
  const base = prefix.replace(/\/+$/, '');
  return `${base ? `${base}/` : ''}${job}/${startedAt.toISOString().slice(0, 10)}/${runId}/`;
}

export interface Manifest<Summary = unknown> {
  job: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Records per output, e.g. `{ groups: 1000 }`. */
  counts: Record<string, number>;
  parts: PartInfo[];
  /** Where the scan stood: a run with a manifest has read every page (a partial one has a checkpoint instead). */
  scan: { complete: true; pages: number };
  summary?: Summary;
}
