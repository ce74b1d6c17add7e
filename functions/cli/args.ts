/** Flag values as commander hands them over (strings, booleans, defaults), turned into what commands take. */
import { UsageError } from './errors.js';
import { flagNames } from './validation.js';

/**
 * A whole number, negative ones included: the schema that takes the value checks its range and
 * names its limit (`--duration -5` → `--duration: a ban lasts at least 1 second`).
 */
export function wholeNumber(value: unknown, flag: string): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new UsageError(`${flag}: expected a whole number, got "${String(value)}"`);
}

/** A comma-separated list, blanks dropped: `--members bob,carol`. */
export const commaList = (value: unknown): string[] | undefined =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean)
    : undefined;

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A line for every flag of `keys` (camel-case option names) that was not given. */
export function missingFlags(options: Record<string, unknown>, keys: string[]): string[] {
  return keys.filter((key) => options[key] === undefined).map((key) => `${flagNames()([key])} is required`);
}

/** @throws {UsageError} naming every flag of `keys` (camel-case option names) that was not given. */
export function requireFlags(options: Record<string, unknown>, keys: string[]): void {
  const missing = missingFlags(options, keys);
  if (missing.length > 0) throw new UsageError(missing.join('\n'));
}
