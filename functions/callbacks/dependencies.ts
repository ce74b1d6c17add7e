/**
 * Wiring for the callbacks endpoints: settings, secrets, rules, the queue, the counters and the
 * claims. Nothing here runs at import time; each Lambda builds it on its first invocation.
 */
import { lambdaSettingsFromEnv, createTelemetry } from '../lambda/index.js';
import { DynamoDbCallbackClaims, DynamoDbMessageCounters } from '../ledger/index.js';
import { dynamoClientFromEnv, sqsClientFromEnv } from '../aws/index.js';
import { ConfigError } from '../config/index.js';
import type { CallbackDependencies } from './callback-dependencies.js';
import { claimsNeeded } from './claim-callback.js';
import { callbackSecretSourceFromEnvironment } from './callback-secret.js';
import { callbacksSettingsFromEnv } from './callbacks-env.js';
import { compileRuleSet } from './rule-set.js';
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
