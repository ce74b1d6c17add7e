import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OutputStore } from './output-store.js';

/** A local folder laid out as the bucket would be (`--out DIR`). Local file calls are not aborted. */
export class DirectoryOutputStore implements OutputStore {
  constructor(readonly location: string) {}

  async upload(key: string, body: Readable): Promise<void> {
    const path = join(this.location, key);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(body, createWriteStream(path));
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.location, key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  readStream(key: string): Promise<Readable> {
    return Promise.resolve(createReadStream(join(this.location, key)));
  }

  async *list(prefix: string): AsyncIterable<string> {
    let entries: string[];
    try {
      entries = (await readdir(this.location, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => relative(this.location, join(entry.parentPath, entry.name)).split(sep).join('/'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    yield* entries.filter((key) => key.startsWith(prefix)).sort();
  }
}
