/**
 * The callbacks' dependencies: what both endpoints are handed (the verification settings, the
 * rules, the queue, the claims and counters, telemetry), and their wiring from the environment.
 * Nothing here runs at import time: each Lambda entry point builds them while it initialises
 * (see the handler files), then opens its connections.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { dynamoClientFromEnv, sqsClientFromEnv, type Abortable } from '../aws/index.js';
import { ConfigError } from '../config/index.js';
import { createTelemetry, lambdaSettingsFromEnv, type Telemetry } from '../lambda/index.js';
import {
  DynamoDbCallbackClaims,
  DynamoDbMessageCounters,
  type CallbackClaims,
  type MessageCounters,
} from '../ledger/index.js';
import { compileRuleSet, type CompiledRuleSet } from '../rules/index.js';
import { callbackSecretSourceFromEnvironment } from './callback-secret.js';
import { callbacksSettingsFromEnv, type OnError } from './callbacks-env.js';
import type { ReadOptions } from './read-callback.js';
import { CALLBACK_SERVICE, type CallbackEndpoint } from './telemetry.js';

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
   * rule; see claim-callback.ts and `claimsNeeded`).
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

/**
 * Whether the rules can record anything (a content hit or a count after delivery, a rejection's
 * report before it), so that both endpoints claim every callback: a `callId` left unclaimed at
 * one endpoint could be replayed to the other.
 */
export function claimsNeeded(rules: Pick<CompiledRuleSet, 'content' | 'flood' | 'repeat'>): boolean {
  return rules.content.length + rules.flood.length + rules.repeat.length > 0;
}

export type CallbackFunctionDependencies = CallbackDependencies & { deadlineMarginMs: number };

/**
 * Everything from the environment (see callbacks-env.ts and callback-secret.ts).
 * @throws {ConfigError} naming each bad variable; also when there are rules (which can record
 * something) and no ledger table for the claims (and counters) of their callbacks.
 */
export async function callbackDependenciesFromEnv(
  endpoint: CallbackEndpoint,
  env: NodeJS.ProcessEnv = process.env,
): Promise<CallbackFunctionDependencies> {
  const settings = callbacksSettingsFromEnv(env);
  const lambda = lambdaSettingsFromEnv(env);
  const rules = compileRuleSet(settings.rules);
  const counting = endpoint === 'post-delivery' && rules.flood.length + rules.repeat.length > 0;
  const claiming = claimsNeeded(rules);
  if (claiming && !settings.ledgerTableName) {
    throw new ConfigError([
      `LEDGER_TABLE_NAME: required: the ${endpoint} endpoint claims each callback in the ledger table, as its rules can record something${counting ? ', and its flood and repeat rules count there' : ''}`,
    ]);
  }
  const secrets = await callbackSecretSourceFromEnvironment(env);
  const dynamo = claiming ? dynamoClientFromEnv(env) : undefined;
  return {
    ...createTelemetry({ serviceName: CALLBACK_SERVICE[endpoint], namespace: lambda.metricsNamespace }),
    verification: {
      // The secrets in use when the request is read: a re-read replaces them.
      get secrets() {
        return secrets.current;
      },
      maxBodyBytes: settings.maxBodyBytes,
      toleranceMs: settings.toleranceMs,
    },
    rereadSecrets: (call) => secrets.reread(call),
    rules,
    queue: { sqs: sqsClientFromEnv(env), queueUrl: settings.queueUrl },
    ...(dynamo && { claims: new DynamoDbCallbackClaims(dynamo, settings.ledgerTableName!) }),
    ...(dynamo && counting && { counters: new DynamoDbMessageCounters(dynamo, settings.ledgerTableName!) }),
    onError: settings.onError,
    reportTimeoutMs: settings.reportTimeoutMs,
    clock: Date.now,
    deadlineMarginMs: lambda.deadlineMarginMs,
  };
}

/** How long opening the connections at init may take: a store that does not answer is left to the first request. */
export const PREPARE_TIMEOUT_MS = 2_000;

/**
 * Opens what the first callback would otherwise wait for: the ledger table's connection, by a
 * claim that writes nothing (see `CallbackClaims.prepare`). A failure is logged, not thrown: the
 * first request then opens the connection itself, as without this.
 */
export async function prepareConnections(
  deps: CallbackDependencies,
  timeoutMs: number = PREPARE_TIMEOUT_MS,
): Promise<void> {
  if (!deps.claims?.prepare) return;
  const started = performance.now();
  try {
    await deps.claims.prepare({ signal: AbortSignal.timeout(timeoutMs) });
    deps.logger.debug('ledger table connection opened at init', { ms: Math.round(performance.now() - started) });
  } catch (error) {
    deps.logger.warn('could not open the ledger table connection at init; the first callback opens it', {
      error: error as Error,
    });
  }
}
