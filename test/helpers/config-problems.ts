import { ConfigError } from '../../functions/config/index.js';

/** The problems a configuration reader reports, or `[]` when it accepts the configuration. */
export function configProblems(read: () => unknown): string[] {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}
