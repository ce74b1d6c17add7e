import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias, FunctionUrlAuthType, type FunctionUrl, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CALLBACK_SERVICE } from '../../functions/callbacks/index.js';
import { CLAIM_KEY_PREFIX, COUNTER_KEY_PREFIXES } from '../../functions/ledger/index.js';
import type { DeploymentConfig } from '../config.js';
import type { CallbackSecret } from './callback-secret.js';
import { nodeFunction } from './node-function.js';
import { grantSendMessage } from './queue-access.js';

export interface CallbacksFunctionsProps {
  config: DeploymentConfig;
  queue: Queue;
  ledger: TableV2;
  /** The Console rules' secrets (`callbackSecret`): the only secret these functions may read. */
  secret: CallbackSecret;
  removalPolicy: RemovalPolicy;
}

/**
 * The Agora Chat callbacks ingress: a function per endpoint, each behind a Lambda function URL
 * with auth NONE (Agora cannot sign with AWS credentials: the callback signature, checked in the
 * code, is the authentication). Two functions rather than one: a flood of post-delivery
 * callbacks cannot take the concurrency that pre-delivery verdicts need within Agora's timeout,
 * and each has only its own permissions. Reserved concurrency bounds each one's cost. Being
 * public, they read the callback rules' secrets from a secret of their own and never the Agora
 * credentials.
 */
/** An IAM condition that lets a DynamoDB action reach only the items whose partition key starts with one of `prefixes`. */
const onlyPartitions = (prefixes: readonly string[]) => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
});

/** The rules' file in each callbacks function's code (its task root). */
export const RULES_FILE_NAME = 'rules.json';

/** The alias that holds the pre-delivery function's provisioned concurrency, and its URL. */
export const PROVISIONED_ALIAS = 'live';

export class CallbacksFunctions extends Construct {
  readonly preDelivery: NodejsFunction;
  /** The alias `live` with the provisioned concurrency, when `callbacks.preDelivery.provisionedConcurrency` is above 0. */
  readonly preDeliveryAlias: Alias | undefined;
  readonly postDelivery: NodejsFunction;
  readonly preDeliveryUrl: FunctionUrl;
  readonly postDeliveryUrl: FunctionUrl;

  constructor(scope: Construct, id: string, props: CallbacksFunctionsProps) {
    super(scope, id);
    const { config, queue, ledger, secret } = props;
    const { callbacks } = config;
    // The rules travel in the functions' code, as rules.json beside the bundle, read once at init
    // (functions/callbacks/rules-source.ts): the documented limits (50 rules of 2,000 terms) are
    // megabytes, the environment holds 4 KB, and a file costs a cold start no request, unlike a
    // parameter read at init. The file is written here, copied in after bundling, and its content
    // is part of the asset's hash: a change of rules deploys new code.
    const rulesDir = mkdtempSync(join(tmpdir(), 'groupmod-rules-'));
    const rulesFile = join(rulesDir, RULES_FILE_NAME);
    writeFileSync(rulesFile, JSON.stringify(callbacks.rules));
    const environment = {
      MODERATION_QUEUE_URL: queue.queueUrl,
      MODERATION_RULES_FILE: RULES_FILE_NAME,
      AGORA_CALLBACK_SECRET_ARN: secret.secret.secretArn,
      CALLBACK_TOLERANCE_SECONDS: String(callbacks.toleranceSeconds),
      CALLBACK_MAX_BODY_BYTES: String(callbacks.maxBodyBytes),
      CALLBACK_ON_ERROR: callbacks.onError,
      // Short functions: outbound calls stop 1 s before the end.
      DEADLINE_MARGIN_SECONDS: '1',
    };
    const endpoint = (
      name: 'PreDelivery' | 'PostDelivery',
      entry: string,
      settings: {
        timeout: Duration;
        memorySize: number;
        reservedConcurrency: number | null;
        extra?: Record<string, string>;
        urlTarget?: (fn: NodejsFunction) => IFunction;
      },
    ) => {
      const fn = nodeFunction(this, name, {
        entry,
        timeout: settings.timeout,
        memorySize: settings.memorySize,
        ...(settings.reservedConcurrency !== null && { reservedConcurrency: settings.reservedConcurrency }),
        logRetentionDays: config.logRetentionDays,
        removalPolicy: props.removalPolicy,
        assetFiles: { [RULES_FILE_NAME]: rulesFile },
        environment: {
          ...environment,
          POWERTOOLS_SERVICE_NAME: CALLBACK_SERVICE[name === 'PreDelivery' ? 'pre-delivery' : 'post-delivery'],
          ...settings.extra,
        },
      });
      grantSendMessage(queue, fn);
      secret.grantRead(fn);
      const target = settings.urlTarget?.(fn) ?? fn;
      return { fn, target, url: target.addFunctionUrl({ authType: FunctionUrlAuthType.NONE }) };
    };

    // More memory is more CPU: a faster verdict and a shorter cold start, inside Agora's 200 ms.
    const pre = endpoint('PreDelivery', 'callbacks/pre-delivery-handler.ts', {
      timeout: Duration.seconds(5),
      memorySize: 1024,
      reservedConcurrency: callbacks.preDelivery.reservedConcurrency,
      extra: { LEDGER_TABLE_NAME: ledger.tableName },
      // Provisioned concurrency lives on a version or an alias, never on $LATEST, and an instance
      // serves it only when invoked through that qualifier: the URL Agora calls is the alias's.
      // The instances are initialised ahead (secret read, table connection open: see the handler),
      // so a scale-out inside their number meets no cold start.
      ...(callbacks.preDelivery.provisionedConcurrency > 0 && {
        urlTarget: (fn: NodejsFunction) =>
          new Alias(this, 'PreDeliveryLive', {
            aliasName: PROVISIONED_ALIAS,
            version: fn.currentVersion,
            provisionedConcurrentExecutions: callbacks.preDelivery.provisionedConcurrency,
          }),
      }),
    });
    // The callId claims (functions/ledger/dynamodb-callback-claims.ts): conditional puts of the
    // `CALL#` items only; the verdicts read and write nothing else in the ledger.
    pre.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [ledger.tableArn],
        conditions: onlyPartitions([CLAIM_KEY_PREFIX]),
      }),
    );
    const post = endpoint('PostDelivery', 'callbacks/post-delivery-handler.ts', {
      timeout: Duration.seconds(15),
      memorySize: 512,
      reservedConcurrency: callbacks.postDelivery.reservedConcurrency,
      extra: { LEDGER_TABLE_NAME: ledger.tableName },
    });
    // The callId claims, and the counters of flood and repeat rules: conditional puts and
    // updates, and bounded queries, of their own items only. A public function must not be able
    // to touch a ban, a group's state or a processed marker.
    post.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [ledger.tableArn],
        conditions: onlyPartitions([CLAIM_KEY_PREFIX, ...Object.values(COUNTER_KEY_PREFIXES)]),
      }),
    );
    // Bundling has run (it runs as each function is created): the copies are in the assets.
    rmSync(rulesDir, { recursive: true, force: true });
    this.preDelivery = pre.fn;
    this.preDeliveryAlias = pre.target instanceof Alias ? pre.target : undefined;
    this.preDeliveryUrl = pre.url;
    this.postDelivery = post.fn;
    this.postDeliveryUrl = post.url;
  }
}
