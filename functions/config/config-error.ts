import type { z } from 'zod';
import { issueLines } from '../validation/index.js';

/** Configuration that cannot work: raised at start-up, naming every bad setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** One line per problem: `AGORA_ORG: required`. */
    readonly problems: string[],
  ) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  /** One problem per issue, its path under `root` (a variable or setting name). */
  static fromZod(error: z.ZodError, root?: string): ConfigError {
    return new ConfigError(issueLines(error, { ...(root && { root }), whole: root ?? '(settings)' }));
  }
}

/** The variables that are set: an empty one (a shell's `VAR=`) counts as unset. */
export function setVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
