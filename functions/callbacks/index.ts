/**
 * The Agora Chat callbacks ingress: pre-delivery verdicts and post-delivery rule hits, verified
 * by Agora's signature, turned into `violation.reported` events of the queue contract. Used by
 * the local stack (the same handlers behind a local HTTP server), the infrastructure (metric
 * names, the rules schema) and the CLI (rules check and test).
 */
export { handlePostDelivery } from './post-delivery.js';
export { handlePreDelivery } from './pre-delivery.js';
export { type CallbackDependencies, type CallbackResponse } from './callback-dependencies.js';
export { createCallbackHandler, requestOf, resultOf, type Endpoint } from './function-url.js';
export { callbackDependenciesFromEnv, type CallbackFunctionDependencies } from './dependencies.js';
export {
  callbacksEnvSchema,
  callbacksSettingsFromEnv,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_REPORT_TIMEOUT_MS,
  DEFAULT_TOLERANCE_SECONDS,
  MAX_TOLERANCE_SECONDS,
  OnError,
  type CallbacksSettings,
} from './callbacks-env.js';
export { callbackSecretSourceFromEnvironment, callbackSecretsFromEnvironment, type CallbackSecrets } from './callback-secret.js';
export { callbackSignature, signatureMatches } from './signature.js';
export { readCallback, RefusalKind, type CallbackReading, type CallbackRequest, type ChatMessage, type ReadOptions, type Refusal } from './read-callback.js';
export { normalizeText } from './normalize-text.js';
export { NO_RULES, parseRules, parseRulesJson, RULE_LIMITS, rulesSchema, type ParsedRules, type Rule, type RuleSet } from './rules-schema.js';
export { rulesFilePath, rulesFromEnvironment, RULES_FILE_VARIABLE, RULES_VARIABLE } from './rules-source.js';
export { compileRuleSet, contentHits, type CompiledRuleSet, type RuleHit } from './rule-set.js';
export { countingHits } from './counting-rules.js';
export { INTERNAL_ERROR_CODE, judge, PASS, type Judgement, type Verdict } from './verdict.js';
export { CALLBACK_SOURCE, violationEvent, violationEventId } from './violations.js';
export { CALLBACK_SERVICE, CallbackEndpoint, CallbackMetric } from './telemetry.js';
export { checkRulesText, testRules, type RulesCheck, type RulesTest } from './rules-report.js';
