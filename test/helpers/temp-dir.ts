/**
 * Folders under the system's temporary folder for one test file, removed when its tests end, so
 * that runs do not pile up outputs (a synthesized stack with its bundles is about 13 MB).
 * Registered when a test file imports this module, so that it works from `beforeAll` and from
 * inside a test alike.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A new, empty folder named `<prefix>-XXXXXX`. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  made.push(dir);
  return dir;
}
