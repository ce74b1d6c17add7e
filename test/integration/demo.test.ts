/** The README's quick start: `npm run demo` must keep passing its own checks. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('npm run demo exits 0 with its summary', async () => {
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'local/demo.ts'],
      { cwd: ROOT, env: { PATH: process.env.PATH } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /demo passed in .* 4 groups disabled, 2 enabled again, 1 threshold crossed by reports and 1 by a spam wave, 1 timed ban lifted, 1 poison event parked, 1 message rejected at pre-delivery;/,
  );
  // The DLQ reason is cut after a whole word, and says how much it leaves out.
  expect(result.stdout).toMatch(
    /^• a malformed event was parked in the DLQ: invalid event: .*\w … \(\d+ more characters\)$/m,
  );
  expect(result.stdout).toMatch(
    /spam wave: \d+ members posted one scam link into \d+; .* was disabled [\d.]+ s after the first message, with no event sent by hand/,
  );
  expect(result.stdout).toMatch(/pre-delivery: .* was rejected \(code banned-terms\) and never delivered/);
});
