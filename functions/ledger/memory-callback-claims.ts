/**
 * Callback claims in memory, for unit tests and the local tools: the contract of
 * `DynamoDbCallbackClaims`. An expired claim counts as gone, as there, whether or not TTL has
 * deleted it yet.
 */
import type { CallOptions } from '../agora/index.js';
import { ClaimOutcome, type CallbackClaim, type CallbackClaims } from './callback-claims.js';

export class MemoryCallbackClaims implements CallbackClaims {
  /** callId → digest and expiry. */
  readonly claims = new Map<string, { digest: string; expiresAt: number }>();

  constructor(private readonly nowSeconds: () => number = () => Date.now() / 1000) {}

  async claimCallback(claim: CallbackClaim, _call?: CallOptions): Promise<ClaimOutcome> {
    const held = this.claims.get(claim.callId);
    if (held && held.expiresAt >= this.nowSeconds()) {
      return held.digest === claim.digest ? ClaimOutcome.Repeated : ClaimOutcome.Conflict;
    }
    this.claims.set(claim.callId, { digest: claim.digest, expiresAt: claim.expiresAt });
    return ClaimOutcome.Claimed;
  }
}
