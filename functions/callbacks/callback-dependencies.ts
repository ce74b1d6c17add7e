/** What both endpoints are handed: the verification settings, the rules, the queue, telemetry. */
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Abortable } from '../aws/index.js';
import type { Telemetry } from '../lambda/index.js';
import type { CallbackClaims, MessageCounters } from '../ledger/index.js';
import type { OnError } from './callbacks-env.js';
import type { ReadOptions } from './read-callback.js';
import type { CompiledRuleSet } from '../rules/index.js';

export interface CallbackDependencies extends Telemetry {
  /** What a request is checked against; `secrets` is read at each request (it may be a getter over `CallbackSecrets`). */
  verification: Omit<ReadOptions, 'now'>;
  /**
   * Reads the secrets again after a signature that matched none of them, at most once a minute
   * (see callback-secret.ts); true when they changed. None: the secrets never change.
   */
  rereadSecrets?: (call: Abortable) => Promise<boolean>;
  rules: CompiledRuleSet;
  queue: { sqs: SQSClient; queueUrl: string };
  /** The shared counters of `flood` and `repeat` rules (post-delivery). */
  counters?: MessageCounters;
  /**
   * The callbacks accepted, by `callId`: every message callback claims its own first wherever
   * the rules can record something (post-delivery with any rule, pre-delivery with a rejecting
   * rule; see claim-callback.ts).
   */
  claims?: CallbackClaims;
  /** Pre-delivery: the verdict when evaluating fails. */
  onError: OnError;
  /** Pre-delivery: how long the claim and a rejection's report may take, together. */
  reportTimeoutMs: number;
  /** Epoch milliseconds: the freshness check's reference. */
  clock: () => number;
}

/** An endpoint's answer: a status and a JSON body (Agora reads at most 1,000 characters of it). */
export interface CallbackResponse {
  status: number;
  body: Record<string, unknown>;
}
