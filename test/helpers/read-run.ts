import { gunzipSync } from 'node:zlib';
import type { Manifest, OutputStore } from '../../functions/jobs/index.js';

/** The decompressed text of every part of a run whose file name starts with `series`. */
export async function readParts(
  store: OutputStore,
  manifest: Manifest,
  series: string,
  format: 'jsonl' | 'csv' = 'jsonl',
): Promise<string> {
  let text = '';
  for (const part of manifest.parts.filter((p) => p.format === format && p.key.split('/').at(-1)!.startsWith(series))) {
    const chunks: Buffer[] = [];
    for await (const chunk of await store.readStream(part.key)) chunks.push(chunk as Buffer);
    text += gunzipSync(Buffer.concat(chunks)).toString('utf8');
  }
  return text;
}

export async function readJsonLines<T>(store: OutputStore, manifest: Manifest, series: string): Promise<T[]> {
  return (await readParts(store, manifest, series))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}
