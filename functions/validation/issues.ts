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

/** What is wrong, with unknown keys quoted as JSON (they come from outside and may hold anything). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}`;
  return issue.message;
}

/** One line per issue: `path: message`, with `whole` naming the value itself when the path is empty. */
export function issueLines(error: z.ZodError, options: { root?: string; whole?: string } = {}): string[] {
  return error.issues.map((issue) => `${issuePath(issue.path, options.root) || options.whole || '(value)'}: ${issueMessage(issue)}`);
}
