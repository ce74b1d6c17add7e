import { constants, createReadStream } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OutputStore } from './output-store.js';

/** A key that would resolve outside the store's folder, by its name or through a symbolic link. */
export class KeyOutsideStoreError extends Error {
  override name = 'KeyOutsideStoreError';
  constructor(readonly key: string, readonly location: string, readonly link?: string) {
    super(`key ${JSON.stringify(key)} resolves outside ${location}${link ? `: ${link} is a symbolic link, which the store does not follow` : ''}`);
  }
}

/** Opened for writing without following a symbolic link in the last step (O_NOFOLLOW: ELOOP). */
const WRITE_NO_FOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;
const CREATE_NO_FOLLOW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/**
 * A local folder laid out as the bucket would be (`--out DIR`). Every key must resolve inside the
 * folder, by its name and on the real file system: a symbolic link below the folder, to a folder
 * or a file, is refused, so a link planted in a shared runs folder cannot make a run write or
 * read elsewhere. (The folder itself may be a link: the operator named it.) Local file calls are
 * not aborted.
 */
export class DirectoryOutputStore implements OutputStore {
  private readonly root: string;

  constructor(readonly location: string) {
    this.root = resolve(location);
  }

  /** The key's path, checked by name only. @throws {KeyOutsideStoreError} */
  private pathOf(key: string): string {
    const path = resolve(this.root, key);
    const inside = relative(this.root, path);
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw new KeyOutsideStoreError(key, this.location);
    return path;
  }

  /**
   * The key's path, checked by name and then step by step on disk: no existing step below the
   * folder is a symbolic link. @throws {KeyOutsideStoreError}
   */
  private async realPathOf(key: string): Promise<string> {
    const path = this.pathOf(key);
    let step = this.root;
    for (const part of relative(this.root, path).split(sep)) {
      step = join(step, part);
      const stats = await lstat(step).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (!stats) break;
      if (stats.isSymbolicLink()) throw new KeyOutsideStoreError(key, this.location, step);
    }
    return path;
  }

  /**
   * The key's folder made (`mkdir -p` follows links), between two checks: a link made meanwhile
   * is refused before anything is written; the file itself is then opened without following one.
   */
  private async writablePathOf(key: string): Promise<string> {
    await mkdir(dirname(await this.realPathOf(key)), { recursive: true });
    return this.realPathOf(key);
  }

  async upload(key: string, body: Readable): Promise<void> {
    const path = await this.writablePathOf(key);
    const file = await open(path, WRITE_NO_FOLLOW);
    await pipeline(body, file.createWriteStream());
  }

  async create(key: string, text: string): Promise<boolean> {
    const path = await this.writablePathOf(key);
    try {
      await writeFile(path, text, { flag: CREATE_NO_FOLLOW });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
  }

  async readText(key: string): Promise<string | undefined> {
    try {
      return await readFile(await this.realPathOf(key), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async readStream(key: string): Promise<Readable> {
    return createReadStream(await this.realPathOf(key));
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
