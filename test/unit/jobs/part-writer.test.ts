import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { PartWriter } from '../../../functions/jobs/part-writer.js';
import type { OutputStore } from '../../../functions/jobs/index.js';

/** A store whose uploads fail at once, without reading the body (as a refused multipart upload does). */
const refusingStore: OutputStore = {
  location: 'nowhere',
  upload: (_key: string, _body: Readable) => Promise.reject(new Error('AccessDenied: upload refused')),
  create: () => Promise.reject(new Error('not used')),
  readText: () => Promise.reject(new Error('not used')),
  readStream: () => Promise.reject(new Error('not used')),
  list: () => {
    throw new Error('not used');
  },
};

describe('PartWriter', () => {
  test('a failed upload fails the writes with its error instead of leaving them waiting for the body to drain', async () => {
    const writer = new PartWriter<{ noise: string }>({ store: refusingStore, keyPrefix: 'run/', format: 'jsonl' });
    const writeUntilRefused = async () => {
      // Incompressible records, so gzip's output fills the unread body within a few hundred KB.
      for (let i = 0; i < 100_000; i++) await writer.write({ noise: randomBytes(96).toString('base64') });
    };
    await expect(writeUntilRefused()).rejects.toThrow('AccessDenied: upload refused');
  }, 10_000);
});
