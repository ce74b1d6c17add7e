/**
 * Chat messages into groups, as a client SDK sends them: the group must exist and not be
 * disabled; the pre-delivery rule may reject the message; a delivered message is kept (the last
 * 1,000 per group) and its post-delivery callbacks go out in the background.
 */
import type { CallbackRules, ChatMessage, PreDeliveryOutcome } from './callback-rules.js';
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
  | { status: 'refused'; reason: 'no such group' | 'group disabled' };

const KEPT_PER_GROUP = 1_000;

export class ChatService {
  private readonly history = new Map<string, ChatMessage[]>();
  /** Message ids: 19 digits and increasing, like the service's. */
  private lastId = 1_250_000_000_000_000_000n;

  constructor(
    private readonly store: GroupStore,
    private readonly callbacks: CallbackRules,
    private readonly now: () => number = Date.now,
  ) {}

  async send(input: NewMessage): Promise<SendOutcome> {
    const group = this.store.get(input.groupId);
    if (!group) return { status: 'refused', reason: 'no such group' };
    if (group.disabled) return { status: 'refused', reason: 'group disabled' };
    this.lastId += 1n + BigInt(Math.floor(Math.random() * 1_000));
    const message: ChatMessage = {
      msgId: String(this.lastId),
      groupId: input.groupId,
      from: input.from,
      timestamp: this.now(),
      payload: { ext: input.ext ?? {}, bodies: input.bodies ?? [{ type: 'txt', msg: input.text ?? '' }] },
    };
    const verdict = await this.callbacks.preDeliver(message);
    if (!verdict.deliver) return { status: 'rejected', msgId: message.msgId, preDelivery: verdict.how, ...(verdict.code && { code: verdict.code }) };
    const delivered = verdict.payload ? { ...message, payload: verdict.payload } : message;
    const kept = this.history.get(input.groupId) ?? [];
    kept.push(delivered);
    if (kept.length > KEPT_PER_GROUP) kept.shift();
    this.history.set(input.groupId, kept);
    this.callbacks.postDeliver(delivered);
    return { status: 'delivered', msgId: message.msgId, preDelivery: verdict.how, message: delivered };
  }

  /** The group's delivered messages, oldest first. */
  messages(groupId: string): ChatMessage[] {
    return [...(this.history.get(groupId) ?? [])];
  }
}
