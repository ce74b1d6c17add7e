/**
 * Agora Chat's HTTP callbacks as the emulator sends them, following
 * `shared/reference/agora-chat-callbacks.md` and sharing no code with the ingress it calls:
 *
 * - pre-delivery: POST the message, wait up to the rule's timeout (200 ms by default) for
 *   `{"valid": ...}`; on a timeout, a non-200, a missing `valid` or wrong types, apply the rule's
 *   fallback (pass by default); no retry. `valid: false` rejects; a `payload` rewrites the text.
 * - post-delivery: POST the message (and a `chat_offline` copy when the rule covers offline
 *   messages); any 200 is success; no 200 within 60 s, the callback is sent once more at once,
 *   then dropped. A rule that fails 90 times within 30 s is switched off for 5 minutes, and what
 *   it would have sent meanwhile is lost.
 *
 * Every callback is signed as Agora signs it: `security` = MD5 hex of callId + secret + timestamp.
 */
import { createHash, randomUUID } from 'node:crypto';

export interface CallbackRule {
  url: string;
  secret: string;
  /** @default 200 for pre-delivery, 60000 for post-delivery */
  timeoutMs?: number;
}

export interface PreDeliveryRule extends CallbackRule {
  /** What happens when the verdict does not come or cannot be read. @default 'pass' */
  fallback?: 'pass' | 'reject';
}

export interface PostDeliveryRule extends CallbackRule {
  /** Also send a `chat_offline` callback (a rule whose message types include offline messages). @default false */
  offline?: boolean;
}

export interface CallbackSettings {
  preDelivery?: PreDeliveryRule;
  postDelivery?: PostDeliveryRule;
  /** The ⚠ of the sources: `{appKey}_{uuid}` (Agora) or `{appKey}_{message id}` (Easemob). @default 'uuid' */
  callIdStyle?: 'uuid' | 'message-id';
  /** When a post-delivery rule is switched off. @default 90 failures within 30 s, off for 5 minutes */
  switchOff?: { failures: number; windowMs: number; offMs: number };
}

export interface ChatMessage {
  msgId: string;
  groupId: string;
  from: string;
  /** When the server got it, epoch milliseconds. */
  timestamp: number;
  payload: { ext: Record<string, unknown>; bodies: Record<string, unknown>[] };
}

export interface CallbackAttempt {
  kind: 'pre-delivery' | 'post-delivery';
  callId: string;
  msgId: string;
  eventType: 'chat' | 'chat_offline';
  attempt: number;
  /** The HTTP status, or `timeout` / `error` with no answer; `off` when the rule was switched off. */
  result: number | 'timeout' | 'error' | 'off';
  ms: number;
}

export type PreDeliveryOutcome =
  | { deliver: true; how: 'no-rule' | 'valid' | 'fallback-pass'; payload?: ChatMessage['payload'] }
  | { deliver: false; how: 'rejected' | 'fallback-reject'; code?: string };

const DEFAULT_SWITCH_OFF = { failures: 90, windowMs: 30_000, offMs: 300_000 };
const RESPONSE_LIMIT = 1_000;
const REWRITE_LIMIT = 1_024;

export class CallbackRules {
  /** Every callback sent, in order (the last 10,000). */
  readonly attempts: CallbackAttempt[] = [];
  private settings: CallbackSettings = {};
  private failures: number[] = [];
  private offUntil = 0;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly appKey: string,
    private readonly host: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Replaces the rules; `{}` removes them. */
  set(settings: CallbackSettings): void {
    this.settings = settings;
    this.failures = [];
    this.offUntil = 0;
  }

  get state() {
    return { ...this.settings, switchedOffUntil: this.offUntil > this.now() ? this.offUntil : undefined };
  }

  async preDeliver(message: ChatMessage): Promise<PreDeliveryOutcome> {
    const rule = this.settings.preDelivery;
    if (!rule) return { deliver: true, how: 'no-rule' };
    const fallback = (): PreDeliveryOutcome =>
      rule.fallback === 'reject' ? { deliver: false, how: 'fallback-reject' } : { deliver: true, how: 'fallback-pass' };
    const answer = await this.call('pre-delivery', rule, message, 'chat', 1, rule.timeoutMs ?? 200);
    if (answer.status !== 200 || answer.text.length > RESPONSE_LIMIT) return fallback();
    let verdict: unknown;
    try {
      verdict = JSON.parse(answer.text);
    } catch {
      return fallback();
    }
    const { valid, code, payload } = (verdict ?? {}) as { valid?: unknown; code?: unknown; payload?: unknown };
    if (typeof valid !== 'boolean' || (code !== undefined && typeof code !== 'string')) return fallback();
    if (!valid) return { deliver: false, how: 'rejected', ...(typeof code === 'string' && { code }) };
    const rewrite =
      payload && typeof payload === 'object' && JSON.stringify(payload).length <= REWRITE_LIMIT
        ? (payload as ChatMessage['payload'])
        : undefined;
    return { deliver: true, how: 'valid', ...(rewrite && { payload: rewrite }) };
  }

  /** Sends the post-delivery callbacks in the background, as the chat server does; `settled()` waits for them. */
  postDeliver(message: ChatMessage): void {
    const rule = this.settings.postDelivery;
    if (!rule) return;
    for (const eventType of rule.offline ? (['chat', 'chat_offline'] as const) : (['chat'] as const)) {
      const sending = this.deliver(rule, message, eventType).finally(() => this.pending.delete(sending));
      this.pending.add(sending);
    }
  }

  /** Resolves when every post-delivery callback sent so far has succeeded or been dropped. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async deliver(
    rule: PostDeliveryRule,
    message: ChatMessage,
    eventType: 'chat' | 'chat_offline',
  ): Promise<void> {
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (this.offUntil > this.now()) {
        this.record({
          kind: 'post-delivery',
          callId: '',
          msgId: message.msgId,
          eventType,
          attempt,
          result: 'off',
          ms: 0,
        });
        return;
      }
      const answer = await this.call('post-delivery', rule, message, eventType, attempt, rule.timeoutMs ?? 60_000);
      if (answer.status === 200) return;
      this.failed();
    }
  }

  private failed(): void {
    const { failures, windowMs, offMs } = this.settings.switchOff ?? DEFAULT_SWITCH_OFF;
    const now = this.now();
    this.failures = [...this.failures.filter((at) => at > now - windowMs), now];
    if (this.failures.length >= failures) {
      this.offUntil = now + offMs;
      this.failures = [];
    }
  }

  private async call(
    kind: CallbackAttempt['kind'],
    rule: CallbackRule,
    message: ChatMessage,
    eventType: 'chat' | 'chat_offline',
    attempt: number,
    timeoutMs: number,
  ) {
    const callId = `${this.appKey}_${this.settings.callIdStyle === 'message-id' ? message.msgId : randomUUID()}`;
    const body = {
      callId,
      eventType,
      timestamp: message.timestamp,
      chat_type: 'groupchat',
      group_id: message.groupId,
      from: message.from,
      to: message.groupId,
      msg_id: message.msgId,
      payload: message.payload,
      securityVersion: '1.0.0',
      security: createHash('md5').update(`${callId}${rule.secret}${message.timestamp}`).digest('hex'),
      appkey: this.appKey,
      host: this.host,
    };
    const started = performance.now();
    let status: number | 'timeout' | 'error' = 'error';
    let text = '';
    try {
      const response = await fetch(rule.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
      status = response.status;
    } catch (error) {
      status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
    }
    this.record({
      kind,
      callId,
      msgId: message.msgId,
      eventType,
      attempt,
      result: status,
      ms: performance.now() - started,
    });
    return { status, text };
  }

  private record(attempt: CallbackAttempt): void {
    this.attempts.push(attempt);
    if (this.attempts.length > 10_000) this.attempts.shift();
  }
}
