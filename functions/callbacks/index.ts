/**
 * The Agora Chat callbacks ingress: pre-delivery verdicts and post-delivery rule hits, verified
 * by Agora's signature, turned into `violation.reported` events of the queue contract. Used by
 * the local stack (the same handlers behind a local HTTP server), the infrastructure (settings'
 * bounds, metric names) and the benchmarks. The rules themselves are the rules module's.
 */
export { handlePostDelivery } from './post-delivery.js';
export { handlePreDelivery } from './pre-delivery.js';
export { type CallbackDependencies } from './callback-dependencies.js';
export { createCallbackHandler } from './function-url.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REPORT_TIMEOUT_MS,
  DEFAULT_TOLERANCE_SECONDS,
  MAX_TOLERANCE_SECONDS,
} from './callbacks-env.js';
export { callbackSecretsFromEnvironment } from './callback-secret.js';
export { callbackSignature } from './signature.js';
export { rulesFromEnvironment } from './rules-source.js';
export { CALLBACK_SOURCE } from './violations.js';
export { CALLBACK_SERVICE, CallbackEndpoint, CallbackMetric } from './telemetry.js';
