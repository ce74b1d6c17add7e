/**
 * The part writer and the run layout on an in-memory store: part keys, content types, the CSV
 * header, what a part records of itself, and how runs are named and found.
 */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { OutputStore } from '../../../functions/jobs/index.js';
import { PartWriter } from '../../../functions/jobs/part-writer.js';
import {
  jobKeyPrefix,
  latestManifest,
  newPassTag,
  newRunId,
  runKeyPrefix,
} from '../../../functions/jobs/run-layout.js';
import { MemoryOutputStore } from '../../helpers/memory-output-store.js';

const text = (store: MemoryOutputStore, key: string) => gunzipSync(store.objects.get(key)!).toString('utf8');

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
  test('writes JSON lines to numbered, tagged, gzip parts of the content type of their format', async () => {
    const store = new MemoryOutputStore();
    const writer = new PartWriter<{ n: number }>({
      store,
      keyPrefix: 'run/items-',
      format: 'jsonl',
      recordsPerPart: 2,
      firstPart: 7,
      tag: '-abc123',
    });

    for (const n of [1, 2, 3]) await writer.write({ n });
    const parts = await writer.close();

    expect(parts.map((part) => [part.key, part.format, part.records])).toEqual([
      ['run/items-part-00007-abc123.jsonl.gz', 'jsonl', 2],
      ['run/items-part-00008-abc123.jsonl.gz', 'jsonl', 1],
    ]);
    expect(text(store, 'run/items-part-00007-abc123.jsonl.gz')).toBe('{"n":1}\n{"n":2}\n');
    expect(store.contentTypes.get('run/items-part-00008-abc123.jsonl.gz')).toBe('application/x-ndjson');
    expect(writer.nextPartNumber).toBe(9);
  });

  test('writes CSV parts that each start with the header', async () => {
    const store = new MemoryOutputStore();
    const writer = new PartWriter<{ n: number }>({
      store,
      keyPrefix: 'run/',
      format: 'csv',
      columns: ['n', 'twice'],
      toRow: ({ n }) => [n, n * 2],
      recordsPerPart: 1,
    });

    await writer.write({ n: 1 });
    await writer.write({ n: 2 });
    const parts = await writer.close();

    expect(parts.map((part) => part.key)).toEqual(['run/part-00000.csv.gz', 'run/part-00001.csv.gz']);
    expect(parts.map((part) => text(store, part.key))).toEqual(['n,twice\r\n1,2\r\n', 'n,twice\r\n2,4\r\n']);
    expect(store.contentTypes.get('run/part-00000.csv.gz')).toBe('text/csv');
  });

  test('records its compressed size and SHA-256, and counts records across parts, the open one included', async () => {
    const store = new MemoryOutputStore();
    const writer = new PartWriter<number>({ store, keyPrefix: '', format: 'jsonl', recordsPerPart: 2 });

    for (const n of [1, 2, 3]) await writer.write(n);
    expect(writer.records).toBe(3);
    const parts = await writer.close();

    expect(parts).toHaveLength(2);
    for (const part of parts) expect(part, part.key).toMatchObject(store.digestOf(part.key));
    expect(writer.records).toBe(3);
  });

  test('streams large parts through in chunks, losing nothing', async () => {
    const store = new MemoryOutputStore();
    const writer = new PartWriter<string>({ store, keyPrefix: '', format: 'jsonl' });
    const line = 'x'.repeat(10_000);

    for (let i = 0; i < 50; i++) await writer.write(line);
    const [part] = await writer.close();

    expect(text(store, part!.key)).toBe(`${JSON.stringify(line)}\n`.repeat(50));
    expect(part!.records).toBe(50);
  });

  test('writes no part when nothing was written, and starts at part 0 and 250,000 records a part by default', async () => {
    const store = new MemoryOutputStore();
    const empty = new PartWriter<number>({ store, keyPrefix: 'a/', format: 'jsonl' });
    expect(await empty.close()).toEqual([]);
    expect(store.keys()).toEqual([]);

    const writer = new PartWriter<number>({ store, keyPrefix: 'b/', format: 'jsonl' });
    for (let i = 0; i < 250_001; i++) await writer.write(i);
    expect((await writer.close()).map((part) => [part.key, part.records])).toEqual([
      ['b/part-00000.jsonl.gz', 250_000],
      ['b/part-00001.jsonl.gz', 1],
    ]);
  });

  test('a failed upload fails the close', async () => {
    const store = new MemoryOutputStore();
    store.failUploads = new Error('bucket gone');
    const writer = new PartWriter<number>({ store, keyPrefix: '', format: 'jsonl' });
    await writer.write(1);
    await expect(writer.close()).rejects.toThrow('bucket gone');
  });

  test('a failed upload fails the writes with its error instead of leaving them waiting for the body to drain', async () => {
    const writer = new PartWriter<{ noise: string }>({ store: refusingStore, keyPrefix: 'run/', format: 'jsonl' });
    const writeUntilRefused = async () => {
      // Incompressible records, so gzip's output fills the unread body within a few hundred KB.
      for (let i = 0; i < 100_000; i++) await writer.write({ noise: randomBytes(96).toString('base64') });
    };
    await expect(writeUntilRefused()).rejects.toThrow('AccessDenied: upload refused');
  }, 10_000);

  test('a CSV writer without columns or a row function is refused', () => {
    const store = new MemoryOutputStore();
    expect(() => new PartWriter({ store, keyPrefix: '', format: 'csv', columns: ['a'] })).toThrow(
      new TypeError('a CSV part writer needs columns and toRow'),
    );
    expect(() => new PartWriter({ store, keyPrefix: '', format: 'csv', toRow: () => [] })).toThrow(TypeError);
    expect(new PartWriter({ store, keyPrefix: '', format: 'jsonl' }).format).toBe('jsonl');
  });
});

describe('run layout', () => {
  test('a run id sorts by start time to the second, with a random end', () => {
    const id = newRunId(new Date('2026-11-25T20:30:05.123Z'));
    expect(id).toMatch(/^20261125T203005Z-[0-9a-f]{6}$/);
    expect(newRunId(new Date('2026-11-25T20:30:05.123Z'))).not.toBe(id);
    expect(newPassTag()).toMatch(/^-[0-9a-f]{6}$/);
  });

  test.each([
    ['', 'audit/'],
    ['runs', 'runs/audit/'],
    ['runs//', 'runs/audit/'],
    ['team/runs/', 'team/runs/audit/'],
  ])('the job folder under prefix %j is %j', (prefix, expected) => {
    expect(jobKeyPrefix(prefix, 'audit')).toBe(expected);
  });

  test('a run’s folder is dated by its start', () => {
    expect(runKeyPrefix('runs', 'audit', 'R1', new Date('2026-11-25T23:59:59Z'))).toBe('runs/audit/2026-11-25/R1/');
  });

  test('the latest manifest is that of the newest run of the job, whatever the folder order', async () => {
    const store = new MemoryOutputStore();
    for (const [key, runId] of [
      // Listed first, but older than the newest.
      ['runs/audit/2026-11-23/20261123T100000Z-ffffff/manifest.json', '20261123T100000Z-ffffff'],
      ['runs/audit/2026-11-25/20261125T100000Z-aaaaaa/manifest.json', '20261125T100000Z-aaaaaa'],
      ['runs/audit/2026-11-24/20261126T000000Z-bbbbbb/manifest.json', '20261126T000000Z-bbbbbb'],
      ['runs/audit/2026-11-25/20261125T120000Z-cccccc/manifest.json', '20261125T120000Z-cccccc'],
    ]) {
      await store.create(key!, JSON.stringify({ runId }), 'application/json');
    }
    // A newer run without a manifest is not finished; another job's is not this one's.
    await store.create('runs/audit/2026-11-27/20261127T000000Z-dddddd/checkpoint-00001.json', '{}', 'application/json');
    await store.create('runs/export-groups/2026-11-27/20261127T000000Z-eeeeee/manifest.json', '{}', 'application/json');

    expect(await latestManifest(store, 'runs', 'audit')).toEqual({
      key: 'runs/audit/2026-11-24/20261126T000000Z-bbbbbb/manifest.json',
      manifest: { runId: '20261126T000000Z-bbbbbb' },
    });
  });

  test('there is no latest manifest before the first run completes', async () => {
    const store = new MemoryOutputStore();
    expect(await latestManifest(store, '', 'audit')).toBeUndefined();
    await store.create('audit/2026-11-27/20261127T000000Z-dddddd/checkpoint-00001.json', '{}', 'application/json');
    expect(await latestManifest(store, '', 'audit')).toBeUndefined();
  });
});
