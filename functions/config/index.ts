/**
 * Configuration from the environment: settings read with zod at start-up, problems named by
 * variable (`ConfigError`), and the `AGORA_*` settings of the client. Nothing here talks to AWS, so
 * an entry point that needs only the Agora settings (the CLI's group commands) loads no AWS SDK.
 */
export { ConfigError, setVariables } from './config-error.js';
export { agoraClientOptionsFromVariables } from './agora-env.js';
