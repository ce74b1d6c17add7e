/**
 * The callbacks' counters in memory, for unit and property tests: the contract of
 * `DynamoDbMessageCounters`, write for write. Expired entries are dropped as they are met, as
 * TTL would drop them; reads bound by time either way.
 */
import type { CallOptions } from '../agora/index.js';
import type { GroupMessage, MessageCounters, ReportClaim, TextSender } from './message-counters.js';

interface Expiring {
  expiresAt: number;
}

export class MemoryMessageCounters implements MessageCounters {
  /** group → message key → message time. */
  readonly messages = new Map<string, Map<string, { at: number } & Expiring>>();
  /** group and text → sender → latest time. */
  readonly senders = new Map<string, Map<string, { lastAt: number } & Expiring>>();
  /** group and scope → claim. */
  readonly claims = new Map<string, { claimant: string; until: number } & Expiring>();

  constructor(private readonly nowSeconds: () => number = () => Date.now() / 1000) {}

  async countGroupMessage(
    message: GroupMessage,
    window: { since: number; limit: number },
    _call?: CallOptions,
  ): Promise<number[]> {
    const group = this.live(this.messages, message.groupId);
    // The first time a message was counted with stays its time (see the port).
    if (!group.has(message.messageKey)) group.set(message.messageKey, { at: message.at, expiresAt: message.expiresAt });
    return [...group.values()]
      .map((entry) => entry.at)
      .filter((at) => at > window.since && at <= message.at)
      .sort((a, b) => b - a)
      .slice(0, window.limit);
  }

  async countTextSender(
    entry: TextSender,
    window: { since: number; enough: number },
    _call?: CallOptions,
  ): Promise<number[]> {
    const text = this.live(this.senders, `${entry.groupId}#${entry.textKey}`);
    const latest = text.get(entry.sender);
    if (!latest || latest.lastAt < entry.at) text.set(entry.sender, { lastAt: entry.at, expiresAt: entry.expiresAt });
    const times = [...text.values()].map((sender) => sender.lastAt).filter((at) => at > window.since);
    // DynamoDB reads whole pages before it stops, so it may return more than `enough`: callers
    // compare counts with thresholds, never with the length itself.
    return times;
  }

  async claimReport(claim: ReportClaim, _call?: CallOptions): Promise<boolean> {
    const key = `${claim.groupId}#${claim.scope}`;
    const held = this.claims.get(key);
    if (held && held.until > claim.at && held.claimant !== claim.claimant) return false;
    this.claims.set(key, { claimant: claim.claimant, until: claim.until, expiresAt: claim.expiresAt });
    return true;
  }

  /** The map under `key`, without the entries whose expiry has passed. */
  private live<V extends Expiring>(maps: Map<string, Map<string, V>>, key: string): Map<string, V> {
    let map = maps.get(key);
    if (!map) maps.set(key, (map = new Map()));
    const now = this.nowSeconds();
    for (const [entryKey, entry] of map) if (entry.expiresAt < now) map.delete(entryKey);
    return map;
  }
}
