/**
 * Callback claims in the ledger table, beside the moderation items and the message counters,
 * under a prefix of their own, with a TTL:
 *
 * | pk              | sk      | attributes        |
 * | --------------- | ------- | ----------------- |
 * | `CALL#<callId>` | `CLAIM` | digest, expiresAt |
 *
 * One conditional put a claim: it succeeds when the item is absent, holds the same digest, or has
 * expired (TTL deletes items up to days late: an expired one counts as gone, as in memory), and
 * fails for another digest. The old item, returned, tells a repeat from a first claim.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CallOptions } from '../agora/index.js';
import { sdkOptions } from '../aws/index.js';
import { ClaimOutcome, type CallbackClaim, type CallbackClaims } from './callback-claims.js';
import { isConditionFailure } from './condition-failure.js';

/** The partition key prefix of the claims. */
export const CLAIM_KEY_PREFIX = 'CALL#';

/**
 * The item `prepare` puts under a condition that cannot hold: no callId is empty, and nothing
 * both has and lacks a key. It uses the one action the functions may take on claims.
 */
const PREPARATION_KEY = { pk: CLAIM_KEY_PREFIX, sk: 'PREPARE' } as const;

export class DynamoDbCallbackClaims implements CallbackClaims {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {
    this.db = DynamoDBDocumentClient.from(client);
  }

  /**
   * A put whose condition always fails: the connection to DynamoDB opened, credentials and
   * endpoint resolved and the request path run once, nothing written (a failed conditional
   * write costs one write unit).
   */
  async prepare(call?: CallOptions): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: PREPARATION_KEY,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(pk)',
        }),
        sdkOptions(call),
      );
    } catch (error) {
      if (isConditionFailure(error)) return;
      throw error;
    }
    throw new Error(`the claims table ${this.tableName} accepted a put whose condition cannot hold`);
  }

  async claimCallback(claim: CallbackClaim, call?: CallOptions): Promise<ClaimOutcome> {
    const now = this.nowSeconds();
    try {
      const { Attributes } = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `${CLAIM_KEY_PREFIX}${claim.callId}`,
            sk: 'CLAIM',
            digest: claim.digest,
            expiresAt: claim.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR digest = :digest OR expiresAt < :now',
          ExpressionAttributeValues: { ':digest': claim.digest, ':now': now },
          ReturnValues: 'ALL_OLD',
        }),
        sdkOptions(call),
      );
      const held = Attributes && (Attributes['expiresAt'] as number) >= now;
      return held ? ClaimOutcome.Repeated : ClaimOutcome.Claimed;
    } catch (error) {
      if (isConditionFailure(error)) return ClaimOutcome.Conflict;
      throw error;
    }
  }
}
