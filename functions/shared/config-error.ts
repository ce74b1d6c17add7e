import type { z } from 'zod';

/** Configuration that cannot work: raised at start-up, naming every bad setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** One line per problem: `AGORA_ORG: required`. */
    readonly problems: string[],
  ) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }

  static fromZod(error: z.ZodError): ConfigError {
    return new ConfigError(error.issues.map((issue) => `${issue.path.join('.') || '(settings)'}: ${issue.message}`));
  }
}

/** The variables that are set: an empty one (a shell's `VAR=`) counts as unset. */
export function setVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
