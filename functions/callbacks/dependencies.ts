/**
 * Wiring for the callbacks endpoints: settings, secrets, rules, the queue and the counters.
 * Nothing here runs at import time; each Lambda builds it on its first invocation.
 */
import { lambdaSettingsFromEnv, createTelemetry } from '../lambda/index.js';
import { DynamoDbMessageCounters } from '../ledger/index.js';
import { dynamoClientFromEnv, sqsClientFromEnv } from '../aws/index.js';
import { ConfigError } from '../config/index.js';
import type { CallbackDependencies } from './callback-dependencies.js';
import { callbackSecretsFromEnvironment } from './callback-secret.js';
import { callbacksSettingsFromEnv } from './callbacks-env.js';
import { compileRuleSet } from './rule-set.js';
import { CALLBACK_SERVICE, type CallbackEndpoint } from './telemetry.js';

export type CallbackFunctionDependencies = CallbackDependencies & { deadlineMarginMs: number };

/**
 * Everything from the environment (see callbacks-env.ts and callback-secret.ts).
 * @throws {ConfigError} naming each bad variable; also when counting rules have no ledger table.
 */
export async function callbackDependenciesFromEnv(endpoint: CallbackEndpoint, env: NodeJS.ProcessEnv = process.env): Promise<CallbackFunctionDependencies> {
  const settings = callbacksSettingsFromEnv(env);
  const lambda = lambdaSettingsFromEnv(env);
  const rules = compileRuleSet(settings.rules);
  const counting = endpoint === 'post-delivery' && rules.flood.length + rules.repeat.length > 0;
  if (counting && !settings.ledgerTableName) throw new ConfigError(['LEDGER_TABLE_NAME: required: flood and repeat rules count in the ledger table']);
  const secrets = await callbackSecretsFromEnvironment(env);
  return {
    ...createTelemetry({ serviceName: CALLBACK_SERVICE[endpoint], namespace: lambda.metricsNamespace }),
    verification: { secrets, maxBodyBytes: settings.maxBodyBytes, toleranceMs: settings.toleranceMs },
    rules,
    queue: { sqs: sqsClientFromEnv(env), queueUrl: settings.queueUrl },
    ...(counting && { counters: new DynamoDbMessageCounters(dynamoClientFromEnv(env), settings.ledgerTableName!) }),
    onError: settings.onError,
    reportTimeoutMs: settings.reportTimeoutMs,
    clock: Date.now,
    deadlineMarginMs: lambda.deadlineMarginMs,
  };
}
