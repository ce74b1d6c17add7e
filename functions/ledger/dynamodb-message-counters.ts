/**
 * The callbacks' counters in the ledger table (see message-counters.ts), beside the moderation
 * items and under prefixes of their own, each with a TTL:
 *
 * | pk                          | sk                             | attributes                 |
 * | --------------------------- | ------------------------------ | -------------------------- |
 * | `MESSAGEKEY#<group>#<key>`  | `SEEN`                         | firstAt, expiresAt         |
 * | `MESSAGES#<group>`          | `<firstAt, 13 digits>#<key>`   | expiresAt                  |
 * | `TEXT#<group>#<textKey>`    | `<sender>`                     | lastAt, expiresAt          |
 * | `REPORTED#<group>`          | `<scope>`                      | claimant, until, expiresAt |
 *
 * A message is counted under the time it was first seen with: the `MESSAGEKEY` item keeps that
 * time (`if_not_exists`), and the time-ordered `MESSAGES` item is written with it, so a copy of
 * the message stamped with another time (a `chat_offline` callback) finds the same item instead
 * of adding one. Writing the time-ordered item second and idempotently makes a retry after a
 * failure between the two writes finish the count rather than lose it.
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
export const COUNTER_KEY_PREFIXES = { seen: 'MESSAGEKEY#', messages: 'MESSAGES#', texts: 'TEXT#', reported: 'REPORTED#' } as const;
const { seen, messages, texts, reported } = COUNTER_KEY_PREFIXES;

/** Sort keys of the group's messages order by time: 13 digits cover epoch milliseconds until 2286. */
const timeKey = (at: number) => String(Math.max(0, Math.floor(at))).padStart(13, '0');
// '~' sorts after '#' and every digit, so `<t>~` comes after every message key recorded at t.
const endOf = (at: number) => `${timeKey(at)}~`;

export class DynamoDbMessageCounters implements MessageCounters {
  private readonly db: DynamoDBDocumentClient;

  constructor(client: DynamoDBClient, private readonly tableName: string) {
    this.db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async countGroupMessage(message: GroupMessage, window: { since: number; limit: number }, call?: CallOptions): Promise<number[]> {
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
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { pk, sk: `${timeKey(firstAt)}#${message.messageKey}`, expiresAt } }), sdkOptions(call));
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

  async countTextSender(entry: TextSender, window: { since: number; enough: number }, call?: CallOptions): Promise<number[]> {
    const pk = `${texts}${entry.groupId}#${entry.textKey}`;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk: entry.sender },
          UpdateExpression: 'SET lastAt = :at, expiresAt = :expiresAt',
          // A message older than the sender's latest (reordered delivery) leaves the latest in place.
          ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt < :at',
          ExpressionAttributeValues: { ':at': entry.at, ':expiresAt': entry.expiresAt },
        }),
        sdkOptions(call),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const times: number[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'lastAt > :since',
          ExpressionAttributeValues: { ':pk': pk, ':since': window.since },
          ProjectionExpression: 'lastAt',
          Limit: window.enough,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
        sdkOptions(call),
      );
      for (const item of page.Items ?? []) times.push(Number(item.lastAt));
      startKey = page.LastEvaluatedKey;
    } while (startKey && times.length < window.enough);
    return times;
  }

  async claimReport(claim: ReportClaim, call?: CallOptions): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `${reported}${claim.groupId}`, sk: claim.scope, claimant: claim.claimant, until: claim.until, expiresAt: claim.expiresAt },
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
