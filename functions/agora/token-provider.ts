import { mintAppToken } from './mint-app-token.js';

/** Per-call options of a token refresh: the refused call's own abort signal. */
export interface RefreshOptions {
  /** Aborts whatever the refresh waits for (reading credentials again); the call's deadline. */
  signal?: AbortSignal | undefined;
}

/** Supplies the app token sent as `Authorization: Bearer <token>`. */
export interface TokenProvider {
  /** The token to use now. */
  getToken(): Promise<string>;
  /**
   * Called after a 401 with the token that was refused. Returns true when a different token is
   * now available and the request is worth sending once more. A refresh that has to fetch
   * something honours `options.signal`: it runs inside the call that was refused.
   */
  refresh(refused: string, options?: RefreshOptions): Promise<boolean>;
}

/** A ready-made app token: used as is, never refreshed. */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  async getToken(): Promise<string> {
    return this.token;
  }
  async refresh(): Promise<boolean> {
    return false;
  }
}

export interface MintingTokenProviderOptions {
  appId: string;
  appCertificate: string;
  /** Lifetime of each minted token, in seconds. @default 86400 (the maximum) */
  lifetimeSeconds?: number;
  /**
   * Share of the lifetime after which a new token is minted, so a token is never sent close to
   * its expiry. @default 0.75
   */
  refreshAfter?: number;
  /** Clock in milliseconds, replaceable in tests. @default Date.now */
  now?: () => number;
}

/**
 * Mints app tokens from the App ID and App Certificate with `agora-token`, caches each until
 * `refreshAfter` of its life is used, and mints again once when the service refuses one.
 * Minting is synchronous, so concurrent callers always share the cached token.
 */
export class MintingTokenProvider implements TokenProvider {
  private cached?: { token: string; renewAt: number };
  private readonly lifetimeSeconds: number;
  private readonly refreshAfter: number;
  private readonly now: () => number;

  constructor(private readonly options: MintingTokenProviderOptions) {
    this.lifetimeSeconds = options.lifetimeSeconds ?? 86_400;
    this.refreshAfter = options.refreshAfter ?? 0.75;
    this.now = options.now ?? Date.now;
    if (!(this.refreshAfter > 0 && this.refreshAfter <= 1)) throw new RangeError('refreshAfter must be in (0, 1]');
    // Minting once now makes bad credentials fail at start-up rather than on the first call.
    this.mint(this.now());
  }

  async getToken(): Promise<string> {
    const now = this.now();
    if (!this.cached || now >= this.cached.renewAt) this.mint(now);
    return this.cached!.token;
  }

  async refresh(refused: string): Promise<boolean> {
    // Another caller may already have replaced the refused token: use theirs.
    if (this.cached && this.cached.token !== refused) return true;
    this.mint(this.now());
    return this.cached!.token !== refused;
  }

  private mint(now: number): void {
    const token = mintAppToken({
      appId: this.options.appId,
      appCertificate: this.options.appCertificate,
      lifetimeSeconds: this.lifetimeSeconds,
      issuedAt: now / 1000,
    });
    this.cached = { token, renewAt: now + this.lifetimeSeconds * 1000 * this.refreshAfter };
  }
}
