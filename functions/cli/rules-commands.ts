import { readFile } from 'node:fs/promises';
import { checkRulesText, parseRulesJson, testRules } from '../callbacks/index.js';
import { parse, str } from './args.js';
import { writeJsonLine } from './output.js';
import { UsageError } from './usage-error.js';

export const RULES_USAGE = `groupmod rules check FILE                      validates a rules file and names every problem (exit 2 if any)
groupmod rules test --text TEXT [--file FILE]   which rules the text matches and why, and the pre-delivery verdict
  Without --file, test reads the rules from MODERATION_RULES.`;

async function readRulesFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

/** Runs `groupmod rules ...`; returns the exit code. */
export async function runRulesCommand(command: string | undefined, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (command === 'check') {
    const { positionals } = parse(args, {}, { min: 1, max: 1, name: 'one rules file' });
    const check = checkRulesText(await readRulesFile(positionals[0]!));
    await writeJsonLine(check);
    return check.valid ? 0 : 2;
  }
  if (command === 'test') {
    const { values } = parse(args, { text: { type: 'string' }, file: { type: 'string' } }, { min: 0, max: 0, name: 'no argument' });
    const text = str(values.text);
    if (text === undefined) throw new UsageError('rules test needs --text');
    const file = str(values.file);
    const source = file ? await readRulesFile(file) : env.MODERATION_RULES;
    if (source === undefined) throw new UsageError('rules test needs --file or MODERATION_RULES');
    const parsed = parseRulesJson(source);
    if (!parsed.ok) {
      await writeJsonLine({ valid: false, problems: parsed.problems });
      return 2;
    }
    await writeJsonLine(testRules(parsed.rules, text));
    return 0;
  }
  throw new UsageError(command ? `unknown rules command "${command}"` : 'expected a rules command');
}
