import { groupIdSchema } from '../agora/index.js';
import { UsageError } from './errors.js';
import { check, fixedName } from './validation.js';

/** Group ids from the command line, every one checked before any is sent. @throws {UsageError} naming each bad one. */
export function groupIds(ids: string[]): string[] {
  const problems = ids.flatMap((id) => {
    const checked = check(groupIdSchema, id, fixedName(`GROUP_ID "${id}"`));
    return checked.ok ? [] : checked.problems;
  });
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return ids;
}
