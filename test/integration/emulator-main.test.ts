/** `npm run emulator`: the emulator on its own seeds what the README says, as `npm start` does. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const MAIN = fileURLToPath(new URL('../../local/emulator/main.ts', import.meta.url));

/** The emulator's first line of output, with `env` added to its environment. */
async function firstLine(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { PATH: process.env.PATH, EMULATOR_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    return line;
  } finally {
    child.kill('SIGTERM');
  }
}

test.each([
  [{}, 100],
  [{ EMULATOR_SEED: '7' }, 7],
])('with %j it starts with %i groups', async (env, groups) => {
  expect(await firstLine(env)).toMatch(
    new RegExp(`^Agora Chat emulator listening on http://\\S+ \\(${groups} groups\\)$`),
  );
});
