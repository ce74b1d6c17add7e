/** `groupmod rules check` and `rules test`: the callbacks' moderation rules, checked and tried on a text. */
import { readFile } from 'node:fs/promises';
import { checkRulesText, formatRulesTest, parseRulesJson, testRules } from '../rules/index.js';
import { text } from './args.js';
import { writeJsonLine } from './output.js';
import type { CommandRun } from './session.js';
import { UsageError } from './errors.js';

async function readRulesFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`${flag}: cannot read ${path}: ${(error as Error).message}`);
  }
}

export const check: CommandRun = async ({ args }) => {
  const [file] = args;
  const report = checkRulesText(await readRulesFile(file!, 'FILE'));
  await writeJsonLine(report);
  return report.valid ? 0 : 2;
};

export const test: CommandRun = async ({ options, env }) => {
  const format = text(options.format) ?? 'json';
  if (format !== 'json' && format !== 'text') throw new UsageError(`--format: expected json or text, got ${format}`);
  const file = text(options.file);
  const source = file === undefined ? env.MODERATION_RULES || undefined : await readRulesFile(file, '--file');
  if (source === undefined) throw new UsageError('rules test needs --file FILE or MODERATION_RULES');
  const parsed = parseRulesJson(source);
  if (!parsed.ok) {
    await writeJsonLine({ valid: false, problems: parsed.problems });
    return 2;
  }
  const report = testRules(parsed.rules, text(options.text)!);
  if (format === 'text') process.stdout.write(formatRulesTest(report));
  else await writeJsonLine(report);
  return 0;
};
