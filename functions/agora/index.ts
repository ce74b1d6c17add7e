/**
 * The Agora Chat group API client: typed, validated, rate-limited and retried (see client.ts). It
 * uses no other module of functions/ but validation.
 */
export { AgoraChatClient, type AgoraChatClientOptions, type Credentials } from './client.js';
export { GroupsResource, DETAILS_CHUNK_SIZE, type ListOptions, type JoinedOptions } from './groups.js';
export * from './errors.js';
export {
  createGroupInputSchema,
  GROUP_ID_MAX_DIGITS,
  groupIdSchema,
  joinedPageSizeSchema,
  listLimitSchema,
  modifyGroupInputSchema,
  usernameSchema,
  type CreateGroupInput,
  type ModifyGroupInput,
} from './inputs.js';
export type { CreatedGroup, DeletedGroup, DisabledState, GroupDetails, GroupPage, GroupSummary, JoinedGroup, ModifiedFields } from './responses.js';
export { mintAppToken, MAX_TOKEN_LIFETIME_SECONDS, type MintAppTokenOptions } from './mint-app-token.js';
export { MintingTokenProvider, StaticTokenProvider, type RefreshOptions, type TokenProvider } from './token-provider.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
export { ENDPOINTS, type Endpoint, type RateLimitOptions } from './rate-limiter.js';
export { DEFAULT_TIMEOUTS, type CallOptions, type RetryEvent, type Timeouts } from './transport.js';
