import { groupIdSchema } from './identifiers.js';
import { validateInput } from './inputs.js';
import { adminListSchema } from './member-responses.js';
import type { CallOptions, Transport } from './transport.js';

/**
 * A group's admins. The service protects only the owner from mute, removal and block; callers
 * that must spare the admins too look them up here (the member list shows admins as members).
 */
export class AdminsResource {
  constructor(private readonly transport: Transport) {}

  /** The usernames of the group's admins (at most 99), the owner not among them. */
  async list(groupId: string, options?: CallOptions): Promise<string[]> {
    const path = `/chatgroups/${encodeURIComponent(validateInput(groupIdSchema, groupId, 'groupId'))}/admin`;
    return (
      await this.transport.send(
        { endpoint: 'admins', method: 'GET', path, idempotent: true, data: adminListSchema },
        options,
      )
    ).data;
  }
}
