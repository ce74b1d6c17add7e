import { Duration, TimeZone, type RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { RecursiveLoop, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleGroup, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { AUDIT_JOB } from '../../functions/audit/index.js';
import { GROUPS_EXPORT_JOB, JOINED_EXPORT_JOB, USERS_INPUT_PREFIX } from '../../functions/export/index.js';
import type { DeploymentConfig } from '../config.js';
import { agoraEnvironment } from './agora-environment.js';
import type { AgoraSecret } from './agora-secret.js';
import { nodeFunction } from './node-function.js';
import { consumeQueue, grantSendMessage, queueDestination } from './queue-access.js';

export interface ScheduledJobsProps {
  config: DeploymentConfig;
  bucket: Bucket;
  secret: AgoraSecret;
  ledger: TableV2;
  moderationQueue: Queue;
  removalPolicy: RemovalPolicy;
}

/** How long a job may run per invocation before it checkpoints: Lambda's limit. */
const JOB_TIMEOUT = Duration.minutes(15);
/** A continuation queue's event source concurrency: SQS mappings allow no fewer than 2. */
const CONTINUATION_CONCURRENCY = 2;

/**
 * Lambda's own retries of a scheduled run that threw (it runs them asynchronously). One more
 * attempt covers a passing fault (a throttle, an Agora outage); a run that fails twice will fail
 * again, so it goes to the jobs DLQ, and its alarm, after at most two runs instead of Lambda's
 * default three.
 */
const JOB_RETRY_ATTEMPTS = 1;

/**
 * The audit and export functions, each with a continuation queue it resumes from, and their
 * cron schedules. Every way a run can be lost ends in the jobs DLQ, which raises an alarm: an
 * invocation Scheduler could not make (after its retries), a scheduled run that kept failing
 * (Lambda's on-failure destination), a continuation that kept failing (the queue's redrive).
 */
export class ScheduledJobs extends Construct {
  readonly audit: NodejsFunction;
  readonly export: NodejsFunction;
  readonly deadLetterQueue: Queue;
  /** The stack's own group for the cron schedules, so their metrics are this stack's alone. */
  readonly scheduleGroup: ScheduleGroup;
  readonly schedules: Schedule[] = [];
  /** The most instances the jobs may run at once: each continuation mapping's, and a run per schedule. */
  readonly maxConcurrency: { continuations: number; scheduledRuns: number };
  /** Every key prefix of the bucket a job function may read (its own runs, the export's user lists). */
  readonly bucketPrefixes: string[] = [];

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    const { config, bucket, secret } = props;
    const queueDefaults = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    } as const;
    this.deadLetterQueue = new Queue(this, 'DeadLetters', queueDefaults);

    /** `runs`: the job names whose runs the function reads and writes; `inputs`: prefixes it only reads. */
    const job = (
      name: 'audit' | 'export',
      entry: string,
      access: { runs: string[]; inputs?: string[] },
      extra: Record<string, string>,
    ) => {
      const continuations = new Queue(this, `${name}Continuations`, {
        ...queueDefaults,
        visibilityTimeout: Duration.seconds(JOB_TIMEOUT.toSeconds() * 6),
        deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
      });
      const fn = nodeFunction(this, name === 'audit' ? 'Audit' : 'Export', {
        entry,
        timeout: JOB_TIMEOUT,
        memorySize: 1024,
        logRetentionDays: config.logRetentionDays,
        removalPolicy: props.removalPolicy,
        environment: {
          ...agoraEnvironment(config, secret.secret, config.agora.rateLimit),
          OUTPUT_BUCKET: bucket.bucketName,
          JOBS_QUEUE_URL: continuations.queueUrl,
          POWERTOOLS_SERVICE_NAME: name,
          ...extra,
        },
      });
      // A run goes on by sending a continuation to its own queue, and the SDK passes the
      // invocation's trace header on: Lambda's recursive loop detection (Terminate by default)
      // would stop every chain after about 16 invocations, and a long audit or export (a joined
      // export beyond some 600k users) would never finish. The loop is the design, and bounded:
      // a continuation resumes only from a checkpoint the runner saved, each written once and
      // numbered; one whose run has its manifest or a newer checkpoint is dropped; the chain ends
      // with the run's last page; one that keeps failing goes to the jobs DLQ after its receives.
      (fn.node.defaultChild as CfnFunction).recursiveLoop = RecursiveLoop.ALLOW;
      fn.configureAsyncInvoke({ retryAttempts: JOB_RETRY_ATTEMPTS, onFailure: queueDestination(this.deadLetterQueue) });
      // One continuation at a time: a run resumes in a single invocation.
      consumeQueue(fn, continuations, { batchSize: 1, maxConcurrency: CONTINUATION_CONCURRENCY });
      grantSendMessage(continuations, fn);
      secret.grantRead(fn);
      // Each function reads and writes its own runs only (the previous audit, checkpoints), never
      // deletes, and reads nothing else but its inputs. Listing shows key names only; without it
      // S3 answers 403 instead of 404 for a missing key, which the runner asks for.
      const runs = access.runs.map((job) => `${job}/`);
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
          resources: runs.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
        }),
      );
      if (access.inputs)
        fn.addToRolePolicy(
          new PolicyStatement({
            actions: ['s3:GetObject'],
            resources: access.inputs.map((prefix) => bucket.arnForObjects(`${prefix}*`)),
          }),
        );
      fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
      this.bucketPrefixes.push(...runs, ...(access.inputs ?? []));
      return fn;
    };

    this.audit = job(
      'audit',
      'audit/handler.ts',
      { runs: [AUDIT_JOB] },
      {
        LEDGER_TABLE_NAME: props.ledger.tableName,
        AUDIT_BANNED_TERMS: config.audit.bannedTerms.join(','),
        AUDIT_NEAR_CAPACITY: String(config.audit.nearCapacity),
        AUDIT_REPAIR: String(config.audit.repair),
        ...(config.audit.repair && { MODERATION_QUEUE_URL: props.moderationQueue.queueUrl }),
      },
    );
    this.audit.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Scan'], resources: [props.ledger.tableArn] }));
    if (config.audit.repair) grantSendMessage(props.moderationQueue, this.audit);
    this.export = job(
      'export',
      'export/handler.ts',
      { runs: [GROUPS_EXPORT_JOB, JOINED_EXPORT_JOB], inputs: [USERS_INPUT_PREFIX] },
      {},
    );

    this.scheduleGroup = new ScheduleGroup(this, 'Schedules', { removalPolicy: props.removalPolicy });
    const timeZone = TimeZone.of(config.scheduleTimeZone);
    const target = (fn: NodejsFunction, input: object) =>
      new LambdaInvoke(fn, {
        input: ScheduleTargetInput.fromObject(input),
        retryAttempts: 3,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      });
    this.schedules.push(
      new Schedule(this, 'DailyAudit', {
        description: 'Audit every group: snapshot, findings, changes since the last run',
        scheduleGroup: this.scheduleGroup,
        schedule: ScheduleExpression.expression(config.audit.schedule, timeZone),
        target: target(this.audit, { source: 'schedule', job: 'audit' }),
      }),
      new Schedule(this, 'DailyExport', {
        description: 'Export every group',
        scheduleGroup: this.scheduleGroup,
        schedule: ScheduleExpression.expression(config.exports.schedule, timeZone),
        target: target(this.export, { export: 'groups', filter: {} }),
      }),
    );
    // The group's name is a literal, which makes no reference: create the schedules after it.
    for (const schedule of this.schedules) schedule.node.addDependency(this.scheduleGroup);
    this.maxConcurrency = {
      continuations: [this.audit, this.export].length * CONTINUATION_CONCURRENCY,
      scheduledRuns: this.schedules.length,
    };
  }
}
