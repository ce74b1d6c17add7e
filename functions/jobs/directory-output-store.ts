import { constants } from 'node:fs';
import { lstat, mkdir, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OutputStore } from './output-store.js';

/** A key that would resolve outside the store's folder, by its name or through a link, or that names no plain file. */
export class KeyOutsideStoreError extends Error {
  override name = 'KeyOutsideStoreError';
  constructor(
    readonly key: string,
    readonly location: string,
    readonly problem?: string,
  ) {
    super(`key ${JSON.stringify(key)} resolves outside ${location}${problem ? `: ${problem}` : ''}`);
  }
}

// Never through a symbolic link in the last step (ELOOP), never waiting on a FIFO or a device.
const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
const OPEN_FLAGS = {
  read: O_RDONLY | O_NOFOLLOW | O_NONBLOCK,
  // Truncated only once the file is known to be the store's own (a hard link is refused first).
  write: O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK,
  create: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK,
} as const;
type OpenMode = keyof typeof OPEN_FLAGS;

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * A local folder laid out as the bucket would be (`--out DIR`). Every key must resolve inside the
 * folder, by its name and on the real file system, so that a link planted in a shared runs
 * folder cannot make a run write or read elsewhere: a symbolic link below the folder, to a folder
 * or a file, is refused (each step is checked before the folders are made and again after), the
 * file is opened without following one, and what was opened must be a plain file with no other
 * name (a hard link would be written through) in a folder that is really below the store's.
 * (The folder itself may be a link: the operator named it.) Someone swapping links in while a run
 * writes can still make it create empty folders or an empty file elsewhere; nothing is written to
 * or read from them. Local file calls are not aborted.
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
    if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
      throw new KeyOutsideStoreError(key, this.location);
    return path;
  }

  /**
   * The key's path, checked by name and then step by step on disk: no existing step below the
   * folder is a symbolic link. @throws {KeyOutsideStoreError}
   */
  private async checkedPathOf(key: string): Promise<string> {
    const path = this.pathOf(key);
    let step = this.root;
    for (const part of relative(this.root, path).split(sep)) {
      step = join(step, part);
      const stats = await lstat(step).catch((error: unknown) => {
        if (missing(error)) return undefined;
        throw error;
      });
      if (!stats) break;
      if (stats.isSymbolicLink())
        throw new KeyOutsideStoreError(
          key,
          this.location,
          `${step} is a symbolic link, which the store does not follow`,
        );
    }
    return path;
  }

  /** The key's file, opened as `mode` says once every check above holds. @throws {KeyOutsideStoreError} */
  private async openInside(key: string, mode: OpenMode): Promise<FileHandle> {
    let path = await this.checkedPathOf(key);
    if (mode !== 'read') {
      await mkdir(dirname(path), { recursive: true });
      path = await this.checkedPathOf(key);
    }
    const file = await open(path, OPEN_FLAGS[mode]).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ELOOP')
        throw new KeyOutsideStoreError(
          key,
          this.location,
          `${path} is a symbolic link, which the store does not follow`,
        );
      // A FIFO with no reader (or a device) that would not open without waiting.
      if (code === 'ENXIO') throw new KeyOutsideStoreError(key, this.location, `${path} is not a plain file`);
      throw error;
    });
    try {
      const stats = await file.stat();
      if (!stats.isFile()) throw new KeyOutsideStoreError(key, this.location, `${path} is not a plain file`);
      if (stats.nlink > 1)
        throw new KeyOutsideStoreError(
          key,
          this.location,
          `${path} has other names (a hard link), which the store does not write or read through`,
        );
      const [root, folder] = await Promise.all([realpath(this.root), realpath(dirname(path))]);
      const inside = relative(root, folder);
      if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside))
        throw new KeyOutsideStoreError(key, this.location, `${dirname(path)} is really ${folder}`);
      if (mode === 'write') await file.truncate(0);
      return file;
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async upload(key: string, body: Readable): Promise<void> {
    const file = await this.openInside(key, 'write');
    await pipeline(body, file.createWriteStream());
  }

  async create(key: string, text: string): Promise<boolean> {
    let file: FileHandle;
    try {
      file = await this.openInside(key, 'create');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await file.writeFile(text);
      return true;
    } finally {
      await file.close();
    }
  }

  async readText(key: string): Promise<string | undefined> {
    let file: FileHandle;
    try {
      file = await this.openInside(key, 'read');
    } catch (error) {
      if (missing(error)) return undefined;
      throw error;
    }
    try {
      return await file.readFile('utf8');
    } finally {
      await file.close();
    }
  }

  async readStream(key: string): Promise<Readable> {
    return (await this.openInside(key, 'read')).createReadStream();
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
