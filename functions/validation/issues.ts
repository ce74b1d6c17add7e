/**
 * How a zod issue reads, in one place: where it is (`groupId`, `data.groups[0].id`,
 * `MODERATION_POLICY.threshold.count`) and what is wrong. Every reader of outside input (events,
 * settings, responses, requests) reports problems through these, so they read the same everywhere.
 */
import type { z } from 'zod';

type PathSegment = PropertyKey;

/** `root.key[0].other`; keys that are not plain names are quoted, so control characters stay visible. */
export function issuePath(path: readonly PathSegment[], root = ''): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (typeof segment === 'string' && /^[\w$-]+$/.test(segment)) text += text ? `.${segment}` : segment;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

const TYPE_NAMES: Record<string, string> = {
  int: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};
const typeName = (type: string): string => TYPE_NAMES[type] ?? type;
const UNITS: Record<string, string> = { string: 'characters', array: 'items', set: 'items' };

/** A bound in words: `at least 2`, `more than 0`, `at least 3 characters`, `at most 50 items`. */
function bound(origin: string, limit: unknown, inclusive: boolean | undefined, lower: boolean): string {
  const unit = UNITS[origin];
  const comparison = inclusive === false ? (lower ? 'more than' : 'less than') : lower ? 'at least' : 'at most';
  return `${unit ? 'must have' : 'must be'} ${comparison} ${String(limit)}${unit ? ` ${unit}` : ''}`;
}

/**
 * zod's own wording (`Too small: expected number to be >=2`) said as a person would (`must be
 * at least 2`). Messages a schema sets itself are kept as they are: only zod's defaults, which
 * begin with these words, are reworded.
 */
function plainMessage(issue: z.core.$ZodIssue): string {
  const byZod = /^(Invalid input|Invalid option|Too small|Too big):/.test(issue.message);
  if (!byZod) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\w+)$/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'required';
      return `expected ${typeName(issue.expected)}${received ? `, got ${typeName(received)}` : ''}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'too_small':
      return bound(issue.origin, issue.minimum, issue.inclusive, true);
    case 'too_big':
      return bound(issue.origin, issue.maximum, issue.inclusive, false);
    default:
      return issue.message;
  }
}

/** What is wrong, with unknown keys quoted as JSON (they come from outside and may hold anything). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys')
    return `unknown field(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  return plainMessage(issue);
}

/** One line per issue: `path: message`, with `whole` naming the value itself when the path is empty. */
export function issueLines(error: z.ZodError, options: { root?: string; whole?: string } = {}): string[] {
  // zod goes on to check a value of the wrong type (a string's length against a list's minimum):
  // past the type, what it says about that value is noise.
  const wrongType = new Set(
    error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => issuePath(issue.path)),
  );
  return error.issues
    .filter((issue) => issue.code === 'invalid_type' || !wrongType.has(issuePath(issue.path)))
    .map((issue) => `${issuePath(issue.path, options.root) || options.whole || '(value)'}: ${issueMessage(issue)}`);
}
