/**
 * What the pre-delivery function does at init, before its first request: its dependencies built
 * from the environment (settings, rules, the secret read), the ledger table's connection opened,
 * and, unless told otherwise, the request path rehearsed once (see pre-delivery-warm-up.ts).
 */
import type { LambdaFunctionURLEvent, LambdaFunctionURLResult } from 'aws-lambda';
import type { LambdaHandler } from '../lambda/index.js';
import { callbackDependenciesFromEnv, prepareConnections } from './callback-dependencies.js';
import { createCallbackHandler } from './function-url.js';
import { handlePreDelivery } from './pre-delivery.js';
import { warmUpPreDelivery } from './pre-delivery-warm-up.js';

export interface PreDeliveryInitOptions {
  /** Rehearse the request path at init. @default true */
  warmUp?: boolean;
}

/** @throws {ConfigError} naming each bad variable (see `callbackDependenciesFromEnv`). */
export async function preDeliveryHandlerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: PreDeliveryInitOptions = {},
): Promise<LambdaHandler<LambdaFunctionURLEvent, LambdaFunctionURLResult>> {
  const deps = await callbackDependenciesFromEnv('pre-delivery', env);
  await prepareConnections(deps);
  if (options.warmUp ?? true) await warmUpPreDelivery(deps);
  return createCallbackHandler(handlePreDelivery, deps);
}
