/**
 * Request validation: every argument is checked against the documented limits before a request
 * is built, so a bad call fails here with the field named and nothing goes over the wire.
 */
import * as z from 'zod';
import { AgoraRequestValidationError } from './errors.js';
import { issueMessage, issuePath } from '../validation/index.js';
import { usernameSchema } from './identifiers.js';

const nameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[^/]*$/, 'must not contain "/"');
const descriptionSchema = z
  .string()
  .max(512, 'must be at most 512 characters')
  .regex(/^[^/]*$/, 'must not contain "/"');
const customSchema = z.string().max(1024, 'must be at most 1024 characters');
const maxUsersSchema = z.number().int('must be an integer').min(1, 'must be at least 1');

/** Input of {@link GroupsResource.create}. */
export const createGroupInputSchema = z.strictObject({
  name: nameSchema,
  description: descriptionSchema,
  owner: usernameSchema,
  public: z.boolean(),
  members: z.array(usernameSchema).min(1, 'must hold 1 to 100 users').max(100, 'must hold 1 to 100 users').optional(),
  /** @default 200 (the service's default) */
  maxUsers: maxUsersSchema.optional(),
  allowInvites: z.boolean().optional(),
  membersOnly: z.boolean().optional(),
  inviteNeedConfirm: z.boolean().optional(),
  custom: customSchema.optional(),
});
export type CreateGroupInput = z.input<typeof createGroupInputSchema>;

/** Input of {@link GroupsResource.modify}: only the six fields the service accepts. */
export const modifyGroupInputSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    maxUsers: maxUsersSchema.optional(),
    membersOnly: z.boolean().optional(),
    allowInvites: z.boolean().optional(),
    custom: customSchema.optional(),
  })
  .refine((input) => Object.values(input).some((value) => value !== undefined), {
    message: 'must set at least one of name, description, maxUsers, membersOnly, allowInvites, custom',
  });
export type ModifyGroupInput = z.input<typeof modifyGroupInputSchema>;

/** Page size of list all: 1 to 100. */
export const listLimitSchema = z
  .number()
  .int('must be an integer')
  .min(1, 'must be 1 to 100')
  .max(100, 'must be 1 to 100');

/** Page size asked of joined groups: the reference allows 1 to 1000. */
export const joinedPageSizeSchema = z
  .number()
  .int('must be an integer')
  .min(1, 'must be 1 to 1000')
  .max(1000, 'must be 1 to 1000');

/**
 * Parses `value` with `schema`, or throws an {@link AgoraRequestValidationError} naming the first
 * offending field: `field` followed by the path inside `value` (pass `''` for an input object).
 */
export function validateInput<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new AgoraRequestValidationError(issuePath(issue.path, field) || 'input', issueMessage(issue));
}
