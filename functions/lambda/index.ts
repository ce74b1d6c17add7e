/**
 * The Lambda shell every function shares: one handler wrapper (middy, Powertools logger and
 * metrics, the deadline rule), lazily built dependencies, and the common settings.
 */
export { invocationOf, lambdaHandler, type HandlerOptions, type Invocation, type LambdaHandler } from './handler.js';
export { lazyHandler, preparedHandler, type PreparedHandler } from './lazy-handler.js';
export { lambdaEnvSchema, lambdaSettingsFromEnv, type LambdaSettings } from './settings.js';
export { createTelemetry, DEFAULT_METRICS_NAMESPACE, type LogLevel, type Telemetry, type TelemetryOptions } from './telemetry.js';
