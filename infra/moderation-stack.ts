import { Annotations, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { warnAboutAccountConcurrency } from './account-concurrency.js';
import { reservedConcurrencyOf, type DeploymentConfig } from './config.js';
import { AgoraSecret } from './constructs/agora-secret.js';
import { CallbackSecret } from './constructs/callback-secret.js';
import { CallbacksFunctions } from './constructs/callbacks-functions.js';
import { CallbacksMonitoring } from './constructs/callbacks-monitoring.js';
import { LedgerTable } from './constructs/ledger-table.js';
import { ModerationFunction } from './constructs/moderation-function.js';
import { ModerationQueue } from './constructs/moderation-queue.js';
import { Monitoring } from './constructs/monitoring.js';
import { OutputBucket } from './constructs/output-bucket.js';
import { ScheduledJobs } from './constructs/scheduled-jobs.js';
import { acknowledgeNagFindings } from './nag-acknowledgements.js';

/** The whole product: one construct per concern, sharing one settings object. */
export class ModerationStack extends Stack {
  readonly queue: ModerationQueue;
  readonly moderation: ModerationFunction;
  readonly jobs: ScheduledJobs;
  readonly outputs: OutputBucket;
  readonly monitoring: Monitoring;
  readonly callbacks: CallbacksFunctions;

  constructor(scope: Construct, id: string, config: DeploymentConfig, props: StackProps = {}) {
    super(scope, id, {
      description: 'agora-group-moderation: moderation pipeline, audits and exports for Agora Chat groups',
      ...props,
    });
    const removalPolicy = config.production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const agoraSecret = new AgoraSecret(this, 'Agora', {
      secretArn: config.agora.secretArn,
      encryptionKeyArn: config.agora.secretKeyArn,
      production: config.production,
    });
    this.queue = new ModerationQueue(this, 'Queue', {
      functionTimeout: ModerationQueue.timeoutOf(config),
      maxReceiveCount: config.moderation.maxReceiveCount,
    });
    const ledger = new LedgerTable(this, 'Ledger', { production: config.production }).table;
    this.moderation = new ModerationFunction(this, 'Moderation', {
      config,
      queue: this.queue.queue,
      deadLetterQueue: this.queue.deadLetterQueue,
      ledger,
      secret: agoraSecret,
      removalPolicy,
    });
    this.outputs = new OutputBucket(this, 'Outputs', {
      retentionDays: config.outputRetentionDays,
      removalPolicy,
      autoDelete: !config.production,
    });
    this.jobs = new ScheduledJobs(this, 'Jobs', {
      config,
      bucket: this.outputs.bucket,
      secret: agoraSecret,
      ledger,
      moderationQueue: this.queue.queue,
      removalPolicy,
    });
    const callbackSecret = new CallbackSecret(this, 'CallbackSecret', {
      secretArn: config.callbacks.secretArn,
      encryptionKeyArn: config.callbacks.secretKeyArn,
      production: config.production,
    });
    this.callbacks = new CallbacksFunctions(this, 'Callbacks', {
      config,
      queue: this.queue.queue,
      ledger,
      secret: callbackSecret,
      removalPolicy,
    });
    this.monitoring = new Monitoring(this, 'Monitoring', {
      alarmEmail: config.alarmEmail,
      moderationQueue: this.queue.queue,
      deadLetterQueues: {
        ModerationEvents: this.queue.deadLetterQueue,
        BanExpiries: this.moderation.banExpiryDeadLetters,
        Jobs: this.jobs.deadLetterQueue,
      },
      functions: [this.moderation.function, this.jobs.audit, this.jobs.export],
      floodBoundedFunctions: [this.callbacks.preDelivery, this.callbacks.postDelivery],
      scheduleGroups: { jobs: this.jobs.scheduleGroup, bans: this.moderation.banScheduleGroup },
    });
    new CallbacksMonitoring(this, 'CallbacksMonitoring', {
      monitoring: this.monitoring,
      preDelivery: this.callbacks.preDelivery,
      postDelivery: this.callbacks.postDelivery,
      ruleNames: config.callbacks.rules.rules.map((rule) => rule.name),
      latencyAlarmMs: config.callbacks.preDelivery.latencyAlarmMs,
      silenceAlarms: {
        'pre-delivery': config.callbacks.preDelivery.silenceAlarm,
        'post-delivery': config.callbacks.postDelivery.silenceAlarm,
      },
    });

    if (!config.alarmEmail) {
      Annotations.of(this).addWarningV2(
        'groupmod:noAlarmEmail',
        'groupmod.alarmEmail is not set: alarms reach the alarm topic (output AlarmTopicArn) and nobody else until someone subscribes to it',
      );
    }
    warnAboutAccountConcurrency(
      this,
      {
        moderation: this.moderation.maxConcurrency,
        ...this.jobs.maxConcurrency,
        reserved: reservedConcurrencyOf(config),
      },
      config.accountConcurrencyLimit,
    );

    new CfnOutput(this, 'PreDeliveryCallbackUrl', {
      value: this.callbacks.preDeliveryUrl.url,
      description: 'Agora Console: the URL of the pre-delivery callback rule',
    });
    new CfnOutput(this, 'PostDeliveryCallbackUrl', {
      value: this.callbacks.postDeliveryUrl.url,
      description: 'Agora Console: the URL of the post-delivery callback rule',
    });
    new CfnOutput(this, 'ModerationQueueUrl', {
      value: this.queue.queue.queueUrl,
      description: 'MODERATION_QUEUE_URL for groupmod events send',
    });
    new CfnOutput(this, 'ModerationQueueArn', {
      value: this.queue.queue.queueArn,
      description: 'the destination of a DLQ redrive',
    });
    new CfnOutput(this, 'DeadLetterQueueUrl', {
      value: this.queue.deadLetterQueue.queueUrl,
      description: 'parked moderation events, with failure-kind and failure-reason',
    });
    new CfnOutput(this, 'DeadLetterQueueArn', {
      value: this.queue.deadLetterQueue.queueArn,
      description: 'the source of a DLQ redrive',
    });
    new CfnOutput(this, 'BanExpiryDeadLetterQueueUrl', {
      value: this.moderation.banExpiryDeadLetters.queueUrl,
      description: 'ban expiries Scheduler could not deliver',
    });
    new CfnOutput(this, 'JobsDeadLetterQueueUrl', {
      value: this.jobs.deadLetterQueue.queueUrl,
      description: 'failed audit and export runs',
    });
    new CfnOutput(this, 'OutputBucketName', {
      value: this.outputs.bucket.bucketName,
      description: 'OUTPUT_BUCKET: audit and export runs',
    });
    new CfnOutput(this, 'LedgerTableName', { value: ledger.tableName });
    new CfnOutput(this, 'AgoraSecretArn', {
      value: agoraSecret.secret.secretArn,
      description: 'put the Agora credentials here',
    });
    new CfnOutput(this, 'CallbackSecretArn', {
      value: callbackSecret.secret.secretArn,
      description: 'put the secrets of the Agora Console callback rules here (callbackSecret)',
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.monitoring.alarmTopic.topic.topicArn,
      description: 'alarm notifications: subscribe whoever is on call',
    });
    // CloudFormation names the functions: the outputs say which is which, for aws lambda invoke and the logs.
    const functionNames = {
      ModerationFunctionName: [this.moderation.function, 'the moderation function (SQS events, ban expiries)'],
      AuditFunctionName: [
        this.jobs.audit,
        'the audit function: aws lambda invoke runs an audit, a jobs DLQ record is run again here',
      ],
      ExportFunctionName: [this.jobs.export, 'the export function: aws lambda invoke runs an export'],
      PreDeliveryFunctionName: [this.callbacks.preDelivery, 'the pre-delivery callbacks function'],
      PostDeliveryFunctionName: [this.callbacks.postDelivery, 'the post-delivery callbacks function'],
    } as const;
    for (const [id, [fn, description]] of Object.entries(functionNames))
      new CfnOutput(this, id, { value: fn.functionName, description });

    acknowledgeNagFindings(this, {
      outputBucket: this.outputs.bucket,
      outputBucketPrefixes: this.jobs.bucketPrefixes,
      banSchedulesArn: this.moderation.banSchedulesArn,
      scheduledFunctions: [this.jobs.audit, this.jobs.export],
      createdSecrets: { agora: agoraSecret.created, callbacks: callbackSecret.created },
      schedulerDeadLetterQueues: [this.moderation.banExpiryDeadLetters],
    });
  }
}
