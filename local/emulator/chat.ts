/**
 * Chat messages into groups, as a client SDK sends them: the group must exist and not be
 * disabled, the sender must be a member, not muted, and the group not muted unless the sender is
 * its owner or an admin (group-sanctions.ts); the pre-delivery rule may reject the message; a
 * delivered message is kept (the last 1,000 per group) and its post-delivery callbacks go out in
 * the background. A kept message may be recalled within the recall window.
 */
import type { CallbackRules, ChatMessage, PreDeliveryOutcome } from './callback-rules.js';
import { refusalOf, type Refusal } from './group-sanctions.js';
import type { GroupStore } from './group-store.js';

export interface NewMessage {
  groupId: string;
  from: string;
  /** A text message; or give `bodies`. */
  text?: string;
  bodies?: Record<string, unknown>[];
  ext?: Record<string, unknown>;
}

export type SendOutcome =
  | { status: 'delivered'; msgId: string; preDelivery: PreDeliveryOutcome['how']; message: ChatMessage }
  | { status: 'rejected'; msgId: string; preDelivery: PreDeliveryOutcome['how']; code?: string }
  | { status: 'refused'; reason: 'no such group' | 'group disabled' | Refusal };

/** A kept message as `GET /_emulator/groups/{id}/messages` lists it. */
export interface ListedMessage {
  msgId: string;
  from: string;
  timestamp: number;
  state: 'delivered' | 'recalled';
}

export interface ChatSettings {
  /** How long after sending a message may be recalled without `force`. @default 120000 (Agora's default, 2 minutes) */
  recallWindowMs?: number;
  /**
   * Messages from users who are not members: refused, as Agora Chat does, or delivered, for
   * callers that stage traffic from made-up senders. @default 'refuse'
   */
  nonMembers?: 'refuse' | 'deliver';
}

const KEPT_PER_GROUP = 1_000;
export const DEFAULT_RECALL_WINDOW_MS = 120_000;

export class ChatService {
  private readonly history = new Map<string, ChatMessage[]>();
  private readonly recalled = new Set<string>();
  /** Message ids: 19 digits and increasing, like the service's. */
  private lastId = 1_250_000_000_000_000_000n;

  constructor(
    private readonly store: GroupStore,
    private readonly callbacks: CallbackRules,
    private readonly now: () => number = Date.now,
    private readonly settings: ChatSettings = {},
  ) {}

  async send(input: NewMessage): Promise<SendOutcome> {
    const group = this.store.get(input.groupId);
    if (!group) return { status: 'refused', reason: 'no such group' };
    if (group.disabled) return { status: 'refused', reason: 'group disabled' };
    const refusal = refusalOf(group, input.from, this.now(), this.settings.nonMembers);
    if (refusal) return { status: 'refused', reason: refusal };
    this.lastId += 1n + BigInt(Math.floor(Math.random() * 1_000));
    const message: ChatMessage = {
      msgId: String(this.lastId),
      groupId: input.groupId,
      from: input.from,
      timestamp: this.now(),
      payload: { ext: input.ext ?? {}, bodies: input.bodies ?? [{ type: 'txt', msg: input.text ?? '' }] },
    };
    const verdict = await this.callbacks.preDeliver(message);
    if (!verdict.deliver)
      return {
        status: 'rejected',
        msgId: message.msgId,
        preDelivery: verdict.how,
        ...(verdict.code && { code: verdict.code }),
      };
    const delivered = verdict.payload ? { ...message, payload: verdict.payload } : message;
    const kept = this.history.get(input.groupId) ?? [];
    kept.push(delivered);
    if (kept.length > KEPT_PER_GROUP) kept.shift();
    this.history.set(input.groupId, kept);
    this.callbacks.postDeliver(delivered);
    return { status: 'delivered', msgId: message.msgId, preDelivery: verdict.how, message: delivered };
  }

  /** The group's delivered messages, oldest first, recalled ones included. */
  messages(groupId: string): ChatMessage[] {
    return [...(this.history.get(groupId) ?? [])];
  }

  /** The group's kept messages with their state, oldest first. */
  listed(groupId: string): ListedMessage[] {
    return this.messages(groupId).map((m) => ({
      msgId: m.msgId,
      from: m.from,
      timestamp: m.timestamp,
      state: this.recalled.has(m.msgId) ? 'recalled' : 'delivered',
    }));
  }

  /**
   * Recalls a kept message: `not found` when it is not kept in that group or was recalled
   * already, `too late` past the recall window unless forced.
   */
  recall(groupId: string, msgId: string, force: boolean): 'recalled' | 'not found' | 'too late' {
    const message = this.history.get(groupId)?.find((m) => m.msgId === msgId);
    if (!message || this.recalled.has(msgId)) return 'not found';
    if (!force && this.now() - message.timestamp > (this.settings.recallWindowMs ?? DEFAULT_RECALL_WINDOW_MS))
      return 'too late';
    this.recalled.add(msgId);
    return 'recalled';
  }
}
