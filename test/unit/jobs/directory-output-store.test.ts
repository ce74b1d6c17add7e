/**
 * The `--out DIR` store keeps every key inside DIR, by name and on disk: a symbolic link below
 * DIR, to a folder or a file, is refused before anything is written or read through it.
 */
import { execFileSync } from 'node:child_process';
import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DirectoryOutputStore } from '../../../functions/jobs/index.js';
import { KeyOutsideStoreError } from '../../../functions/jobs/directory-output-store.js';

describe('DirectoryOutputStore', () => {
  let base: string;
  let out: string;
  let elsewhere: string;
  let store: DirectoryOutputStore;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'directory-store-'));
    out = join(base, 'runs');
    elsewhere = join(base, 'elsewhere');
    await mkdir(out);
    await mkdir(elsewhere);
    store = new DirectoryOutputStore(out);
  });
  afterEach(() => rm(base, { recursive: true, force: true }));

  test('writes, reads and lists keys inside its folder', async () => {
    await store.upload('audit/2026-12-07/a.csv', Readable.from(['a,b\r\n']));
    expect(await store.create('audit/2026-12-07/m.json', '{}')).toBe(true);
    expect(await store.create('audit/2026-12-07/m.json', '{"again":1}')).toBe(false);

    expect(await store.readText('audit/2026-12-07/m.json')).toBe('{}');
    expect(await store.readText('audit/missing.json')).toBeUndefined();
    expect(await readFile(join(out, 'audit/2026-12-07/a.csv'), 'utf8')).toBe('a,b\r\n');
    const keys: string[] = [];
    for await (const key of store.list('audit/')) keys.push(key);
    expect(keys).toEqual(['audit/2026-12-07/a.csv', 'audit/2026-12-07/m.json']);
  });

  test('a key that leaves the folder by name is refused', async () => {
    await expect(store.create('../elsewhere/x.json', '{}')).rejects.toThrow(KeyOutsideStoreError);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('a link to a folder outside, inside the folder, is refused before anything is written', async () => {
    await symlink(elsewhere, join(out, 'audit'));

    const upload = store.upload('audit/2026-12-07/a.csv', Readable.from(['x']));
    await expect(upload).rejects.toThrow(KeyOutsideStoreError);
    await expect(upload).rejects.toThrow(`${join(out, 'audit')} is a symbolic link`);
    await expect(store.create('audit/m.json', '{}')).rejects.toThrow(/symbolic link/);
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('a link deeper down is refused too', async () => {
    await mkdir(join(out, 'export-groups'));
    await symlink(elsewhere, join(out, 'export-groups', '2026-12-07'));

    await expect(store.create('export-groups/2026-12-07/run/manifest.json', '{}')).rejects.toThrow(
      /2026-12-07 is a symbolic link/,
    );
    expect(await readdir(elsewhere)).toEqual([]);
  });

  test('a link to a file outside is neither overwritten, nor created over, nor read', async () => {
    const target = join(elsewhere, 'secret.txt');
    await writeFile(target, 'keep me');
    await mkdir(join(out, 'audit'));
    await symlink(target, join(out, 'audit', 'a.csv'));

    await expect(store.upload('audit/a.csv', Readable.from(['x']))).rejects.toThrow(KeyOutsideStoreError);
    await expect(store.create('audit/a.csv', 'x')).rejects.toThrow(KeyOutsideStoreError);
    await expect(store.readText('audit/a.csv')).rejects.toThrow(KeyOutsideStoreError);
    await expect(store.readStream('audit/a.csv')).rejects.toThrow(KeyOutsideStoreError);
    expect(await readFile(target, 'utf8')).toBe('keep me');
  });

  test('uploading a key again replaces the file', async () => {
    await store.upload('audit/a.csv', Readable.from(['a much longer first text\r\n']));
    await store.upload('audit/a.csv', Readable.from(['short\r\n']));
    expect(await readFile(join(out, 'audit/a.csv'), 'utf8')).toBe('short\r\n');
  });

  test('a hard link to a file outside is neither written through, truncated, nor read', async () => {
    const target = join(elsewhere, 'victim.txt');
    await writeFile(target, 'keep me');
    await mkdir(join(out, 'audit'));
    await link(target, join(out, 'audit', 'a.csv'));

    await expect(store.upload('audit/a.csv', Readable.from(['OVERWRITTEN']))).rejects.toThrow(
      /has other names \(a hard link\)/,
    );
    await expect(store.readText('audit/a.csv')).rejects.toThrow(KeyOutsideStoreError);
    expect(await readFile(target, 'utf8')).toBe('keep me');
  });

  test('a FIFO planted below the folder is refused at once, not waited on', async () => {
    await mkdir(join(out, 'audit'));
    execFileSync('mkfifo', [join(out, 'audit', 'fifo.csv')]);

    await expect(store.upload('audit/fifo.csv', Readable.from(['x']))).rejects.toThrow(/is not a plain file/);
    await expect(store.readText('audit/fifo.csv')).rejects.toThrow(/is not a plain file/);
  });

  test('the folder itself may be a link: the operator named it', async () => {
    const linked = join(base, 'linked-runs');
    await symlink(out, linked);
    const throughLink = new DirectoryOutputStore(linked);

    expect(await throughLink.create('audit/m.json', '{}')).toBe(true);
    expect(await readFile(join(out, 'audit/m.json'), 'utf8')).toBe('{}');
  });
});
