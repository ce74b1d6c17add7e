/**
 * Finds the latest complete audit run (the one with the newest manifest) and loads its snapshot
 * into a `SnapshotIndex`, streaming the parts.
 */
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { OutputStore } from '../jobs/output-store.js';
import { MANIFEST, type Manifest } from '../jobs/run-layout.js';
import { SnapshotIndex } from './snapshot-index.js';

export const AUDIT_JOB = 'audit';
export const SNAPSHOT_SERIES = 'snapshot-';

/** The newest manifest of `job` under `prefix`, with its key; run ids sort by start time. */
export async function latestManifest(store: OutputStore, prefix: string, job: string): Promise<{ key: string; manifest: Manifest } | undefined> {
  const base = prefix.replace(/\/+$/, '');
  let latest: string | undefined;
  let latestRun = '';
  for await (const key of store.list(`${base ? `${base}/` : ''}${job}/`)) {
    if (!key.endsWith(`/${MANIFEST}`)) continue;
    const runId = key.split('/').at(-2) ?? '';
    if (runId > latestRun) [latest, latestRun] = [key, runId];
  }
  const text = latest && (await store.readText(latest));
  return text ? { key: latest!, manifest: JSON.parse(text) as Manifest } : undefined;
}

export async function loadSnapshotIndex(store: OutputStore, manifest: Manifest): Promise<SnapshotIndex> {
  const index = new SnapshotIndex();
  for (const part of manifest.parts) {
    if (part.format !== 'jsonl' || !part.key.split('/').at(-1)!.startsWith(SNAPSHOT_SERIES)) continue;
    const lines = createInterface({ input: (await store.readStream(part.key)).pipe(createGunzip()), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      const group = JSON.parse(line) as { id: string; disabled: boolean };
      index.add(group.id, group.disabled);
    }
  }
  index.seal();
  return index;
}
