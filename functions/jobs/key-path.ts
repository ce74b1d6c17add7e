/**
 * Keys and key prefixes that come from outside (`OUTPUT_PREFIX`, `--prefix`, an export's
 * `usersKey`) are relative paths that stay where they are put: in a folder store, `../` would
 * leave the folder; in a bucket, it names another object than the one meant.
 */
import { ConfigError } from '../config/index.js';

/** What is wrong with `path` as a key or key prefix, if anything. */
export function keyPathProblem(path: string): string | undefined {
  if (path === '') return undefined;
  if (path.startsWith('/')) return 'must not start with "/"';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\\\u0000-\u001f\u007f]/.test(path)) return 'must not contain backslashes or control characters';
  const segments = path.replace(/\/$/, '').split('/');
  if (segments.some((segment) => segment === '' || segment === '.' || segment === '..'))
    return 'must not contain empty, "." or ".." segments';
  return undefined;
}

/** @throws {ConfigError} naming the prefix, when it is not a plain relative path. */
export function checkKeyPrefix(prefix: string): void {
  const problem = keyPathProblem(prefix);
  if (problem) throw new ConfigError([`prefix ${JSON.stringify(prefix)}: ${problem}`]);
}
