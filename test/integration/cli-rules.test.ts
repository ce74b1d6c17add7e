/** `groupmod rules check` and `groupmod rules test` as an operator runs them: a child process, files on disk. */
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { compileRuleSet, parseRules } from '../../functions/rules/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const BIN = fileURLToPath(new URL('../../bin/groupmod.js', import.meta.url));
const RULES = {
  rules: [
    { name: 'banned-terms', terms: ['casino', 'crypto pump'], reject: true },
    { name: 'scam-links', pattern: 'https?://\\S+\\.(ru|xyz)\\b' },
    { name: 'flood', flood: { messages: 30, windowSeconds: 10 } },
  ],
};
let dir: string;

beforeAll(async () => {
  dir = tempDir('groupmod-rules');
  await writeFile(join(dir, 'rules.json'), JSON.stringify(RULES));
  await writeFile(
    join(dir, 'bad.json'),
    JSON.stringify({
      rules: [
        { name: 'links', pattern: '(a' },
        { name: 'links', terms: ['x'] },
      ],
      dryrun: true,
    }),
  );
});

function groupmod(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'rules', ...args],
      { env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

describe('groupmod rules', () => {
  test('check: a valid file lists its rules (exit 0)', async () => {
    const result = await groupmod(['check', join(dir, 'rules.json')]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      valid: true,
      rules: [{ name: 'banned-terms', kind: 'terms', reject: true }, { name: 'scam-links' }, { name: 'flood' }],
    });
  });

  test('check: an invalid file names every problem (exit 2)', async () => {
    const result = await groupmod(['check', join(dir, 'bad.json')]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).problems).toEqual([
      expect.stringMatching(/^rules\[0\]\.pattern: not a valid RE2 pattern/),
      'rules[1].name: "links" is already the name of rules[0]',
      '(rules): unknown field(s) "dryrun"',
    ]);
  });

  test('test: which rules match and why, from a file or from MODERATION_RULES', async () => {
    const fromFile = await groupmod([
      'test',
      '--text',
      'ＣＡＳＩＮＯ night: http://win.xyz',
      '--file',
      join(dir, 'rules.json'),
    ]);
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({
      verdict: { valid: false, code: 'banned-terms' },
      matches: [
        { rule: 'banned-terms', why: 'term "casino"' },
        { rule: 'scam-links', why: 'pattern matched "http://win.xyz"' },
      ],
    });
    const fromEnv = await groupmod(['test', '--text', 'hello'], { MODERATION_RULES: JSON.stringify(RULES) });
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ verdict: { valid: true }, matches: [] });
  });

  test("test: each match's span of the text, what was read and how, the rule set's version and the skeleton, as JSON and as text", async () => {
    const parsed = parseRules(RULES);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    const version = compileRuleSet(parsed.rules).version;
    const args = ['test', '--text', 'Win at c.\u0430.s.i.n.o', '--file', join(dir, 'rules.json')];

    const json = await groupmod(args);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      skeleton: 'win at c.a.s.i.n.o',
      ruleSet: version,
      matches: [
        {
          rule: 'banned-terms',
          explanation: {
            rule: 'banned-terms',
            ruleSet: version,
            start: 7,
            end: 18,
            excerpt: 'c.\u0430.s.i.n.o',
            matched: 'c.a.s.i.n.o',
            transforms: ['confusable', 'separator'],
          },
        },
      ],
    });

    const text = await groupmod([...args, '--format', 'text']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('skeleton: "win at c.a.s.i.n.o"\n');
    expect(text.stdout).toContain(`rule set: ${version}\n`);
    expect(text.stdout).toContain(
      'match: banned-terms (terms, rejects): term "casino"\n  text [7, 18): "c.\u0430.s.i.n.o"\n  read as: "c.a.s.i.n.o"\n  through: confusable, separator\n',
    );
    expect(await groupmod([...args, '--format', 'yaml'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--format: expected json or text, got yaml'),
    });
  });

  test('usage errors exit 2 and say what is missing', async () => {
    expect(await groupmod(['test', '--file', join(dir, 'rules.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("required option '--text <TEXT>' not specified"),
    });
    expect(await groupmod(['check', join(dir, 'missing.json')])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('cannot read'),
    });
  });
});
