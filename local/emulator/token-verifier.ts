import { AccessToken2, ServiceChat, kChatServiceType } from 'agora-token/src/AccessToken2.js';

export type TokenVerdict =
  { ok: true } | { ok: false; error: 'unauthorized' | 'auth_bad_access_token'; description: string };

/**
 * Checks `Authorization` headers as Agora Chat does for app tokens: a missing or expired token is
 * `unauthorized`; a corrupt one, one signed with another certificate or minted for another app,
 * or one without the chat app privilege is `auth_bad_access_token`.
 */
export class TokenVerifier {
  /** Expiry (epoch seconds) of tokens already verified, so each is parsed once. */
  private readonly verified = new Map<string, number>();

  constructor(
    private readonly appId: string,
    private readonly appCertificate: string,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  verify(authorization: string | undefined): TokenVerdict {
    const match = /^Bearer (\S+)$/.exec(authorization ?? '');
    if (!match) return { ok: false, error: 'unauthorized', description: 'Unable to authenticate due to missing token' };
    const token = match[1]!;
    const expiresAt = this.verified.get(token) ?? this.parse(token);
    if (typeof expiresAt !== 'number') return expiresAt;
    if (this.nowSeconds() >= expiresAt)
      return { ok: false, error: 'unauthorized', description: 'Unable to authenticate due to expired access token' };
    return { ok: true };
  }

  private parse(token: string): number | TokenVerdict {
    const bad = (description: string): TokenVerdict => ({ ok: false, error: 'auth_bad_access_token', description });
    const parsed = new AccessToken2();
    if (!parsed.from_string(token)) return bad('Unable to authenticate due to corrupt access token');
    if (String(parsed.appId) !== this.appId) return bad('Unable to authenticate due to access token of another app');
    if (!parsed.verifySignature(this.appCertificate))
      return bad('Unable to authenticate due to invalid access token signature');
    const chat = parsed.getServices(kChatServiceType)[0] as ServiceChat | undefined;
    const privilege = chat?.__privileges[ServiceChat.kPrivilegeApp];
    if (privilege === undefined) return bad('Unable to authenticate: not an app token');
    const expiresAt = parsed.issueTs + Math.min(parsed.expire, privilege);
    if (this.verified.size > 10_000) this.verified.clear();
    this.verified.set(token, expiresAt);
    return expiresAt;
  }
}
