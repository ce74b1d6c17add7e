/**
 * Configuration from the environment and AWS clients: what every entry point (the functions, the
 * CLI, the local stack) reads at start-up, and nothing else.
 */
export { ConfigError, setVariables } from './config-error.js';
export { agoraClientOptionsFromEnv, agoraEnvSchema } from './agora-env.js';
export { agoraClientOptionsFromEnvironment, SECRET_REREAD_INTERVAL_MS, SecretTokenProvider } from './agora-secret.js';
export { dynamoClientFromEnv, s3ClientFromEnv, sdkOptions, sqsClientFromEnv, type Abortable } from './aws-clients.js';
