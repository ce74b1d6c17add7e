import type { Dispatcher } from 'undici';
import { AdminsResource } from './admins.js';
import { GroupMuteResource } from './group-mute.js';
import { GroupsResource } from './groups.js';
import { MembersResource } from './members.js';
import { MessagesResource } from './messages.js';
import { EndpointRateLimiter, type RateLimitOptions } from './rate-limiter.js';
import { resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';
import { MintingTokenProvider, StaticTokenProvider, type TokenProvider } from './token-provider.js';
import { DEFAULT_TIMEOUTS, Transport, type RetryEvent, type Timeouts } from './transport.js';

/** How the client authenticates: a ready app token, credentials to mint one, or a provider. */
export type Credentials =
  { appToken: string } | { appId: string; appCertificate: string } | { provider: TokenProvider };

export interface AgoraChatClientOptions {
  /** `https://{host}`, e.g. `https://a41.chat.agora.io`. */
  baseUrl: string;
  org: string;
  app: string;
  credentials: Credentials;
  /** @default {@link DEFAULT_TIMEOUTS} */
  timeouts?: Partial<Timeouts>;
  /** @default {@link DEFAULT_RETRY_POLICY} */
  retry?: Partial<RetryPolicy>;
  /** Client-side throttle per endpoint. @default 100/s, joined groups 50/s */
  rateLimits?: RateLimitOptions;
  /** Transport to use instead of the client's own keep-alive pool (tests, proxies). */
  dispatcher?: Dispatcher;
  /** Called before each retry: log it, count it. */
  onRetry?: (event: RetryEvent) => void;
}

const KNOWN_OPTIONS = new Set([
  'baseUrl',
  'org',
  'app',
  'credentials',
  'timeouts',
  'retry',
  'rateLimits',
  'dispatcher',
  'onRetry',
]);

/**
 * Client of Agora Chat's group, member and message REST API: typed, validated, rate-limited and retried.
 *
 * @example
 * ```ts
 * import { AgoraChatClient } from './functions/agora/index.js';
 * const client = new AgoraChatClient({
 *   baseUrl: 'https://a41.chat.agora.io', org: 'myorg', app: 'myapp',
 *   credentials: { appId: process.env.AGORA_APP_ID!, appCertificate: process.env.AGORA_APP_CERTIFICATE! },
 * });
 * await client.groups.disable('100743775617286960', { signal: context.signal });
 * await client.close();
 * ```
 * @throws {TypeError} on an unknown option or timeout name, so a typo does not pass silently.
 */
export class AgoraChatClient {
  readonly groups: GroupsResource;
  /** Mute, unmute, remove, block and unblock members; the mute list. */
  readonly members: MembersResource;
  /** Mute and unmute a whole group. */
  readonly groupMute: GroupMuteResource;
  /** Recall messages. */
  readonly messages: MessagesResource;
  /** A group's admins. */
  readonly admins: AdminsResource;
  private readonly transport: Transport;

  constructor(options: AgoraChatClientOptions) {
    for (const key of Object.keys(options))
      if (!KNOWN_OPTIONS.has(key)) throw new TypeError(`unknown client option "${key}"`);
    for (const key of Object.keys(options.timeouts ?? {})) {
      if (!(key in DEFAULT_TIMEOUTS))
        throw new TypeError(`unknown timeout "${key}"; expected one of ${Object.keys(DEFAULT_TIMEOUTS).join(', ')}`);
    }
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new TypeError(`baseUrl "${options.baseUrl}" is not a URL; expected e.g. https://a41.chat.agora.io`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new TypeError(`baseUrl must be http(s), got ${url.protocol}`);
    if (!options.org || !options.app) throw new TypeError('org and app are required');

    this.transport = new Transport({
      baseUrl: options.baseUrl,
      org: options.org,
      app: options.app,
      tokens: tokenProvider(options.credentials),
      limiter: new EndpointRateLimiter(options.rateLimits),
      retry: resolveRetryPolicy(options.retry),
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      ...(options.dispatcher && { dispatcher: options.dispatcher }),
      ...(options.onRetry && { onRetry: options.onRetry }),
    });
    this.groups = new GroupsResource(this.transport);
    this.members = new MembersResource(this.transport);
    this.groupMute = new GroupMuteResource(this.transport);
    this.messages = new MessagesResource(this.transport);
    this.admins = new AdminsResource(this.transport);
  }

  /** Closes the keep-alive connections (not those of an injected dispatcher). */
  close(): Promise<void> {
    return this.transport.close();
  }
}

function tokenProvider(credentials: Credentials): TokenProvider {
  if ('provider' in credentials) return credentials.provider;
  if ('appToken' in credentials) {
    if (!credentials.appToken) throw new TypeError('credentials.appToken is empty');
    return new StaticTokenProvider(credentials.appToken);
  }
  return new MintingTokenProvider({ appId: credentials.appId, appCertificate: credentials.appCertificate });
}
