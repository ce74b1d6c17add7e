import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';

/**
 * Where audits and exports write: private, encrypted, TLS only, versioned, runs expiring after
 * the retention, with access logs in a bucket of their own. S3 delivers those logs under the log
 * bucket's policy, so that bucket disables ACLs; this construct sets the
 * `serverAccessLogsUseBucketPolicy` flag for its buckets itself, as cdk.json does for the app,
 * so it holds in any app.
 */
export class OutputBucket extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;

  constructor(
    scope: Construct,
    id: string,
    props: { retentionDays: number; removalPolicy: RemovalPolicy; autoDelete: boolean },
  ) {
    super(scope, id);
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const common = {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      removalPolicy: props.removalPolicy,
      autoDeleteObjects: props.autoDelete,
    };
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      ...common,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(Math.max(props.retentionDays, 90)) }],
    });
    this.bucket = new Bucket(this, 'Runs', {
      ...common,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'runs/',
      lifecycleRules: [
        {
          expiration: Duration.days(props.retentionDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
        // Expiring a current version leaves a delete marker; once its old versions are gone too it
        // is all that is left. S3 refuses this in the same rule as a dated expiration.
        { expiredObjectDeleteMarker: true },
      ],
    });
  }
}
