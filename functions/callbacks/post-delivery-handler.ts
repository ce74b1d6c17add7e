/**
 * The post-delivery Lambda entry point (`handler` in CDK), behind its function URL. Its dependencies
 * are built while Lambda initialises the function (the top-level await below), not on the first
 * request: the settings and rules read, the secret fetched, the ledger table's connection open.
 * A provisioned instance is ready before it serves. A build that fails is logged and built again
 * by the first invocation, which then fails with its error.
 */
import { preparedHandler } from '../lambda/index.js';
import { callbackDependenciesFromEnv, prepareConnections } from './callback-dependencies.js';
import { createCallbackHandler } from './function-url.js';
import { handlePostDelivery } from './post-delivery.js';

const prepared = preparedHandler(async () => {
  const deps = await callbackDependenciesFromEnv('post-delivery');
  await prepareConnections(deps);
  return createCallbackHandler(handlePostDelivery, deps);
});
await prepared.ready;

export const handler = prepared.handler;
