/**
 * An output store in memory, with the contract of the S3 and folder stores: uploads are streamed
 * in, `create` writes only what is absent, keys are listed in order. Keeps each object's content
 * type and the call options of every operation, and can be told to fail uploads.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { CallOptions } from '../../functions/agora/index.js';
import type { OutputStore } from '../../functions/jobs/index.js';

export class MemoryOutputStore implements OutputStore {
  readonly location = 'memory://runs';
  readonly objects = new Map<string, Buffer>();
  readonly contentTypes = new Map<string, string>();
  /** When set, every upload fails with this error once its body has been read. */
  failUploads: Error | undefined;
  /** Every operation, with the key and the call options it was given. */
  readonly calls: {
    op: 'upload' | 'create' | 'readText' | 'readStream' | 'list';
    key: string;
    call: CallOptions | undefined;
  }[] = [];

  /** The size and SHA-256 of what is stored under `key`, as a manifest must record them. */
  digestOf(key: string): { bytes: number; sha256: string } {
    const stored = this.objects.get(key);
    if (!stored) throw new Error(`nothing stored under ${key}`);
    return { bytes: stored.length, sha256: createHash('sha256').update(stored).digest('hex') };
  }

  async upload(key: string, body: Readable, contentType: string, call?: CallOptions): Promise<void> {
    this.calls.push({ op: 'upload', key, call });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(chunk as Buffer);
    if (this.failUploads) throw this.failUploads;
    this.objects.set(key, Buffer.concat(chunks));
    this.contentTypes.set(key, contentType);
  }

  async create(key: string, text: string, contentType: string, call?: CallOptions): Promise<boolean> {
    this.calls.push({ op: 'create', key, call });
    if (this.objects.has(key)) return false;
    this.objects.set(key, Buffer.from(text, 'utf8'));
    this.contentTypes.set(key, contentType);
    return true;
  }

  async readText(key: string, call?: CallOptions): Promise<string | undefined> {
    this.calls.push({ op: 'readText', key, call });
    return this.objects.get(key)?.toString('utf8');
  }

  async readStream(key: string, call?: CallOptions): Promise<Readable> {
    this.calls.push({ op: 'readStream', key, call });
    const object = this.objects.get(key);
    if (!object) throw new Error(`no object at ${key}`);
    return Readable.from([object]);
  }

  async *list(prefix: string, call?: CallOptions): AsyncIterable<string> {
    this.calls.push({ op: 'list', key: prefix, call });
    yield* [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }

  /** Keys under `prefix`, in order. */
  keys(prefix = ''): string[] {
    return [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
  }
}
