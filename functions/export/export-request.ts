/**
 * What the export function's event asks for:
 * - `{"export": "groups", "filter": {"disabledOnly": true, "publicOnly": false, "createdSince": "2026-11-01T00:00:00Z"}}`
 * - `{"export": "joined", "users": ["alice", "bob"]}` or `{"export": "joined", "usersKey": "inputs/users.txt"}`
 *   (a text file in the output bucket, one user per line)
 */
import { z } from 'zod';
import { issueLines } from '../validation/index.js';

export const exportRequestSchema = z.union([
  z.strictObject({
    export: z.literal('groups'),
    filter: z
      .strictObject({ disabledOnly: z.boolean().optional(), publicOnly: z.boolean().optional(), createdSince: z.iso.datetime({ offset: true }).optional() })
      .default({}),
  }),
  z.strictObject({ export: z.literal('joined'), users: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ export: z.literal('joined'), usersKey: z.string().min(1) }),
]);
export type ExportRequest = z.output<typeof exportRequestSchema>;

/** @throws {Error} naming every problem, for an event that is not an export request. */
export function parseExportRequest(event: unknown): ExportRequest {
  const parsed = exportRequestSchema.safeParse(event);
  if (!parsed.success) throw new Error(`not an export request: ${issueLines(parsed.error, { whole: '(event)' }).join('; ')}`);
  return parsed.data;
}

/** A user list file: one user per line, blank lines skipped. */
export function usersOf(text: string): string[] {
  return text.split('\n').map((user) => user.trim()).filter(Boolean);
}
