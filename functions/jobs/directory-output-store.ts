import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OutputStore } from './output-store.js';

/** A key that would resolve outside the store's folder. */
export class KeyOutsideStoreError extends Error {
  override name = 'KeyOutsideStoreError';
  constructor(readonly key: string, readonly location: string) {
    super(`key ${JSON.stringify(key)} resolves outside ${location}`);
  }
}

/**
 * A local folder laid out as the bucket would be (`--out DIR`). Every key must resolve inside the
 * folder. Local file calls are not aborted.
 */
export class DirectoryOutputStore implements OutputStore {
  private readonly root: string;

  constructor(readonly location: string) {
    this.root = resolve(location);
  }

  /** @throws {KeyOutsideStoreError} */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    const inside = relative(this.root, path);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw new KeyOutsideStoreError(key, this.location);
    return path;
  }

  async upload(key: string, body: Readable): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(body, createWriteStream(path));
  }

  async create(key: string, text: string): Promise<boolean> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, text, { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      return await readFile(this.pathOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  readStream(key: string): Promise<Readable> {
    return Promise.resolve(createReadStream(this.pathOf(key)));
  }

  async *list(prefix: string): AsyncIterable<string> {
    let entries: string[];
    try {
      entries = (await readdir(this.root, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    yield* entries.filter((key) => key.startsWith(prefix)).sort();
  }
}
