/**
 * AWS clients from the environment, the abort signal every AWS SDK call takes (`Abortable`,
 * `sdkOptions`), and the Agora credentials kept in Secrets Manager.
 */
export { agoraClientOptionsFromEnvironment, SECRET_REREAD_INTERVAL_MS, SecretTokenProvider } from './agora-secret.js';
export { dynamoClientFromEnv, s3ClientFromEnv, SECRETS_MANAGER_BOUNDS, sdkOptions, secretsManagerClientFromEnv, sqsClientFromEnv, type Abortable } from './aws-clients.js';
