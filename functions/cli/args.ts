/** Argument parsing shared by the `groupmod` commands: strict flags, usage errors that say what is wrong. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(args: string[], options: Options, positionals: { min: number; max?: number; name: string }) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min || count > (positionals.max ?? Infinity)) {
    throw new UsageError(positionals.min === 0 ? `unexpected argument ${parsed.positionals[0]}` : `expected ${positionals.name}`);
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

export function integer(value: string | boolean | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) throw new UsageError(`${flag} expects a whole number, got "${String(value)}"`);
  return Number(value);
}

export function booleanText(value: string | boolean | undefined, flag: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new UsageError(`${flag} expects true or false, got "${String(value)}"`);
}

export const str = (value: string | boolean | undefined) => (typeof value === 'string' ? value : undefined);
