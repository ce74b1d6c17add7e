/**
 * AWS clients from the environment, the SDK options of a call (`sdkOptions`: the signal of the
 * agora module's `CallOptions`), JSON secrets read and checked, read again when they may have
 * changed, and the Agora credentials kept in Secrets Manager.
 */
export { agoraClientOptionsWithSecret } from './agora-secret.js';
export { readJsonSecret, type SecretsReader } from './json-secret.js';
export { RereadableSecret } from './rereadable-secret.js';
export {
  dynamoClientFromEnv,
  s3ClientFromEnv,
  sdkOptions,
  secretsManagerClientFromEnv,
  sqsClientFromEnv,
  type Abortable,
} from './aws-clients.js';
