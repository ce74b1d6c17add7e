/**
 * Writes one series of gzip-compressed part files (`<name>part-00000.jsonl.gz`, ...), streaming
 * each into the store as it is written and starting a new part every `recordsPerPart` records.
 * It keeps no records: memory stays flat however many pass through.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { csvRow } from './csv.js';
import type { OutputStore } from './output-store.js';
import type { CallOptions } from '../agora/index.js';

export type PartFormat = 'jsonl' | 'csv';

/** What the manifest says of a part. */
export interface PartInfo {
  key: string;
  format: PartFormat;
  records: number;
  /** Compressed size. */
  bytes: number;
  /** SHA-256 of the compressed bytes, hex. */
  sha256: string;
}

export interface PartWriterOptions<T> {
  store: OutputStore;
  /** Key prefix of the parts, e.g. `exports/groups/2026-11-25/<run>/` or `.../findings-`. */
  keyPrefix: string;
  format: PartFormat;
  /** For CSV: the header and how a record becomes a row. */
  columns?: readonly string[];
  toRow?: (record: T) => readonly (string | number | boolean | null | undefined)[];
  /** @default 250000 */
  recordsPerPart?: number;
  /** Number of the first part (a resumed run continues its numbering). @default 0 */
  firstPart?: number;
  /** Put after the part number in each key (see `newPassTag`). @default '' */
  tag?: string;
  /** The uploads' abort signal. */
  call?: CallOptions;
}

interface OpenPart {
  info: PartInfo;
  gzip: ReturnType<typeof createGzip>;
  uploaded: Promise<void>;
  /** Lines not yet handed to gzip: each hand-over is a trip to the zlib thread pool. */
  pending: string;
}

/** Text handed to gzip at once. */
const CHUNK_CHARS = 64 * 1024;

export class PartWriter<T> {
  readonly parts: PartInfo[] = [];
  private current: OpenPart | undefined;
  private nextPart: number;

  constructor(private readonly options: PartWriterOptions<T>) {
    this.nextPart = options.firstPart ?? 0;
    if (options.format === 'csv' && (!options.columns || !options.toRow))
      throw new TypeError('a CSV part writer needs columns and toRow');
  }

  get format(): PartFormat {
    return this.options.format;
  }

  /** The number the next part will get: where a resumed run continues. */
  get nextPartNumber(): number {
    return this.nextPart;
  }

  get records(): number {
    return this.parts.reduce((sum, part) => sum + part.records, 0) + (this.current?.info.records ?? 0);
  }

  async write(record: T): Promise<void> {
    if (this.current && this.current.info.records >= (this.options.recordsPerPart ?? 250_000)) await this.closePart();
    const part = this.current ?? this.openPart();
    const line = this.options.format === 'jsonl' ? `${JSON.stringify(record)}\n` : csvRow(this.options.toRow!(record));
    part.info.records += 1;
    part.pending += line;
    if (part.pending.length >= CHUNK_CHARS) await this.flush(part);
  }

  private async flush(part: OpenPart): Promise<void> {
    const text = part.pending;
    part.pending = '';
    if (!text || part.gzip.write(text)) return;
    // Wait for gzip to take more, or for the upload to fail: a failed upload stops reading the
    // body, gzip never drains, and waiting for it alone would hang the run until its deadline.
    const stop = new AbortController();
    const drained = once(part.gzip, 'drain', { signal: stop.signal });
    drained.catch(() => {});
    try {
      await Promise.race([drained, part.uploaded]);
    } finally {
      stop.abort();
    }
  }

  /** Finishes the open part; returns every part written. */
  async close(): Promise<PartInfo[]> {
    await this.closePart();
    return this.parts;
  }

  private openPart(): OpenPart {
    const number = String(this.nextPart++).padStart(5, '0');
    const key = `${this.options.keyPrefix}part-${number}${this.options.tag ?? ''}.${this.options.format}.gz`;
    const info: PartInfo = { key, format: this.options.format, records: 0, bytes: 0, sha256: '' };
    const gzip = createGzip();
    const body = new PassThrough();
    const hash = createHash('sha256');
    gzip.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      info.bytes += chunk.length;
    });
    gzip.on('end', () => (info.sha256 = hash.digest('hex')));
    gzip.pipe(body);
    const contentType = this.options.format === 'jsonl' ? 'application/x-ndjson' : 'text/csv';
    const uploaded = this.options.store.upload(key, body, contentType, this.options.call);
    // A failed upload surfaces at close; until then it must not be an unhandled rejection.
    uploaded.catch(() => {});
    this.current = {
      info,
      gzip,
      uploaded,
      pending: this.options.format === 'csv' ? csvRow(this.options.columns!) : '',
    };
    return this.current;
  }

  private async closePart(): Promise<void> {
    const part = this.current;
    if (!part) return;
    this.current = undefined;
    await this.flush(part);
    part.gzip.end();
    await part.uploaded;
    this.parts.push(part.info);
  }
}
