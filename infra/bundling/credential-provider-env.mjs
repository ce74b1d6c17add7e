// The AWS SDK's default credential provider for the functions' bundles (see FUNCTION_BUNDLING):
// in Lambda the execution role's credentials are in the environment (AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, set by the runtime), the first link of the SDK's
// default chain. The rest of that chain (SSO, shared ini files, credential processes, web
// identity, container and instance metadata, with the STS and SSO clients they bring) never runs
// there, yet is a fifth of a callbacks bundle that every cold start compiles, and brings
// child_process, dgram and worker_threads in at import. Missing credentials fail every call with
// the SDK's own error naming the variables.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init = {}) => fromEnv(init);
