/**
 * The pre-delivery Lambda entry point (`handler` in CDK), behind its function URL. Its dependencies
 * are built while Lambda initialises the function (the top-level await below), not on the first
 * request: the settings and rules read, the secret fetched, the ledger table's and the queue's
 * connections open, and the request path run once on a synthetic callback that records and sends
 * nothing (see pre-delivery-init.ts). A provisioned instance is ready before it serves. A build
 * that fails is logged and built again by the first invocation, which then fails with its error.
 */
import { preparedHandler } from '../lambda/index.js';
import { preDeliveryHandlerFromEnv } from './pre-delivery-init.js';

// Every module above has been evaluated: what follows is init's own work. The mark costs nothing
// and lets a profile or the cold-start benchmark (bench/cold-start-driver.mjs) tell the import from init.
performance.mark('pre-delivery:init');

const prepared = preparedHandler(() => preDeliveryHandlerFromEnv());
await prepared.ready;

export const handler = prepared.handler;
