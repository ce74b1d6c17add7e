import { Duration, Stack, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { moderationConcurrency, type DeploymentConfig } from '../config.js';
import { agoraEnvironment } from './agora-environment.js';
import type { AgoraSecret } from './agora-secret.js';
import { ModerationQueue, QUEUE_RETENTION } from './moderation-queue.js';
import { nodeFunction } from './node-function.js';
import { consumeQueue, grantSendMessage } from './queue-access.js';

export interface ModerationFunctionProps {
  config: DeploymentConfig;
  queue: Queue;
  deadLetterQueue: Queue;
  ledger: TableV2;
  secret: AgoraSecret;
  removalPolicy: RemovalPolicy;
}

/**
 * The moderation Lambda on the FIFO queue, and the schedule group and role its timed bans use.
 * Its permissions are exactly what the handler calls.
 */
export class ModerationFunction extends Construct {
  readonly function: NodejsFunction;
  readonly banScheduleGroup: ScheduleGroup;
  /** Ban expiries Scheduler could not deliver (Scheduler's DLQs are standard queues). */
  readonly banExpiryDeadLetters: Queue;
  readonly maxConcurrency: number;
  /** The schedules the handler may create: those of its own ban schedule group. */
  readonly banSchedulesArn: string;

  constructor(scope: Construct, id: string, props: ModerationFunctionProps) {
    super(scope, id);
    const { config, queue, deadLetterQueue, ledger, secret } = props;
    const { maxConcurrency, perInstanceRate } = moderationConcurrency(config);
    this.maxConcurrency = maxConcurrency;

    this.banScheduleGroup = new ScheduleGroup(this, 'TimedBans', { removalPolicy: props.removalPolicy });
    this.banSchedulesArn = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.banScheduleGroup.scheduleGroupName}/*`,
    });
    // Scheduler assumes the role only for schedules of this account's ban schedule group.
    const schedulerRole = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': this.banScheduleGroup.scheduleGroupArn,
          },
        },
      }),
      description: 'EventBridge Scheduler sends ban.expire events to the moderation queue',
    });
    this.banExpiryDeadLetters = new Queue(this, 'BanExpiryDeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    grantSendMessage(queue, schedulerRole);
    grantSendMessage(this.banExpiryDeadLetters, schedulerRole);

    this.function = nodeFunction(this, 'Handler', {
      entry: 'moderation/delivery/handler.ts',
      timeout: ModerationQueue.timeoutOf(config),
      logRetentionDays: config.logRetentionDays,
      removalPolicy: props.removalPolicy,
      environment: {
        ...agoraEnvironment(config, secret.secret, perInstanceRate),
        MODERATION_QUEUE_URL: queue.queueUrl,
        MODERATION_DLQ_URL: deadLetterQueue.queueUrl,
        LEDGER_TABLE_NAME: ledger.tableName,
        MODERATION_POLICY: JSON.stringify(config.moderation.policy),
        BAN_SCHEDULE_GROUP: this.banScheduleGroup.scheduleGroupName,
        BAN_SCHEDULER_ROLE_ARN: schedulerRole.roleArn,
        MODERATION_QUEUE_ARN: queue.queueArn,
        BAN_SCHEDULE_DLQ_ARN: this.banExpiryDeadLetters.queueArn,
        // The handler parks a record when its own failures span the retry window, before the
        // queue's retention would drop it, and at the latest one receive before the queue's redrive.
        MODERATION_MAX_RECEIVE_COUNT: String(config.moderation.maxReceiveCount),
        RETRY_WINDOW_SECONDS: String(config.moderation.retryWindowSeconds),
        MODERATION_QUEUE_RETENTION_SECONDS: String(QUEUE_RETENTION.toSeconds()),
        POWERTOOLS_SERVICE_NAME: 'moderation',
      },
    });
    const fn = this.function;
    consumeQueue(fn, queue, { batchSize: config.moderation.batchSize, maxConcurrency, reportBatchItemFailures: true });
    // The handler hands failed records back with a backoff (ChangeMessageVisibilityBatch) and parks
    // permanent failures in the DLQ itself.
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:ChangeMessageVisibility'], resources: [queue.queueArn] }));
    grantSendMessage(deadLetterQueue, fn);
    // A ban expiry already due when its ban is finished is sent to the queue directly, not scheduled.
    grantSendMessage(queue, fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: [ledger.tableArn],
      }),
    );
    secret.grantRead(fn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['scheduler:CreateSchedule'],
        resources: [this.banSchedulesArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }
}
