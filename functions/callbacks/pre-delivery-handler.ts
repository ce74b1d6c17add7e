/** The pre-delivery Lambda entry point (`handler` in CDK), behind its function URL. */
import { lazyHandler } from '../lambda/index.js';
import { callbackDependenciesFromEnv } from './dependencies.js';
import { createCallbackHandler } from './function-url.js';
import { handlePreDelivery } from './pre-delivery.js';

export const handler = lazyHandler(async () => createCallbackHandler(handlePreDelivery, await callbackDependenciesFromEnv('pre-delivery')));
