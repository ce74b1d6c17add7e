/**
 * Which Agora Chat callbacks the ingress has accepted, by `callId`, with a digest of what each
 * said about its message. Agora's signature covers only `callId`, the rule's secret and
 * `timestamp`: a captured signed callback could be sent again with another group, message id or
 * text inside the freshness tolerance. A claim lets each `callId` carry one content only: the
 * same content again (Agora's own retry, a `chat_offline` copy under the same id) is accepted,
 * any other is refused. Claims expire (DynamoDB TTL on `expiresAt`) once no copy of their
 * callback could pass the freshness check any more.
 */
import type { CallOptions } from '../agora/index.js';

export interface CallbackClaim {
  callId: string;
  /** A digest of the fields that decide what the callback records (see the ingress). */
  digest: string;
  /** Epoch seconds after which no copy of the callback is fresh enough to be read (DynamoDB TTL). */
  expiresAt: number;
}

export const ClaimOutcome = {
  /** No live claim of this `callId`: the first time it is seen, or its claim has expired. */
  Claimed: 'claimed',
  /** Seen before with the same digest: a retry or a copy, accepted again. */
  Repeated: 'repeated',
  /** Seen before with another digest: a replay with changed content, refused. */
  Conflict: 'conflict',
} as const;
export type ClaimOutcome = (typeof ClaimOutcome)[keyof typeof ClaimOutcome];

export interface CallbackClaims {
  /** Claims `callId` for `digest`; a `Conflict` writes nothing. */
  claimCallback(claim: CallbackClaim, call?: CallOptions): Promise<ClaimOutcome>;
  /**
   * Readies what the first claim would otherwise set up (a connection, signed-request state)
   * without claiming anything; at init, so that a verdict does not wait for it. Rejects when the
   * store cannot be reached.
   */
  prepare?(call?: CallOptions): Promise<void>;
}
