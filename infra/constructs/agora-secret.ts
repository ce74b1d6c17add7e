import { RemovalPolicy, SecretValue } from 'aws-cdk-lib';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/**
 * The Agora credentials: an existing secret by ARN, or a new one created empty, to be filled in
 * after the first deploy (the README's deploy section shows the command).
 */
export class AgoraSecret extends Construct {
  readonly secret: ISecret;

  constructor(scope: Construct, id: string, props: { secretArn?: string | undefined; production: boolean }) {
    super(scope, id);
    this.secret = props.secretArn
      ? Secret.fromSecretCompleteArn(this, 'Existing', props.secretArn)
      : new Secret(this, 'Credentials', {
          description:
            'Agora Chat credentials for agora-group-moderation. Put JSON {"appId":"<32 hex>","appCertificate":"<32 hex>"} (or {"appToken":"..."}) here with: aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://agora.json',
          // Empty on purpose: nothing secret is in the template; the functions say what is missing.
          secretStringValue: SecretValue.unsafePlainText('{}'),
          removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
  }
}
