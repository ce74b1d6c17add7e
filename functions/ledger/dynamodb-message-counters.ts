/**
 * The callbacks' counters in the ledger table (see message-counters.ts), beside the moderation
 * items and under prefixes of their own, each with a TTL:
 *
 * | pk                          | sk                             | attributes                 |
 * | --------------------------- | ------------------------------ | -------------------------- |
 * | `MESSAGEKEY#<group>#<key>`  | `SEEN`                         | firstAt, expiresAt         |
 * | `MESSAGES#<group>`          | `<firstAt, 13 digits>#<key>`   | expiresAt                  |
 * | `SENDERS#<group>#<textKey>` | `<at, 13 digits>#<sender>`     | expiresAt                  |
 * | `REPORTED#<group>`          | `<scope>`                      | claimant, until, expiresAt |
 *
 * A message is counted under the time it was first seen with: the `MESSAGEKEY` item keeps that
 * time (`if_not_exists`), and the time-ordered `MESSAGES` item is written with it, so a copy of
 * the message stamped with another time (a `chat_offline` callback) finds the same item instead
 * of adding one. Writing the time-ordered item second and idempotently makes a retry after a
 * failure between the two writes finish the count rather than lose it.
 *
 * A text's senders are kept by time as well, an item per message, so a `repeat` read starts at
 * its window and never pages through senders who sent the text before it (whom TTL deletes only
 * eventually): a common text costs what its senders inside the window cost.
 *
 * Writes are single-item and conditional or idempotent by key (no transactions: dynalite has
 * none, and none is needed). A message costs two writes and one strongly consistent query for
 * `flood` rules, one write and one query for `repeat` rules; a query reads small items, a few
 * hundred bytes of them per rule.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallOptions } from '../agora/index.js';
import { sdkOptions } from '../aws/index.js';
import { isConditionFailure } from './condition-failure.js';
import type { GroupMessage, MessageCounters, ReportClaim, TextSender } from './message-counters.js';

/** The partition key prefixes of the counters: the only items the counting endpoint may write (see the stack). */
export const COUNTER_KEY_PREFIXES = {
  seen: 'MESSAGEKEY#',
  messages: 'MESSAGES#',
  senders: 'SENDERS#',
  reported: 'REPORTED#',
} as const;
const { seen, messages, senders, reported } = COUNTER_KEY_PREFIXES;

/** Sort keys of the group's messages order by time: 13 digits cover epoch milliseconds until 2286. */
const timeKey = (at: number) => String(Math.max(0, Math.floor(at))).padStart(13, '0');
// '~' sorts after '#' and every digit, so `<t>~` comes after every message key recorded at t.
const endOf = (at: number) => `${timeKey(at)}~`;

export class DynamoDbMessageCounters implements MessageCounters {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
  ) {
    this.db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async countGroupMessage(
    message: GroupMessage,
    window: { since: number; limit: number },
    call?: CallOptions,
  ): Promise<number[]> {
    const pk = `${messages}${message.groupId}`;
    const { Attributes: first } = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: `${seen}${message.groupId}#${message.messageKey}`, sk: 'SEEN' },
        UpdateExpression: 'SET firstAt = if_not_exists(firstAt, :at), expiresAt = if_not_exists(expiresAt, :expiresAt)',
        ExpressionAttributeValues: { ':at': message.at, ':expiresAt': message.expiresAt },
        ReturnValues: 'ALL_NEW',
      }),
      sdkOptions(call),
    );
    const firstAt = Number(first?.firstAt ?? message.at);
    const expiresAt = Number(first?.expiresAt ?? message.expiresAt);
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk, sk: `${timeKey(firstAt)}#${message.messageKey}`, expiresAt },
      }),
      sdkOptions(call),
    );
    if (window.since >= message.at) return [];
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': endOf(window.since), ':to': endOf(message.at) },
        ProjectionExpression: 'sk',
        ScanIndexForward: false,
        Limit: window.limit,
        ConsistentRead: true,
      }),
      sdkOptions(call),
    );
    return (Items ?? []).map((item) => Number(String(item.sk).slice(0, 13)));
  }

  async countTextSender(
    entry: TextSender,
    window: { since: number; enough: number },
    call?: CallOptions,
  ): Promise<number[]> {
    const pk = `${senders}${entry.groupId}#${entry.textKey}`;
    // One item per message, keyed by its time and sender: a retry writes the same item again.
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk, sk: `${timeKey(entry.at)}#${entry.sender}`, expiresAt: entry.expiresAt },
      }),
      sdkOptions(call),
    );
    // Newest first from the end of the key range, down to the window's start: each sender's first
    // item met is its latest time; later items of the same sender are older and skipped.
    const latest = new Map<string, number>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk > :since',
          ExpressionAttributeValues: { ':pk': pk, ':since': endOf(window.since) },
          ProjectionExpression: 'sk',
          ScanIndexForward: false,
          Limit: Math.max(window.enough, 1) * 2,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
        sdkOptions(call),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item.sk);
        const sender = sk.slice(14);
        if (!latest.has(sender)) latest.set(sender, Number(sk.slice(0, 13)));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey && latest.size < window.enough);
    return [...latest.values()];
  }

  async claimReport(claim: ReportClaim, call?: CallOptions): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `${reported}${claim.groupId}`,
            sk: claim.scope,
            claimant: claim.claimant,
            until: claim.until,
            expiresAt: claim.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR #until <= :at OR claimant = :claimant',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: { ':at': claim.at, ':claimant': claim.claimant },
        }),
        sdkOptions(call),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}
