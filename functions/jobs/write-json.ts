import type { OutputStore } from './output-store.js';
import type { CallOptions } from '../agora/index.js';

/** Writes `value` as JSON to `key` unless it exists (see `OutputStore.create`); resolves whether it did. */
export function createJson(store: OutputStore, key: string, value: unknown, call?: CallOptions): Promise<boolean> {
  return store.create(key, JSON.stringify(value, null, 2), 'application/json', call);
}
