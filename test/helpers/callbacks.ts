/**
 * Callback bodies as Agora Chat sends them, signed the way its documentation says (MD5 of
 * `callId + secret + timestamp`, computed here on its own, not with the ingress's code), and
 * a stand-in SQS client for the unit tests of the endpoints.
 */
import { createHash, randomUUID } from 'node:crypto';
import { SendMessageBatchCommand, type SendMessageBatchCommandOutput, type SQSClient } from '@aws-sdk/client-sqs';
import { createTelemetry } from '../../functions/lambda/index.js';
import { MemoryCallbackClaims } from '../../functions/ledger/index.js';
import { compileRuleSet, NO_RULES } from '../../functions/rules/index.js';
import type { CallbackDependencies } from '../../functions/callbacks/callback-dependencies.js';
import type { CallbackRequest } from '../../functions/callbacks/read-callback.js';

export const SECRET = 'rule-secret-0123456789';
export const APP_KEY = 'acme#chat';
export const GROUP = '100743775617286960';

export interface MessageOptions {
  text?: string;
  from?: string;
  groupId?: string;
  msgId?: string;
  callId?: string;
  timestamp?: number;
  eventType?: 'chat' | 'chat_offline';
  bodies?: Record<string, unknown>[];
  extra?: Record<string, unknown>;
}

export function sign(callId: string, secret: string, timestamp: number | string): string {
  return createHash('md5').update(`${callId}${secret}${timestamp}`).digest('hex');
}

/** A signed group-message callback; `secret` signs it. */
export function messageCallback(options: MessageOptions = {}, secret = SECRET): Record<string, unknown> {
  const groupId = options.groupId ?? GROUP;
  const msgId = options.msgId ?? String(1_200_000_000_000_000_000n + BigInt(Math.floor(Math.random() * 1e12)));
  const callId = options.callId ?? `${APP_KEY}_${randomUUID()}`;
  const timestamp = options.timestamp ?? Date.now();
  return {
    callId,
    eventType: options.eventType ?? 'chat',
    timestamp,
    chat_type: 'groupchat',
    group_id: groupId,
    from: options.from ?? 'alice',
    to: groupId,
    msg_id: msgId,
    payload: { ext: {}, bodies: options.bodies ?? [{ type: 'txt', msg: options.text ?? 'hello there' }] },
    securityVersion: '1.0.0',
    security: sign(callId, secret, timestamp),
    appkey: APP_KEY,
    host: 'a41.chat.agora.io',
    ...options.extra,
  };
}

/** Re-signs a body after a test changed its signed fields. */
export function resign(body: Record<string, unknown>, secret = SECRET): Record<string, unknown> {
  return { ...body, security: sign(String(body.callId), secret, String(body.timestamp)) };
}

export const post = (body: unknown): CallbackRequest => ({
  method: 'POST',
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

/** Records every SendMessageBatch; `fail` makes the next calls throw, `refuse` makes SQS report entries as failed. */
/** A callback as a Lambda function URL hands it to the bundled handler: a POST, its body base64. */
export const functionUrlEvent = (body: unknown) => ({
  version: '2.0',
  rawPath: '/',
  headers: { 'content-type': 'application/json' },
  requestContext: { http: { method: 'POST', path: '/' } },
  body: Buffer.from(JSON.stringify(body)).toString('base64'),
  isBase64Encoded: true,
});

export class RecordingSqs {
  readonly batches: SendMessageBatchCommand['input'][] = [];
  fail = 0;
  refuse = false;

  async send(command: unknown): Promise<SendMessageBatchCommandOutput> {
    if (!(command instanceof SendMessageBatchCommand)) throw new Error(`unexpected command ${String(command)}`);
    if (this.fail > 0) {
      this.fail -= 1;
      throw Object.assign(new Error('queue unavailable'), { name: 'ServiceUnavailable' });
    }
    const entries = command.input.Entries ?? [];
    if (this.refuse)
      return {
        Successful: [],
        Failed: entries.map((entry) => ({
          Id: entry.Id!,
          SenderFault: true,
          Code: 'InvalidParameterValue',
          Message: 'refused',
        })),
        $metadata: {},
      };
    this.batches.push(command.input);
    return {
      Successful: entries.map((entry) => ({ Id: entry.Id!, MessageId: randomUUID(), MD5OfMessageBody: '' })),
      Failed: [],
      $metadata: {},
    };
  }

  /** The events sent so far, parsed. */
  get events(): Record<string, unknown>[] {
    return this.batches.flatMap((batch) =>
      (batch.Entries ?? []).map((entry) => JSON.parse(entry.MessageBody!) as Record<string, unknown>),
    );
  }
}

/** Dependencies of the endpoints for unit tests: everything in memory (claims included), time fixed unless given. */
export function callbackDependencies(
  overrides: Partial<CallbackDependencies> & { sqs?: RecordingSqs } = {},
): CallbackDependencies & { sqs: RecordingSqs } {
  const sqs = overrides.sqs ?? new RecordingSqs();
  const { sqs: _sqs, ...rest } = overrides;
  return {
    ...createTelemetry({ serviceName: 'callbacks-test', logLevel: 'SILENT' }),
    verification: { secrets: [SECRET], maxBodyBytes: 65_536, toleranceMs: 300_000 },
    rules: compileRuleSet(NO_RULES),
    queue: { sqs: sqs as unknown as SQSClient, queueUrl: 'http://127.0.0.1:1/000000000000/moderation-events.fifo' },
    claims: new MemoryCallbackClaims(),
    onError: 'pass',
    reportTimeoutMs: 100,
    clock: Date.now,
    ...rest,
    sqs,
  };
}
