import { AccessToken2, ServiceChat } from 'agora-token/src/AccessToken2.js';
import { AgoraRequestValidationError } from './errors.js';

/** The longest life the service grants an app token, in seconds. */
export const MAX_TOKEN_LIFETIME_SECONDS = 86_400;

export interface MintAppTokenOptions {
  appId: string;
  appCertificate: string;
  /** Seconds from `issuedAt` until the token expires; 1 to 86400. */
  lifetimeSeconds: number;
  /** Issue time in seconds since the epoch. @default now */
  issuedAt?: number;
  /** The token's salt, 1 to 99999999. @default random */
  salt?: number;
}

const hex32 = /^[0-9a-fA-F]{32}$/;

/**
 * Mints an Agora Chat app token ("AccessToken2", prefix `007`) with the chat app privilege, as
 * `ChatTokenBuilder.buildAppToken` of `agora-token` does, but with the issue time and salt
 * open to the caller so that a fixed vector can be reproduced.
 *
 * @throws {AgoraRequestValidationError} when the id or certificate is not 32 hex digits or the
 *   lifetime is out of range.
 */
export function mintAppToken(options: MintAppTokenOptions): string {
  if (!hex32.test(options.appId)) throw new AgoraRequestValidationError('appId', 'must be 32 hexadecimal digits');
  if (!hex32.test(options.appCertificate)) {
    throw new AgoraRequestValidationError('appCertificate', 'must be 32 hexadecimal digits');
  }
  const lifetime = options.lifetimeSeconds;
  if (!Number.isInteger(lifetime) || lifetime < 1 || lifetime > MAX_TOKEN_LIFETIME_SECONDS) {
    throw new AgoraRequestValidationError(
      'lifetimeSeconds',
      `must be an integer from 1 to ${MAX_TOKEN_LIFETIME_SECONDS}`,
    );
  }
  const issuedAt = Math.floor(options.issuedAt ?? Date.now() / 1000);
  const token = new AccessToken2(options.appId, options.appCertificate, issuedAt, lifetime);
  if (options.salt !== undefined) token.salt = options.salt;
  const chat = new ServiceChat();
  chat.add_privilege(ServiceChat.kPrivilegeApp, lifetime);
  token.add_service(chat);
  return token.build();
}
