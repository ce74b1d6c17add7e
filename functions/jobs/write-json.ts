import { Readable } from 'node:stream';
import type { Abortable } from '../aws/index.js';
import type { OutputStore } from './output-store.js';

export async function writeJson(store: OutputStore, key: string, value: unknown, call?: Abortable): Promise<void> {
  await store.upload(key, Readable.from([Buffer.from(JSON.stringify(value, null, 2))]), 'application/json', call);
}
