import type { Construct } from 'constructs';
import { ProvidedSecret, type ProvidedSecretProps } from './provided-secret.js';

/**
 * The secrets of the Agora Console callback rules, apart from the Agora credentials: the callbacks
 * functions answer anyone on the internet, so they read these and nothing that could mint app
 * tokens, and no other function reads these.
 */
export class CallbackSecret extends ProvidedSecret {
  constructor(scope: Construct, id: string, props: ProvidedSecretProps) {
    super(scope, id, props, {
      description:
        'Agora Chat callback rule secrets for agora-group-moderation. Put JSON {"callbackSecret":["<rule secret>", ...]} here with: aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://callbacks.json',
      createdId: 'RuleSecrets',
    });
  }
}
