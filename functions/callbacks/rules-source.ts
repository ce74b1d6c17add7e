/**
 * Where the callbacks' rules come from. `MODERATION_RULES_FILE` names a JSON file: deployed, the
 * `rules.json` the stack writes into each callbacks function's code at synth, read once at init
 * (the environment, 4 KB in all, cannot hold the documented 50 rules of 2,000 terms, and a file
 * in the code costs no request at cold start, unlike a parameter). `MODERATION_RULES` holds the
 * JSON itself, for small sets and local runs. Neither: no rules, every message passes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NO_RULES, parseRulesJson, type ParsedRules } from '../rules/index.js';

export const RULES_FILE_VARIABLE = 'MODERATION_RULES_FILE';
export const RULES_VARIABLE = 'MODERATION_RULES';

/**
 * A relative `MODERATION_RULES_FILE` is read from the function's code folder (`LAMBDA_TASK_ROOT`,
 * which Lambda sets), else from the working folder.
 */
export function rulesFilePath(file: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.LAMBDA_TASK_ROOT || process.cwd(), file);
}

/** The rules the environment names, every problem named by its variable (and file). */
export function rulesFromEnvironment(env: NodeJS.ProcessEnv = process.env): ParsedRules {
  const file = env[RULES_FILE_VARIABLE] || undefined;
  const inline = env[RULES_VARIABLE] || undefined;
  if (file && inline)
    return { ok: false, problems: [`${RULES_FILE_VARIABLE}, ${RULES_VARIABLE}: set one of them, not both`] };
  if (inline) {
    const parsed = parseRulesJson(inline);
    return parsed.ok
      ? parsed
      : { ok: false, problems: parsed.problems.map((problem) => `${RULES_VARIABLE}: ${problem}`) };
  }
  if (!file) return { ok: true, rules: NO_RULES };
  const path = rulesFilePath(file, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      problems: [
        `${RULES_FILE_VARIABLE}: cannot read the rules file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      ],
    };
  }
  const parsed = parseRulesJson(text);
  return parsed.ok
    ? parsed
    : { ok: false, problems: parsed.problems.map((problem) => `${RULES_FILE_VARIABLE} (${path}): ${problem}`) };
}
