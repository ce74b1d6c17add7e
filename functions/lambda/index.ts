/**
 * The Lambda shell every function shares: one handler wrapper (middy, Powertools logger and
 * metrics, the deadline rule), lazily built dependencies, and the common settings. This face is
 * what the functions, the local stack and the stack use; tests reach the files.
 */
export { lambdaHandler, type Invocation, type LambdaHandler } from './handler.js';
export { lazyHandler, preparedHandler } from './lazy-handler.js';
export { lambdaSettingsFromEnv } from './settings.js';
export { createTelemetry, DEFAULT_METRICS_NAMESPACE, type LogLevel, type Telemetry } from './telemetry.js';
