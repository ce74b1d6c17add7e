/**
 * Validation problems in the operator's terms. Every schema issue becomes one line that names the
 * flag, argument or field (`--group`, `GROUP_ID`, `banId`) and the limit the schema sets: where a
 * schema has its own message it is kept, and zod's generic wording is replaced by one built from
 * the issue's own bounds and options, so no limit is written down twice.
 */
import type { z } from 'zod';
import { UsageError } from './errors.js';

/** How a place in the checked value reads to the operator. */
export type NameOf = (path: readonly PropertyKey[]) => string;

/** Names places by flag: `maxUsers` → `--max-users`, `members[1]` → `--members (item 2)`; `aliases` for flags named otherwise. */
export const flagNames =
  (aliases: Record<string, string> = {}): NameOf =>
  ([field, index]) => {
    const flag =
      aliases[String(field)] ?? `--${String(field).replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    return typeof index === 'number' ? `${flag} (item ${index + 1})` : flag;
  };

/** Names places by field path, as in a JSON document: `banId`, `members.1`. */
export const fieldNames: NameOf = (path) => path.map(String).join('.') || 'the value';

/** Names every place by one fixed name: an argument such as `GROUP_ID "12a"`. */
export const fixedName =
  (name: string): NameOf =>
  () =>
    name;

export type Checked<T> = { ok: true; data: T } | { ok: false; problems: string[] };

/** `value` as `schema` parses it, or every problem of it, one line each. */
export function check<S extends z.ZodType>(schema: S, value: unknown, nameOf: NameOf): Checked<z.output<S>> {
  const result = schema.safeParse(value, { reportInput: true, error: wording });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, problems: result.error.issues.flatMap((issue) => describe(issue, nameOf, value)) };
}

/** `value` as `schema` parses it. @throws {UsageError} listing every problem, when it is not valid. */
export function validOrThrow<S extends z.ZodType>(schema: S, value: unknown, nameOf: NameOf): z.output<S> {
  const checked = check(schema, value, nameOf);
  if (checked.ok) return checked.data;
  throw new UsageError(checked.problems.join('\n'));
}

function describe(issue: z.core.$ZodIssue, nameOf: NameOf, value: unknown): string[] {
  const type = typeOf(value);
  // A union (a duration's seconds or "permanent") says its own "expected" of a missing value too.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined)
    return [`${nameOf(issue.path)} is required${type ? ` for ${type}` : ''}`];
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => `${nameOf([...issue.path, key])} does not apply${type ? ` to ${type}` : ''}`);
  return [`${nameOf(issue.path)}: ${issue.message}`];
}

/** The `type` of an event-like value, which decides which fields it needs. */
const typeOf = (value: unknown) =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'
    ? (value as { type: string }).type
    : undefined;

const UNITS: Record<string, string> = { string: ' characters', array: ' items' };

/** zod's generic messages, said with the issue's own limits; undefined keeps zod's. */
const wording: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'too_big':
      return `${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${UNITS[issue.origin] ?? ''}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      return `${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${UNITS[issue.origin] ?? ''}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? timeHint(issue.input) : undefined;
    case 'invalid_union':
      return issue.discriminator
        ? oneOf((issue.options ?? []) as unknown[], issue.input, issue.discriminator)
        : `expected ${issue.errors.map((branch) => expected(branch[0])).join(' or ')}`;
    case 'invalid_type':
      return `expected ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    case 'invalid_value':
      return `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    default:
      return undefined;
  }
};

/** The options a discriminator takes, with the closest to what was given first when there is one: `(did you mean group.disable?)`. */
function oneOf(options: readonly unknown[], input: unknown, discriminator: PropertyKey): string {
  const names = options.map(String);
  const given =
    typeof input === 'object' && input !== null ? (input as Record<PropertyKey, unknown>)[discriminator] : input;
  const near = typeof given === 'string' ? closest(given, names) : undefined;
  return `${near ? `(did you mean ${near}?) ` : ''}one of ${names.join(', ')}`;
}

/** The name within a third of its length in edits (at least 2) of `given`, the nearest first; undefined when none is. */
export function closest(given: string, names: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(given, name);
    if (distance <= Math.max(2, Math.floor(name.length / 3)) && (!best || distance < best.distance))
      best = { name, distance };
  }
  return best?.name;
}

/** Levenshtein distance: insertions, deletions and substitutions of one code unit each. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}

/** What one branch of a union wanted: `a number`, `"permanent"`. */
function expected(issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code === 'invalid_type') return `a ${issue.expected}`;
  if (issue?.code === 'invalid_value') return issue.values.map((v) => JSON.stringify(v)).join(' or ');
  return issue?.message ?? 'something else';
}

const EXAMPLE_TIME = '2026-11-25T10:00:00Z';

/** Times must carry a zone: the commonest slip is leaving it off, so say exactly that. */
function timeHint(input: unknown): string {
  const zoneless = typeof input === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?$/.test(input);
  return zoneless ? `needs a zone, e.g. ${input}Z` : `expected an ISO 8601 time with a zone, e.g. ${EXAMPLE_TIME}`;
}
