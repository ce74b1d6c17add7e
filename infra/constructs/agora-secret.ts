import type { Construct } from 'constructs';
import { ProvidedSecret, type ProvidedSecretProps } from './provided-secret.js';

/**
 * The Agora credentials (App ID and App Certificate, or an app token): whoever reads them can mint
 * tokens for the whole app, so only the functions that call Agora's REST API are granted them.
 */
export class AgoraSecret extends ProvidedSecret {
  constructor(scope: Construct, id: string, props: ProvidedSecretProps) {
    super(scope, id, props, {
      description:
        'Agora Chat credentials for agora-group-moderation. Put JSON {"appId":"<32 hex>","appCertificate":"<32 hex>"} (or {"appToken":"..."}) here with: aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://agora.json',
      createdId: 'Credentials',
    });
  }
}
