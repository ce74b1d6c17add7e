import { Readable } from 'node:stream';
import type { OutputStore } from './output-store.js';
import { MANIFEST, type Manifest } from './run-layout.js';

export async function writeJson(store: OutputStore, key: string, value: unknown): Promise<void> {
  await store.upload(key, Readable.from([Buffer.from(JSON.stringify(value, null, 2))]), 'application/json');
}

/** Writes a run's manifest, after all its parts: readers trust a run only once it exists. */
export async function writeManifest<M extends Manifest>(store: OutputStore, keyPrefix: string, manifest: M): Promise<M> {
  await writeJson(store, `${keyPrefix}${MANIFEST}`, manifest);
  return manifest;
}
