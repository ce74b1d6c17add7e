/**
 * Vitest global setup: builds `groupmod` before any test runs, so the CLI tests always run the
 * code of this checkout, never an earlier build.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

export default async function buildCli(): Promise<void> {
  await promisify(execFile)(process.execPath, [fileURLToPath(new URL('../tools/build-cli.mjs', import.meta.url))]);
}
