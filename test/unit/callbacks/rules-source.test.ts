import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { callbacksSettingsFromEnv } from '../../../functions/callbacks/callbacks-env.js';
import { rulesFromEnvironment } from '../../../functions/callbacks/rules-source.js';
import { ConfigError } from '../../../functions/config/index.js';
import { tempDir } from '../../helpers/temp-dir.js';

const RULES = { rules: [{ name: 'banned-terms', terms: ['casino'], reject: true }] };

function codeFolder(content: string): string {
  const dir = tempDir('task-root');
  writeFileSync(join(dir, 'rules.json'), content);
  return dir;
}

describe('where the rules come from', () => {
  test("MODERATION_RULES_FILE, relative to the function's code folder (LAMBDA_TASK_ROOT)", () => {
    const root = codeFolder(JSON.stringify(RULES));
    const read = rulesFromEnvironment({ MODERATION_RULES_FILE: 'rules.json', LAMBDA_TASK_ROOT: root });
    expect(read).toEqual({
      ok: true,
      rules: { rules: [{ name: 'banned-terms', terms: ['casino'], reject: true }], dryRun: false },
    });
    expect(rulesFromEnvironment({ MODERATION_RULES_FILE: join(root, 'rules.json') })).toEqual(read);
  });

  test('a missing file names the variable and the path', () => {
    const root = tempDir('task-root');
    expect(rulesFromEnvironment({ MODERATION_RULES_FILE: 'rules.json', LAMBDA_TASK_ROOT: root })).toEqual({
      ok: false,
      problems: [`MODERATION_RULES_FILE: cannot read the rules file ${join(root, 'rules.json')}: ENOENT`],
    });
  });

  test('an invalid file names the variable, the path and each problem', () => {
    const root = codeFolder(JSON.stringify({ rules: [{ name: 'links', pattern: '(' }] }));
    const read = rulesFromEnvironment({ MODERATION_RULES_FILE: 'rules.json', LAMBDA_TASK_ROOT: root });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^MODERATION_RULES_FILE \\(${join(root, 'rules.json').replace(/[/.]/g, '\\$&')}\\): rules\\[0\\]\\.pattern: not a valid RE2 pattern`,
        ),
      ),
    ]);
    expect(
      rulesFromEnvironment({ MODERATION_RULES_FILE: 'rules.json', LAMBDA_TASK_ROOT: codeFolder('{"rules": [') }),
    ).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^MODERATION_RULES_FILE \(.*rules\.json\): not JSON/)],
    });
  });

  test('MODERATION_RULES still holds a small set inline; not both; neither is no rules', () => {
    expect(rulesFromEnvironment({ MODERATION_RULES: JSON.stringify(RULES) })).toMatchObject({
      ok: true,
      rules: { rules: [{ name: 'banned-terms' }] },
    });
    expect(
      rulesFromEnvironment({ MODERATION_RULES: JSON.stringify(RULES), MODERATION_RULES_FILE: 'rules.json' }),
    ).toEqual({
      ok: false,
      problems: ['MODERATION_RULES_FILE, MODERATION_RULES: set one of them, not both'],
    });
    expect(rulesFromEnvironment({})).toEqual({ ok: true, rules: { rules: [], dryRun: false } });
  });

  test('the functions fail at init with that problem, as a configuration error', () => {
    const env = {
      MODERATION_QUEUE_URL: 'http://127.0.0.1:1/000000000000/q.fifo',
      MODERATION_RULES_FILE: 'rules.json',
      LAMBDA_TASK_ROOT: tempDir('task-root'),
    };
    expect(() => callbacksSettingsFromEnv(env)).toThrow(ConfigError);
    expect(() => callbacksSettingsFromEnv(env)).toThrow(
      /MODERATION_RULES_FILE: cannot read the rules file .*rules\.json: ENOENT/,
    );
  });
});
