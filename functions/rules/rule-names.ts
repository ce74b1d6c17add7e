/**
 * A rule's name is its violation category, the `code` of a rejection and part of event ids and
 * metric dimensions, so it keeps to characters all of them take.
 */
import * as z from 'zod';

export const ruleNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected 1 to 64 lower-case letters, digits, "-" or "_", starting with a letter or digit');
