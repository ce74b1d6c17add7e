/**
 * The ledger on one DynamoDB table (`pk`, `sk` strings; TTL attribute `expiresAt`); its keys are
 * in docs/architecture.md#the-ledger. DynamoDB's TTL deletes expired items only eventually, so
 * reads bound violations by time themselves instead of trusting expiry.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  paginateScan,
  PutCommand,
  type PutCommandInput,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CallOptions } from '../agora/index.js';
import { sdkOptions } from '../aws/index.js';
import { isConditionFailure } from './condition-failure.js';
import {
  bySanctionOrder,
  eventSanctionsPrefix,
  MUTE_STATE_KINDS,
  sanctionSortKey,
  SanctionStatus,
  SANCTIONS_PREFIX,
  type SanctionKey,
  type SanctionRecord,
  type SanctionResolution,
} from './sanctions.js';
import {
  afterMemberViolationsAt,
  ladderClaimSortKey,
  ladderClaimsPrefix,
  memberViolationSortKey,
  type LadderClaim,
  type SenderViolation,
} from './ladder.js';
import {
  BanStatus,
  LedgerConflictError,
  type AttemptCount,
  type BanEnding,
  type BanRecord,
  type EndedBanStatus,
  type FailedAttempt,
  type GroupState,
  type Ledger,
  type ProcessedEvent,
  type ViolationRecord,
} from './ledger.js';

/** Processed-event markers outlive SQS's longest retention (14 days), so no redelivery repeats. */
export const PROCESSED_RETENTION_SECONDS = 30 * 86_400;

const groupKey = (groupId: string) => `GROUP#${groupId}`;
const STATE = 'STATE';
const banKey = (banId: string) => `BAN#${banId}`;
const violationKey = (time: string, eventId: string) => `VIOLATION#${time}#${eventId}`;
// '~' sorts after '#', so `VIOLATION#<t>~` comes after every violation recorded at time t.
const afterViolationsAt = (time: string) => `VIOLATION#${time}~`;

/** Runs a conditional write; a failed condition means the write was already made. */
async function writeOnce(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** An item with its key taken off and its TTL kept, for items whose expiry the reader checks. */
function unkeyed<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, ...rest } = item;
  return rest as T;
}

/** An item with its key and its TTL taken off. */
function strip<T>(item: Record<string, unknown> | undefined): T | undefined {
  if (!item) return undefined;
  const { expiresAt: _ttl, ...rest } = unkeyed<Record<string, unknown>>(item);
  return rest as T;
}

export class DynamoDbLedger implements Ledger {
  private readonly db: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async getProcessed(eventId: string, call?: CallOptions): Promise<ProcessedEvent | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `EVENT#${eventId}`, sk: 'EVENT' }, ConsistentRead: true }),
      sdkOptions(call),
    );
    return strip<ProcessedEvent>(Item);
  }

  async markProcessed(record: ProcessedEvent, call?: CallOptions): Promise<void> {
    const expiresAt = Math.floor(this.now().getTime() / 1000) + PROCESSED_RETENTION_SECONDS;
    await writeOnce(
      this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: `EVENT#${record.eventId}`, sk: 'EVENT', ...record, expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
        sdkOptions(call),
      ),
    );
  }

  async getGroupState(groupId: string, call?: CallOptions): Promise<GroupState> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: groupKey(groupId), sk: STATE }, ConsistentRead: true }),
      sdkOptions(call),
    );
    return strip<GroupState>(Item) ?? { groupId, version: 0 };
  }

  async saveGroupState(state: GroupState, call?: CallOptions): Promise<void> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: groupKey(state.groupId), sk: STATE, ...state, version: state.version + 1 },
          ConditionExpression: state.version === 0 ? 'attribute_not_exists(pk)' : 'version = :expected',
          ...(state.version !== 0 && { ExpressionAttributeValues: { ':expected': state.version } }),
        }),
        sdkOptions(call),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new LedgerConflictError(state.groupId, state.version, { cause: error });
      throw error;
    }
  }

  async getBan(groupId: string, banId: string, call?: CallOptions): Promise<BanRecord | undefined> {
    const { Item } = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: groupKey(groupId), sk: banKey(banId) },
        ConsistentRead: true,
      }),
      sdkOptions(call),
    );
    return strip<BanRecord>(Item);
  }

  async putBan(ban: BanRecord, call?: CallOptions): Promise<void> {
    await this.putOnce({ pk: groupKey(ban.groupId), sk: banKey(ban.banId), ...ban }, call);
  }

  async activateBan(groupId: string, banId: string, call?: CallOptions): Promise<void> {
    await writeOnce(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: groupKey(groupId), sk: banKey(banId) },
          UpdateExpression: 'SET #status = :active',
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':active': BanStatus.Active, ':pending': BanStatus.Pending },
        }),
        sdkOptions(call),
      ),
    );
  }

  async endBan(
    groupId: string,
    banId: string,
    status: EndedBanStatus,
    ending: BanEnding,
    call?: CallOptions,
  ): Promise<void> {
    await writeOnce(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: groupKey(groupId), sk: banKey(banId) },
          UpdateExpression: 'SET #status = :status, ended = :ended',
          ConditionExpression: '#status IN (:pending, :active)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': status,
            ':ended': ending,
            ':pending': BanStatus.Pending,
            ':active': BanStatus.Active,
          },
        }),
        sdkOptions(call),
      ),
    );
  }

  async listBans(groupId: string, call?: CallOptions): Promise<BanRecord[]> {
    const bans = (await this.groupItems(groupId, 'BAN#', call)).map((item) => strip<BanRecord>(item)!);
    return bans.sort((a, b) => a.imposedAt.localeCompare(b.imposedAt));
  }

  async *activeBans(call?: CallOptions): AsyncIterable<BanRecord> {
    const pages = paginateScan(
      { client: this.db },
      {
        TableName: this.tableName,
        FilterExpression: 'begins_with(sk, :ban) AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':ban': 'BAN#', ':active': BanStatus.Active },
      },
      sdkOptions(call),
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield strip<BanRecord>(item)!;
  }

  async recordViolation(violation: ViolationRecord, call?: CallOptions): Promise<void> {
    const pk = groupKey(violation.groupId);
    await this.putOnce({ pk, sk: violationKey(violation.time, violation.eventId), ...violation }, call);
    const { sender } = violation;
    if (sender === undefined) return;
    // The member's copy is written after the group's: a redelivery writes whichever is missing.
    await this.putOnce(
      {
        pk,
        sk: memberViolationSortKey(sender, violation.time, violation.eventId),
        eventId: violation.eventId,
        member: sender,
        time: violation.time,
        expiresAt: violation.expiresAt,
      },
      call,
    );
  }

  async violationSenders(groupId: string, after: string, upTo: string, call?: CallOptions): Promise<SenderViolation[]> {
    const items = await this.groupRange(groupId, afterViolationsAt(after), afterViolationsAt(upTo), call, {
      ProjectionExpression: '#time, sender',
      FilterExpression: 'attribute_exists(sender)',
    });
    return items.map((item) => ({ time: item.time as string, sender: item.sender as string }));
  }

  async memberViolationTimes(
    groupId: string,
    member: string,
    after: string,
    upTo: string,
    call?: CallOptions,
  ): Promise<string[]> {
    const items = await this.groupRange(
      groupId,
      afterMemberViolationsAt(member, after),
      afterMemberViolationsAt(member, upTo),
      call,
    );
    return items.map((item) => item.time as string);
  }

  /** One conditional put: free, or held past its end; else the holder is read back (the event's own on a redelivery). */
  async claimLadderStep(claim: LadderClaim, call?: CallOptions): Promise<LadderClaim> {
    const Key = { pk: groupKey(claim.groupId), sk: ladderClaimSortKey(claim.member, claim.hits, claim.dryRun) };
    return this.putOrReadBack(
      Key,
      claim,
      {
        ConditionExpression: 'attribute_not_exists(pk) OR (#until <= :at AND eventId <> :event)',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':at': claim.claimedAt, ':event': claim.eventId },
      },
      call,
    );
  }

  async ladderClaims(groupId: string, member: string, call?: CallOptions): Promise<LadderClaim[]> {
    return (await this.groupItems(groupId, ladderClaimsPrefix(member), call)).map((item) => unkeyed<LadderClaim>(item));
  }

  async listViolations(groupId: string, call?: CallOptions): Promise<ViolationRecord[]> {
    // Sort keys order violations by time.
    return (await this.groupItems(groupId, 'VIOLATION#', call)).map((item) => unkeyed<ViolationRecord>(item));
  }

  async violationTimes(groupId: string, after: string, upTo: string, call?: CallOptions): Promise<string[]> {
    // Sort keys order violations by time.
    const items = await this.groupRange(groupId, afterViolationsAt(after), afterViolationsAt(upTo), call);
    return items.map((item) => item.time as string);
  }

  /**
   * Three conditional steps, no transaction: count this receive on the current count (same
   * message, not expired, an earlier receive); or else start a new count where there is none, or
   * one of another message or past its expiry (TTL deletes late); or else this receive was
   * counted already, and the count is read back as it stands.
   */
  async countFailure(attempt: FailedAttempt, call?: CallOptions): Promise<AttemptCount> {
    const Key = { pk: `EVENT#${attempt.eventId}`, sk: 'ATTEMPTS' };
    const now = Math.floor(Date.parse(attempt.at) / 1000);
    try {
      const { Attributes } = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key,
          UpdateExpression:
            'SET failures = failures + :one, lastFailedAt = :at, lastReceive = :receive, expiresAt = :expires',
          ConditionExpression: 'messageId = :message AND expiresAt > :now AND lastReceive < :receive',
          ExpressionAttributeValues: {
            ':one': 1,
            ':at': attempt.at,
            ':receive': attempt.receive,
            ':expires': attempt.expiresAt,
            ':message': attempt.messageId,
            ':now': now,
          },
          ReturnValues: 'ALL_NEW',
        }),
        sdkOptions(call),
      );
      return unkeyed<AttemptCount>(Attributes!);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const first: AttemptCount = {
      eventId: attempt.eventId,
      messageId: attempt.messageId,
      failures: 1,
      firstFailedAt: attempt.at,
      lastFailedAt: attempt.at,
      lastReceive: attempt.receive,
      expiresAt: attempt.expiresAt,
    };
    return this.putOrReadBack(
      Key,
      first,
      {
        ConditionExpression: 'attribute_not_exists(pk) OR messageId <> :message OR expiresAt <= :now',
        ExpressionAttributeValues: { ':message': attempt.messageId, ':now': now },
      },
      call,
    );
  }

  /**
   * Puts `value` at `Key` when the condition holds and returns it; when it does not, returns what
   * the item holds, read back consistently (or `value` if the item is gone by then).
   */
  private async putOrReadBack<T extends object>(
    Key: { pk: string; sk: string },
    value: T,
    condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>,
    call?: CallOptions,
  ): Promise<T> {
    try {
      await this.db.send(
        new PutCommand({ TableName: this.tableName, Item: { ...Key, ...value }, ...condition }),
        sdkOptions(call),
      );
      return value;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key, ConsistentRead: true }),
      sdkOptions(call),
    );
    return Item ? unkeyed<T>(Item) : value;
  }

  /** Writes an item that must not exist yet (a ban, a sanction); writing it again changes nothing. */
  private async putOnce(item: Record<string, unknown>, call?: CallOptions): Promise<void> {
    await writeOnce(
      this.db.send(
        new PutCommand({ TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
        sdkOptions(call),
      ),
    );
  }

  async putSanction(sanction: SanctionRecord, call?: CallOptions): Promise<void> {
    await this.putOnce({ pk: groupKey(sanction.groupId), sk: sanctionSortKey(sanction), ...sanction }, call);
  }

  async resolveSanction(key: SanctionKey, resolution: SanctionResolution, call?: CallOptions): Promise<void> {
    await writeOnce(
      this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: groupKey(key.groupId), sk: sanctionSortKey(key) },
          UpdateExpression: 'SET #status = :status, resolution = :resolution',
          // Not stored, or resolved already: the condition fails and nothing is written.
          ConditionExpression: '#status = :pending',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': resolution.status,
            ':resolution': resolution,
            ':pending': SanctionStatus.Pending,
          },
        }),
        sdkOptions(call),
      ),
    );
  }

  async eventSanctions(groupId: string, eventId: string, call?: CallOptions): Promise<SanctionRecord[]> {
    return this.sanctionsUnder(groupId, eventSanctionsPrefix(eventId), call);
  }

  async listSanctions(groupId: string, call?: CallOptions): Promise<SanctionRecord[]> {
    return this.sanctionsUnder(groupId, SANCTIONS_PREFIX, call);
  }

  async *appliedMuteSanctions(call?: CallOptions): AsyncIterable<SanctionRecord> {
    const kinds = Object.fromEntries(MUTE_STATE_KINDS.map((kind, i) => [`:kind${i}`, kind]));
    const pages = paginateScan(
      { client: this.db },
      {
        TableName: this.tableName,
        FilterExpression: `begins_with(sk, :sanction) AND #status = :applied AND #kind IN (${Object.keys(kinds).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status', '#kind': 'kind' },
        ExpressionAttributeValues: { ':sanction': SANCTIONS_PREFIX, ':applied': SanctionStatus.Applied, ...kinds },
      },
      sdkOptions(call),
    );
    for await (const page of pages) for (const item of page.Items ?? []) yield strip<SanctionRecord>(item)!;
  }

  private async sanctionsUnder(groupId: string, prefix: string, call?: CallOptions): Promise<SanctionRecord[]> {
    const sanctions = (await this.groupItems(groupId, prefix, call)).map((item) => strip<SanctionRecord>(item)!);
    return sanctions.sort(bySanctionOrder);
  }

  /** Every item of the group's partition whose sort key starts with `prefix`, read consistently, in sort key order. */
  private async groupItems(groupId: string, prefix: string, call?: CallOptions): Promise<Record<string, unknown>[]> {
    return this.queryAll(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': groupKey(groupId), ':prefix': prefix },
        ConsistentRead: true,
      },
      call,
    );
  }

  /**
   * The `time` (and what `options` project besides) of the group's items whose sort keys lie in
   * [`from`, `to`], read consistently, in sort key order: the ranges the windows count.
   */
  private async groupRange(
    groupId: string,
    from: string,
    to: string,
    call?: CallOptions,
    options: { ProjectionExpression?: string; FilterExpression?: string } = {},
  ): Promise<Record<string, unknown>[]> {
    return this.queryAll(
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#time': 'time' },
        ExpressionAttributeValues: { ':pk': groupKey(groupId), ':from': from, ':to': to },
        ProjectionExpression: '#time',
        ConsistentRead: true,
        ...options,
      },
      call,
    );
  }

  private async queryAll(input: QueryCommandInput, call?: CallOptions): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery({ client: this.db }, input, sdkOptions(call));
    for await (const page of pages) items.push(...(page.Items ?? []));
    return items;
  }
}
