import { RemovalPolicy, SecretValue, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface ProvidedSecretProps {
  /** An existing secret's complete ARN; without it the stack creates an empty secret. */
  secretArn?: string | undefined;
  /** The customer-managed KMS key the existing secret is encrypted with, if not the default key. */
  encryptionKeyArn?: string | undefined;
  production: boolean;
}

export interface SecretContent {
  /** The created secret's description: what to put in it, and the command that does. */
  description: string;
  /**
   * The created secret's construct id. It names the CloudFormation resource: changing it would
   * replace the secret and lose what the operator put in it.
   */
  createdId: string;
}

/**
 * A secret the operator fills in: an existing one by ARN, or a new one created empty, to be
 * filled after the first deploy (the README's deploy section shows the commands). Nothing secret
 * is ever in the template.
 */
export class ProvidedSecret extends Construct {
  readonly secret: ISecret;
  /** The secret the stack created, when it did (cdk-nag's rotation finding is acknowledged on it). */
  readonly created: Secret | undefined;
  private readonly encryptionKeyArn: string | undefined;

  protected constructor(scope: Construct, id: string, props: ProvidedSecretProps, content: SecretContent) {
    super(scope, id);
    this.encryptionKeyArn = props.encryptionKeyArn;
    this.created = props.secretArn
      ? undefined
      : new Secret(this, content.createdId, {
          description: content.description,
          // Empty on purpose: nothing secret is in the template; the functions say what is missing.
          secretStringValue: SecretValue.unsafePlainText('{}'),
          removalPolicy: props.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
    this.secret = this.created ?? Secret.fromSecretCompleteArn(this, 'Existing', props.secretArn!);
  }

  /**
   * What reading the secret takes: `GetSecretValue` (the functions call nothing else on it), and,
   * for a secret under a customer-managed key, `kms:Decrypt` on that key when Secrets Manager
   * asks for it. The key's policy must let this account's IAM policies grant its use, as the
   * default key policy does.
   */
  grantRead(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [this.secret.secretArn] }),
    );
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
