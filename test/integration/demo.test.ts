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
    /demo passed in .* 4 groups disabled, 1 threshold crossed by reports and 1 by a sustained raid, 1 timed ban lifted, 1 poison event parked, \d+ messages recalled, 2 members muted, [2-9] groups muted under a raid, 1 message rejected at pre-delivery;/,
  );
  // The DLQ reason in full: every problem of the event, the last one included.
  expect(result.stdout).toMatch(
    /^• a malformed event was parked in the DLQ, with its reason: invalid event: version: .*; id: required; groupId: [^…]+$/m,
  );
  // The chat scenes: the least force first, the group's own last.
  expect(result.stdout).toMatch(
    /spam wave in \d+: spam1 and spam2 posted a scam link, recalled [\d.]+ s after the first; posting it again got them recalled and muted for 600 s .*ann and bob talked on, the group stayed enabled/,
  );
  expect(result.stdout).toMatch(
    /raid on \d+: \d accounts posted scam links at once; the group was muted for 3 s .*every raid message recalled, and the mute lifted by itself/,
  );
  expect(result.stdout).toMatch(/sustained raid on \d+: muted by its first 4 accounts, .* the group was disabled/);
  expect(result.stdout).toMatch(/pre-delivery: .* was rejected \(code banned-terms\) and never delivered/);
});
