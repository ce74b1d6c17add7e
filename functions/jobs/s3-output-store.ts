import type { Readable } from 'node:stream';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { sdkOptions } from '../aws/index.js';
import type { OutputStore } from './output-store.js';
import type { CallOptions } from '../agora/index.js';

const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/**
 * Objects in one bucket; uploads stream through `@aws-sdk/lib-storage` in 8 MiB parts. `create`
 * is a conditional write (`If-None-Match: *`): S3 refuses it atomically when the key exists.
 */
export class S3OutputStore implements OutputStore {
  readonly location: string;

  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {
    this.location = `s3://${bucket}`;
  }

  async upload(key: string, body: Readable, contentType: string, call: CallOptions = {}): Promise<void> {
    const upload = new Upload({
      client: this.s3,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
      partSize: 8 * 1024 * 1024,
      queueSize: 2,
    });
    // lib-storage takes a controller, not a signal: abort the upload when the caller's signal fires.
    const abort = () => void upload.abort();
    call.signal?.addEventListener('abort', abort, { once: true });
    try {
      if (call.signal?.aborted) abort();
      await upload.done();
    } finally {
      call.signal?.removeEventListener('abort', abort);
    }
  }

  async create(key: string, text: string, contentType: string, call?: CallOptions): Promise<boolean> {
    // The condition is what makes this safe between concurrent writers; asking first spares the
    // write, and keeps stores that ignore the condition (local S3 stand-ins) right one at a time.
    if (await this.exists(key, call)) return false;
    try {
      await this.s3.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: text, ContentType: contentType, IfNoneMatch: '*' }),
        sdkOptions(call),
      );
      return true;
    } catch (error) {
      // 412: the key exists; 409: a concurrent conditional write to it is in progress.
      if (status(error) === 412 || status(error) === 409) return false;
      throw error;
    }
  }

  private async exists(key: string, call?: CallOptions): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), sdkOptions(call));
      return true;
    } catch (error) {
      if (status(error) === 404) return false;
      throw error;
    }
  }

  async readText(key: string, call?: CallOptions): Promise<string | undefined> {
    try {
      const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), sdkOptions(call));
      return await Body?.transformToString('utf8');
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  async readStream(key: string, call?: CallOptions): Promise<Readable> {
    const { Body } = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }), sdkOptions(call));
    return Body as Readable;
  }

  async *list(prefix: string, call?: CallOptions): AsyncIterable<string> {
    let ContinuationToken: string | undefined;
    do {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }),
        sdkOptions(call),
      );
      for (const object of page.Contents ?? []) if (object.Key) yield object.Key;
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
  }
}
