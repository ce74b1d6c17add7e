/**
 * Runs the real `groupmod` binary (bin/groupmod.js, the build vitest's global setup made) as an
 * operator would: a child process that sees only the variables given, plus PATH.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const GROUPMOD_BIN = fileURLToPath(new URL('../../bin/groupmod.js', import.meta.url));

export interface GroupmodRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function groupmod(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<GroupmodRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [GROUPMOD_BIN, ...args],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

/** stdout as the JSON lines it is made of. */
export const jsonLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
