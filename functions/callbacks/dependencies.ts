/**
 * Wiring for the callbacks endpoints: settings, secrets, rules, the queue, the counters and the
 * claims. Nothing here runs at import time: each Lambda entry point builds it while it initialises
 * (see the handler files), then opens its connections.
 */
import { lambdaSettingsFromEnv, createTelemetry } from '../lambda/index.js';
import { DynamoDbCallbackClaims, DynamoDbMessageCounters } from '../ledger/index.js';
import { dynamoClientFromEnv, sqsClientFromEnv } from '../aws/index.js';
import { ConfigError } from '../config/index.js';
import type { CallbackDependencies } from './callback-dependencies.js';
import { claimsNeeded } from './claim-callback.js';
import { callbackSecretSourceFromEnvironment } from './callback-secret.js';
import { callbacksSettingsFromEnv } from './callbacks-env.js';
import { compileRuleSet } from '../rules/index.js';
import { CALLBACK_SERVICE, type CallbackEndpoint } from './telemetry.js';

export type CallbackFunctionDependencies = CallbackDependencies & { deadlineMarginMs: number };

/**
 * Everything from the environment (see callbacks-env.ts and callback-secret.ts).
 * @throws {ConfigError} naming each bad variable; also when there are rules (which can record
 * something) and no ledger table for the claims (and counters) of their callbacks.
 */
export async function callbackDependenciesFromEnv(endpoint: CallbackEndpoint, env: NodeJS.ProcessEnv = process.env): Promise<CallbackFunctionDependencies> {
  const settings = callbacksSettingsFromEnv(env);
  const lambda = lambdaSettingsFromEnv(env);
  const rules = compileRuleSet(settings.rules);
  const counting = endpoint === 'post-delivery' && rules.flood.length + rules.repeat.length > 0;
  const claiming = claimsNeeded(rules);
  if (claiming && !settings.ledgerTableName) {
    throw new ConfigError([`LEDGER_TABLE_NAME: required: the ${endpoint} endpoint claims each callback in the ledger table, as its rules can record something${counting ? ', and its flood and repeat rules count there' : ''}`]);
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
export async function prepareConnections(deps: CallbackDependencies, timeoutMs: number = PREPARE_TIMEOUT_MS): Promise<void> {
  if (!deps.claims?.prepare) return;
  const started = performance.now();
  try {
    await deps.claims.prepare({ signal: AbortSignal.timeout(timeoutMs) });
    deps.logger.debug('ledger table connection opened at init', { ms: Math.round(performance.now() - started) });
  } catch (error) {
    deps.logger.warn('could not open the ledger table connection at init; the first callback opens it', { error: error as Error });
  }
}
