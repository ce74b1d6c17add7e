/**
 * The pre-delivery Lambda entry point (`handler` in CDK), behind its function URL. Its dependencies
 * are built while Lambda initialises the function (the top-level await below), not on the first
 * request: the settings and rules read, the secret fetched, the ledger table's connection open.
 * A provisioned instance is ready before it serves. A build that fails is logged and built again
 * by the first invocation, which then fails with its error.
 */
import { preparedHandler } from '../lambda/index.js';
import { callbackDependenciesFromEnv, prepareConnections } from './dependencies.js';
import { createCallbackHandler } from './function-url.js';
import { handlePreDelivery } from './pre-delivery.js';

// Every module above has been evaluated: what follows is init's own work. The mark costs nothing
// and lets a profile or the cold-start benchmark (bench/cold-start-driver.mjs) tell the import from init.
performance.mark('pre-delivery:init');

const prepared = preparedHandler(async () => {
  const deps = await callbackDependenciesFromEnv('pre-delivery');
  await prepareConnections(deps);
  return createCallbackHandler(handlePreDelivery, deps);
});
await prepared.ready;

export const handler = prepared.handler;
