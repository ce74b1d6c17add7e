import { describe, expect, test } from 'vitest';
import { checkKeyPrefix, keyPathProblem } from '../../../functions/jobs/key-path.js';
import { jobsSettingsFromEnv } from '../../../functions/jobs/jobs-env.js';
import { ConfigError } from '../../../functions/config/index.js';
import { configProblems } from '../../helpers/config-problems.js';

describe('keyPathProblem', () => {
  test.each(['', 'runs', 'runs/', 'team-a/runs/2026', 'inputs/users.txt', 'a..b/c'])(
    '%j is a plain relative path',
    (path) => {
      expect(keyPathProblem(path)).toBeUndefined();
    },
  );

  test.each([
    ['../../x', 'must not contain empty, "." or ".." segments'],
    ['runs/../../etc', 'must not contain empty, "." or ".." segments'],
    ['./runs', 'must not contain empty, "." or ".." segments'],
    ['runs//x', 'must not contain empty, "." or ".." segments'],
    // One trailing "/" ends a prefix; a second leaves an empty segment.
    ['runs//', 'must not contain empty, "." or ".." segments'],
    ['/etc/passwd', 'must not start with "/"'],
    ['..\\..\\x', 'must not contain backslashes or control characters'],
    ['runs\u0000x', 'must not contain backslashes or control characters'],
  ])('%j is refused: %s', (path, problem) => {
    expect(keyPathProblem(path)).toBe(problem);
  });
});

describe('checkKeyPrefix', () => {
  test('refuses a prefix that escapes, as a configuration problem naming it', () => {
    expect(() => checkKeyPrefix('../../x')).toThrow(ConfigError);
    expect(configProblems(() => checkKeyPrefix('../../x'))).toEqual([
      'prefix "../../x": must not contain empty, "." or ".." segments',
    ]);
  });

  test('OUTPUT_PREFIX follows the same rule', () => {
    const env = { OUTPUT_BUCKET: 'runs-bucket', JOBS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/jobs' };
    expect(jobsSettingsFromEnv({ ...env, OUTPUT_PREFIX: 'team-a' }).outputPrefix).toBe('team-a');
    expect(configProblems(() => jobsSettingsFromEnv({ ...env, OUTPUT_PREFIX: '../other-team' }))).toEqual([
      'OUTPUT_PREFIX: must not contain empty, "." or ".." segments',
    ]);
  });
});
