/**
 * Where jobs write their runs: S3 in AWS (`S3OutputStore`), a local folder with the same layout
 * from a laptop (`DirectoryOutputStore`). Keys are `/`-separated paths. Every method takes the
 * caller's abort signal last.
 */
import type { Readable } from 'node:stream';
import type { CallOptions } from '../agora/index.js';

export interface OutputStore {
  /** Streams `body` to `key`; large bodies go up in parts, so memory stays flat. */
  upload(key: string, body: Readable, contentType: string, call?: CallOptions): Promise<void>;
  /**
   * Writes `text` to `key` unless `key` exists: the first writer wins, a later one changes
   * nothing. Resolves whether this call wrote it.
   */
  create(key: string, text: string, contentType: string, call?: CallOptions): Promise<boolean>;
  /** The object's text, or `undefined` when there is none. */
  readText(key: string, call?: CallOptions): Promise<string | undefined>;
  /** The object as a stream. @throws when there is none */
  readStream(key: string, call?: CallOptions): Promise<Readable>;
  /** Keys under `prefix`, in lexicographic order. */
  list(prefix: string, call?: CallOptions): AsyncIterable<string>;
  /** Where the store writes, for messages: `s3://bucket` or a folder. */
  readonly location: string;
}

/** Writes `value` as JSON to `key` unless it exists (see `OutputStore.create`); resolves whether it did. */
export function createJson(store: OutputStore, key: string, value: unknown, call?: CallOptions): Promise<boolean> {
  return store.create(key, JSON.stringify(value, null, 2), 'application/json', call);
}
