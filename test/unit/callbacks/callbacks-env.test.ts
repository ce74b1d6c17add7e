import { describe, expect, test } from 'vitest';
import { callbacksSettingsFromEnv } from '../../../functions/callbacks/callbacks-env.js';
import { configProblems } from '../../helpers/config-problems.js';

const QUEUE = 'http://127.0.0.1:4566/000000000000/moderation-events.fifo';

describe('callbacks settings', () => {
  test('defaults: 5 minutes of tolerance, 64 KiB bodies, pass on error, no rules', () => {
    expect(callbacksSettingsFromEnv({ MODERATION_QUEUE_URL: QUEUE })).toEqual({
      queueUrl: QUEUE,
      rules: { rules: [], dryRun: false },
      toleranceMs: 300_000,
      maxBodyBytes: 65_536,
      onError: 'pass',
      reportTimeoutMs: 100,
    });
  });

  test('names every bad variable, rules problems under MODERATION_RULES', () => {
    const problems = configProblems(() =>
      callbacksSettingsFromEnv({
        CALLBACK_TOLERANCE_SECONDS: '0',
        CALLBACK_MAX_BODY_BYTES: 'lots',
        CALLBACK_ON_ERROR: 'maybe',
        MODERATION_RULES: '{"rules":[{"name":"x","pattern":"("}]}',
      }),
    );
    expect(problems.map((problem) => problem.split(':')[0])).toEqual([
      'MODERATION_QUEUE_URL',
      'CALLBACK_TOLERANCE_SECONDS',
      'CALLBACK_MAX_BODY_BYTES',
      'CALLBACK_ON_ERROR',
      'MODERATION_RULES',
    ]);
    expect(
      configProblems(() =>
        callbacksSettingsFromEnv({
          MODERATION_QUEUE_URL: QUEUE,
          MODERATION_RULES: '{"rules":[{"name":"x","pattern":"("}]}',
        }),
      ),
    ).toEqual([expect.stringMatching(/^MODERATION_RULES: rules\[0\]\.pattern: not a valid RE2 pattern/)]);
  });
});
