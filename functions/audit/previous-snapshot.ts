/** Loads the snapshot of a complete audit run into a `SnapshotIndex`, streaming its parts. */
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Manifest, OutputStore } from '../jobs/index.js';
import type { CallOptions } from '../agora/index.js';
import { SnapshotIndex } from './snapshot-index.js';

export const AUDIT_JOB = 'audit';
export const SNAPSHOT_SERIES = 'snapshot-';

export async function loadSnapshotIndex(
  store: OutputStore,
  manifest: Manifest,
  call?: CallOptions,
): Promise<SnapshotIndex> {
  const index = new SnapshotIndex();
  for (const part of manifest.parts) {
    if (part.format !== 'jsonl' || !part.key.split('/').at(-1)!.startsWith(SNAPSHOT_SERIES)) continue;
    const lines = createInterface({
      input: (await store.readStream(part.key, call)).pipe(createGunzip()),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (!line) continue;
      const group = JSON.parse(line) as { id: string; disabled: boolean };
      index.add(group.id, group.disabled);
    }
  }
  index.seal();
  return index;
}
