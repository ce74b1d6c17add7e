/**
 * What the export function's event asks for:
 * - `{"export": "groups", "filter": {"disabledOnly": true, "publicOnly": false, "createdSince": "2026-11-01T00:00:00Z"}}`
 * - `{"export": "joined", "users": ["alice", "bob"]}` or `{"export": "joined", "usersKey": "inputs/users.txt"}`
 *   (a text file in the output bucket under `inputs/`, one user per line; the function may read
 *   nothing else of the bucket but its own runs, in code and in IAM)
 */
import * as z from 'zod';
import { keyPathProblem } from '../jobs/index.js';
import { issueLines } from '../validation/index.js';

/** Where user lists for joined-groups exports live in the bucket. */
export const USERS_INPUT_PREFIX = 'inputs/';

const usersKeySchema = z
  .string()
  .max(1024)
  .superRefine((key, ctx) => {
    const problem = keyPathProblem(key);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    else if (!key.startsWith(USERS_INPUT_PREFIX) || key.length === USERS_INPUT_PREFIX.length) {
      ctx.addIssue({ code: 'custom', message: `must name a file under ${USERS_INPUT_PREFIX}` });
    }
  });

export const exportRequestSchema = z.union([
  z.strictObject({
    export: z.literal('groups'),
    filter: z
      .strictObject({
        disabledOnly: z.boolean().optional(),
        publicOnly: z.boolean().optional(),
        createdSince: z.iso.datetime({ offset: true }).optional(),
      })
      .default({}),
  }),
  z.strictObject({ export: z.literal('joined'), users: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ export: z.literal('joined'), usersKey: usersKeySchema }),
]);
export type ExportRequest = z.output<typeof exportRequestSchema>;

/** @throws {Error} naming every problem, for an event that is not an export request. */
export function parseExportRequest(event: unknown): ExportRequest {
  const parsed = exportRequestSchema.safeParse(event);
  if (!parsed.success)
    throw new Error(`not an export request: ${issueLines(parsed.error, { whole: '(event)' }).join('; ')}`);
  return parsed.data;
}

/** A user list file (`inputs/...` in the bucket, `--users-file` locally): one user a line; blank lines and `#` comments skipped. */
export function usersOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
