/**
 * Where a run's files go: `<prefix>/<job>/<date>/<run id>/...`, with `manifest.json` written last,
 * once. A reader trusts a run only when its manifest exists.
 */
import { randomBytes } from 'node:crypto';
import type { OutputStore } from './output-store.js';
import type { PartInfo } from './part-writer.js';
import type { CallOptions } from '../agora/index.js';

export const MANIFEST = 'manifest.json';

/** Sortable by start time: `20261125T203000Z-1a2b3c`. */
export function newRunId(now: Date): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
}

/**
 * What a resumed invocation puts into the names of the parts it writes (`part-00003-1a2b3c`): two
 * invocations that resume the same checkpoint (a continuation delivered twice) never write the
 * same key, so neither can change a part the other's checkpoint or manifest describes. The first
 * invocation of a run is the only one for its run id and writes plain names.
 */
export function newPassTag(): string {
  return `-${randomBytes(3).toString('hex')}`;
}

/** `prefix/job/`, or `job/` without a prefix. */
export function jobKeyPrefix(prefix: string, job: string): string {
  const base = prefix.replace(/\/+$/, '');
  return `${base ? `${base}/` : ''}${job}/`;
}

export function runKeyPrefix(prefix: string, job: string, runId: string, startedAt: Date): string {
  return `${jobKeyPrefix(prefix, job)}${startedAt.toISOString().slice(0, 10)}/${runId}/`;
}

export interface Manifest<Summary = unknown> {
  job: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  /** Records per output, e.g. `{ groups: 1000 }`. */
  counts: Record<string, number>;
  parts: PartInfo[];
  /** Where the scan stood: a run with a manifest has taken every step (a partial one has a checkpoint instead). */
  scan: { complete: true; pages: number };
  summary?: Summary;
}

/** The newest complete run of `job` under `prefix`, with its manifest's key; run ids sort by start time. */
export async function latestManifest(
  store: OutputStore,
  prefix: string,
  job: string,
  call?: CallOptions,
): Promise<{ key: string; manifest: Manifest } | undefined> {
  let latest: string | undefined;
  let latestRun = '';
  for await (const key of store.list(jobKeyPrefix(prefix, job), call)) {
    if (!key.endsWith(`/${MANIFEST}`)) continue;
    const runId = key.split('/').at(-2) ?? '';
    if (runId > latestRun) [latest, latestRun] = [key, runId];
  }
  const text = latest && (await store.readText(latest, call));
  return text ? { key: latest!, manifest: JSON.parse(text) as Manifest } : undefined;
}
