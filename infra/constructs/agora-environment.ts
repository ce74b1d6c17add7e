import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { DeploymentConfig } from '../config.js';

/** The `AGORA_*` variables every function gets; the credentials stay in the secret. */
export function agoraEnvironment(config: DeploymentConfig, secret: ISecret, rateLimit: number): Record<string, string> {
  return {
    AGORA_BASE_URL: config.agora.baseUrl,
    AGORA_ORG: config.agora.org,
    AGORA_APP: config.agora.app,
    AGORA_SECRET_ARN: secret.secretArn,
    AGORA_RATE_LIMIT: String(rateLimit),
    AGORA_JOINED_RATE_LIMIT: String(Math.min(config.agora.joinedRateLimit, rateLimit)),
  };
}
