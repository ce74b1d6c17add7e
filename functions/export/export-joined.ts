/**
 * Exports the groups given users have joined: one line per user and group, as gzip JSON lines
 * and CSV. Users that do not exist or are malformed are listed in the manifest, not fatal. The
 * runner can checkpoint between two users (the checkpoint keeps the user list).
 */
import { AgoraRequestValidationError, NotFoundError, type GroupsResource } from '../agora/index.js';
import type { Job } from '../jobs/index.js';

export const JOINED_EXPORT_JOB = 'export-joined';

export interface Membership {
  username: string;
  groupId: string;
  groupName: string;
}

export interface JoinedExportRequest {
  users: readonly string[];
}

export interface JoinedSummary {
  usersNotFound: string[];
  usersInvalid: { username: string; reason: string }[];
}

interface JoinedData {
  users: string[];
  summary: JoinedSummary;
}

const COLUMNS = ['username', 'groupId', 'groupName'] as const;

export function joinedExportJob(groups: GroupsResource): Job<JoinedExportRequest, JoinedData, JoinedSummary> {
  return {
    name: JOINED_EXPORT_JOB,
    outputs: [
      {
        name: 'memberships',
        prefix: '',
        csv: { columns: COLUMNS, toRow: (m: Membership) => [m.username, m.groupId, m.groupName] },
      },
    ],

    async start(request) {
      return { users: [...request.users], summary: { usersNotFound: [], usersInvalid: [] } };
    },

    async open(run) {
      const { users, summary } = run.data;
      return {
        async *steps() {
          for (let next = Number(run.cursor ?? 0); next < users.length;) {
            const username = users[next]!;
            try {
              for await (const group of groups.joined(username, run.call)) {
                await run.write('memberships', {
                  username,
                  groupId: group.id,
                  groupName: group.name,
                } satisfies Membership);
              }
            } catch (error) {
              if (error instanceof NotFoundError) summary.usersNotFound.push(username);
              else if (error instanceof AgoraRequestValidationError)
                summary.usersInvalid.push({ username, reason: error.message });
              else throw error;
            }
            next += 1;
            yield {
              cursor: next < users.length ? String(next) : undefined,
              progress: { users: next, memberships: run.records('memberships') },
            };
          }
        },
        async finish() {
          return { counts: { users: users.length, memberships: run.records('memberships') }, summary };
        },
      };
    },
  };
}
