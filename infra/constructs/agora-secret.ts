import { RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface AgoraSecretProps {
  /** An existing secret's complete ARN; without it the stack creates an empty secret. */
  secretArn?: string | undefined;
  /** The customer-managed KMS key the existing secret is encrypted with, if not the default key. */
  encryptionKeyArn?: string | undefined;
  production: boolean;
}

/**
 * The Agora credentials: an existing secret by ARN, or a new one created empty, to be filled in
 * after the first deploy (the README's deploy section shows the command).
 */
export class AgoraSecret extends Construct {
  readonly secret: ISecret;
  private readonly encryptionKeyArn: string | undefined;

  constructor(scope: Construct, id: string, props: AgoraSecretProps) {
    super(scope, id);
    this.encryptionKeyArn = props.encryptionKeyArn;
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

  /**
   * What reading the credentials takes: `GetSecretValue` (the functions call nothing else on the
   * secret), and, for a secret under a customer-managed key, `kms:Decrypt` on that key when
   * Secrets Manager asks for it. The key's policy must let this account's IAM policies grant its
   * use, as the default key policy does.
   */
  grantRead(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }));
    if (!this.encryptionKeyArn) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [this.encryptionKeyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }),
    );
  }
}
