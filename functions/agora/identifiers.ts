/**
 * The shapes of Agora's identifiers: group ids, user names, message ids. A file of their own, apart
 * from the request inputs, so that code needing only them (the events, the callbacks) bundles only them.
 */
import * as z from 'zod';

/** Longest group id accepted: real ones have 14 to 18+ digits. */
export const GROUP_ID_MAX_DIGITS = 32;

/** Group ids are digit strings: never parse them as numbers. */
export const groupIdSchema = z
  .string()
  .regex(/^\d+$/, 'must be a string of digits')
  .max(GROUP_ID_MAX_DIGITS, `at most ${GROUP_ID_MAX_DIGITS} digits`);

/** Usernames: lowercase a-z, 0-9, `_`, `-`, `.`; 1 to 64 characters. */
export const usernameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(/^[a-z0-9_.-]+$/, 'may contain only lowercase a-z, 0-9, "_", "-" and "."');

/** Message ids are digit strings (19 digits today): never parse them as numbers. */
export const messageIdSchema = z.string().regex(/^\d+$/, 'must be a string of digits').max(32, 'at most 32 digits');
