/**
 * The Agora Chat group, member and message API client: typed, validated, rate-limited and retried (see client.ts). It
 * uses no other module of functions/ but validation.
 */
export { AgoraChatClient, type AgoraChatClientOptions } from './client.js';
export { GroupsResource } from './groups.js';
// The member, mute, message and admin calls are reached through the client's properties; the face
// names the types their callers hold. The rest joins it as code outside the module uses it.
export type { MembersResource } from './members.js';
export type { RecallResult } from './messages.js';
export type { BatchResult } from './batch-results.js';
export type { MutedMember } from './member-responses.js';
export { MEMBER_BATCH_LIMIT, PERMANENT_MUTE_MS } from './member-inputs.js';
export { groupIdSchema, messageIdSchema, usernameSchema } from './identifiers.js';
export {
  AgoraError,
  AgoraRequestValidationError,
  AgoraResponseValidationError,
  AgoraApiError,
  AuthenticationError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  AgoraConnectionError,
  AgoraTimeoutError,
  errorFromResponse,
  isRetryable,
} from './errors.js';
export { createGroupInputSchema, joinedPageSizeSchema, listLimitSchema, modifyGroupInputSchema } from './inputs.js';
export type { GroupDetails, GroupPage } from './responses.js';
export {
  MintingTokenProvider,
  StaticTokenProvider,
  type RefreshOptions,
  type TokenProvider,
} from './token-provider.js';
export { type CallOptions, type RetryEvent } from './transport.js';
