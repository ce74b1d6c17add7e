/**
 * The whole moderation pipeline on one machine, on real wire protocols: the Agora Chat emulator
 * (or a real app), fauxqs for the SQS FIFO queue, its FIFO DLQ and S3, dynalite for the ledger,
 * the local ban scheduler, an S3 bucket and a jobs queue for audit and export runs, and a poller that plays Lambda's event source mapping around the same
 * handler the Lambda runs.
 */
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { AgoraChatClient, type AgoraChatClientOptions } from '../../functions/agora/index.js';
import { DEFAULT_CLOCK_SKEW_SECONDS } from '../../functions/events/index.js';
import { lambdaSettingsFromEnv } from '../../functions/lambda/index.js';
import { DynamoDbCallbackClaims, DynamoDbLedger, DynamoDbMessageCounters } from '../../functions/ledger/index.js';
import {
  agoraModeration,
  assembleModerationDependencies,
  createModerationHandler,
  DEFAULT_BACKOFF,
  DEFAULT_RETRY_BUDGET,
  moderationTelemetry,
  policySchema,
  retryMetrics,
  type BackoffOptions,
} from '../../functions/moderation/index.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js';
import { startLocalCallbacks, type LocalCallbacksOptions } from './local-callbacks.js';
import { createLedgerTable } from './ledger-table.js';
import { LocalBanScheduler } from './local-ban-scheduler.js';
import { SqsPoller } from './sqs-poller.js';

export const QUEUE_NAME = 'moderation-events.fifo';
export const DLQ_NAME = 'moderation-events-dlq.fifo';
export const LEDGER_TABLE = 'moderation-ledger';
export const OUTPUT_BUCKET = 'moderation-outputs';
export const JOBS_QUEUE_NAME = 'moderation-jobs';
export const REGION = 'us-east-1';
/** The maximum message size of the moderation queue and its DLQ: 256 KiB, as deployed. */
export const QUEUE_MAX_MESSAGE_BYTES = 262_144;
/** fauxqs and dynalite accept any credentials; these make the SDK's signing happy. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface LocalStackOptions {
  /** Options of the embedded emulator; ignored when `agora` is given. */
  emulator?: EmulatorOptions;
  /** A real (or already running) Agora app instead of the embedded emulator. */
  agora?: AgoraChatClientOptions;
  /** Overrides of the Agora client the handler uses (retries, rate limits). */
  client?: Partial<AgoraChatClientOptions>;
  /** Policy input; omitted fields take their defaults. */
  policy?: unknown;
  backoff?: BackoffOptions;
  /** @default 30 */
  visibilityTimeoutSeconds?: number;
  /** Receives before SQS moves a record to the DLQ; the handler parks one receive earlier. @default 5 */
  maxReceiveCount?: number;
  /** How long a failing event is retried from its own first failure, in seconds. @default 86400 */
  retryWindowSeconds?: number;
  /** How far ahead an event may be dated, in seconds. @default 300 */
  clockSkewSeconds?: number;
  /**
   * The moderation queue's maximum message size. The deployed queue states 256 KiB; a larger one
   * (SQS allows 1 MiB) shows that parking holds whatever the queue lets in. @default 262144
   */
  queueMaxMessageBytes?: number;
  batchSize?: number;
  concurrency?: number;
  /** @default 0 (any free port) */
  sqsPort?: number;
  /** @default 0 (any free port) */
  dynamoPort?: number;
  /** A DynamoDB endpoint already running (dynalite in its own process, DynamoDB Local) instead of an embedded dynalite. */
  dynamoEndpoint?: string;
  /** Handler log level. @default 'WARN' */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
  /** Start the poller (otherwise call `stack.poller.start()`). @default true */
  startPoller?: boolean;
  /** The Agora Chat callbacks ingress, served beside the pipeline. */
  callbacks?: LocalCallbacksOptions;
}

async function startDynalite(port: number, closers: (() => Promise<void> | void)[]): Promise<string> {
  const dynamo = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) =>
    dynamo.listen(port, '127.0.0.1', (error?: Error) => (error ? reject(error) : resolve())),
  );
  closers.push(() => new Promise<void>((resolve) => dynamo.close(() => resolve())));
  return `http://127.0.0.1:${(dynamo.address() as AddressInfo).port}`;
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

export async function startLocalStack(options: LocalStackOptions = {}) {
  const closers: (() => Promise<void> | void)[] = [];
  const close = async () => {
    for (const closeOne of closers.reverse()) await closeOne();
  };
  try {
    let emulator: Emulator | undefined;
    let agora = options.agora;
    if (!agora) {
      const started = await startEmulator(options.emulator ?? {});
      emulator = started;
      closers.push(() => started.close());
      agora = {
        baseUrl: started.baseUrl,
        org: started.org,
        app: started.app,
        credentials: { appId: started.appId, appCertificate: started.appCertificate },
      };
    }

    const fauxqs = await startFauxqs({ port: options.sqsPort ?? 0, logger: false, defaultRegion: REGION });
    closers.push(() => fauxqs.stop());
    fauxqs.createBucket(OUTPUT_BUCKET);
    const jobsQueue = fauxqs.createQueue(JOBS_QUEUE_NAME);
    const maxReceiveCount = options.maxReceiveCount ?? 5;
    // Both queues state their maximum message size, as the deployed ones do.
    const dlq = fauxqs.createQueue(DLQ_NAME, {
      attributes: {
        FifoQueue: 'true',
        MessageRetentionPeriod: '1209600',
        MaximumMessageSize: String(QUEUE_MAX_MESSAGE_BYTES),
      },
    });
    // Deduplication and throughput per message group, as the deployed queue has them. fauxqs
    // keeps these attributes but deduplicates per queue: the local queue drops a message that the
    // deployed one would take only when two groups' messages share a deduplication id, which the
    // product's producers (`eventMessage`: a digest of an event that names its group) never send;
    // a producer of your own that sets one id across groups sees the difference.
    const queue = fauxqs.createQueue(QUEUE_NAME, {
      attributes: {
        FifoQueue: 'true',
        ContentBasedDeduplication: 'true',
        DeduplicationScope: 'messageGroup',
        FifoThroughputLimit: 'perMessageGroupId',
        MaximumMessageSize: String(options.queueMaxMessageBytes ?? QUEUE_MAX_MESSAGE_BYTES),
        VisibilityTimeout: String(options.visibilityTimeoutSeconds ?? 30),
        MessageRetentionPeriod: String(DEFAULT_RETRY_BUDGET.queueRetentionSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: String(maxReceiveCount) }),
      },
    });

    const dynamoEndpoint = options.dynamoEndpoint ?? (await startDynalite(options.dynamoPort ?? 0, closers));

    const aws = { region: REGION, credentials: LOCAL_CREDENTIALS };
    const sqs = new SQSClient({ ...aws, endpoint: fauxqs.address });
    const s3 = new S3Client({ ...aws, endpoint: fauxqs.address, forcePathStyle: true });
    const dynamoClient = new DynamoDBClient({ ...aws, endpoint: dynamoEndpoint });
    closers.push(() => {
      sqs.destroy();
      s3.destroy();
      dynamoClient.destroy();
    });
    await createLedgerTable(dynamoClient, LEDGER_TABLE);

    const { logger, metrics } = moderationTelemetry({ logLevel: options.logLevel ?? 'WARN' });
    const client = new AgoraChatClient({ ...agora, ...options.client, onRetry: retryMetrics(metrics) });
    closers.push(() => client.close());
    const scheduler = new LocalBanScheduler(sqs, queue.queueUrl, (error, expiry) =>
      logger.warn('could not send a ban expiry; trying again', { banId: expiry.banId, error: error as Error }),
    );
    closers.push(() => scheduler.close());
    const ledger = new DynamoDbLedger(dynamoClient, LEDGER_TABLE);
    const policy = policySchema.parse(options.policy ?? {});

    const deps = assembleModerationDependencies({
      settings: {
        queueUrl: queue.queueUrl,
        deadLetterQueueUrl: dlq.queueUrl,
        ledgerTableName: LEDGER_TABLE,
        policy,
        backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
        maxReceiveCount,
        budget: {
          ...DEFAULT_RETRY_BUDGET,
          ...(options.retryWindowSeconds !== undefined && { windowSeconds: options.retryWindowSeconds }),
        },
        clockSkewSeconds: options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS,
      },
      groups: client.groups,
      moderation: agoraModeration(client),
      sqs,
      ledger,
      scheduler,
      logger,
      metrics,
      // The functions' default margin: the poller's context counts down like Lambda's.
      deadlineMarginMs: lambdaSettingsFromEnv({}).deadlineMarginMs,
    });
    const handler = createModerationHandler(deps);
    const poller = new SqsPoller({
      sqs,
      queueUrl: queue.queueUrl,
      queueArn: queue.queueArn,
      handler,
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
      ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      onError: (error) => logger.error('poller failure', { error: error as Error }),
    });
    if (options.startPoller ?? true) poller.start();
    closers.push(() => poller.stop());

    const callbacks = await startLocalCallbacks(options.callbacks ?? {}, {
      sqs,
      queueUrl: queue.queueUrl,
      counters: new DynamoDbMessageCounters(dynamoClient, LEDGER_TABLE),
      claims: new DynamoDbCallbackClaims(dynamoClient, LEDGER_TABLE),
      logLevel: options.logLevel ?? 'WARN',
      emulator,
    });
    closers.push(() => callbacks.close());

    return {
      emulator,
      agora,
      client,
      policy,
      logger,
      sqs: {
        client: sqs,
        endpoint: fauxqs.address,
        queueUrl: queue.queueUrl,
        queueArn: queue.queueArn,
        deadLetterQueueUrl: dlq.queueUrl,
        jobsQueueUrl: jobsQueue.queueUrl,
      },
      s3: { client: s3, bucket: OUTPUT_BUCKET },
      dynamo: { client: dynamoClient, endpoint: dynamoEndpoint, tableName: LEDGER_TABLE },
      ledger,
      scheduler,
      poller,
      handler,
      callbacks,
      /** Messages on the queue and the DLQ, read without receiving them. */
      inspect: () => ({ queue: fauxqs.inspectQueue(QUEUE_NAME)!, deadLetters: fauxqs.inspectQueue(DLQ_NAME)! }),
      /** Variables that point `groupmod`, the functions and AWS SDK clients at this stack (and at its emulator, if it runs one). */
      env: {
        ...(emulator && {
          AGORA_BASE_URL: emulator.baseUrl,
          AGORA_ORG: emulator.org,
          AGORA_APP: emulator.app,
          AGORA_APP_TOKEN: emulator.appToken,
        }),
        AWS_REGION: REGION,
        // AWS CLI v1 reads the region from this one only.
        AWS_DEFAULT_REGION: REGION,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        AWS_ENDPOINT_URL_SQS: fauxqs.address,
        AWS_ENDPOINT_URL_S3: fauxqs.address,
        AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
        MODERATION_QUEUE_URL: queue.queueUrl,
        MODERATION_DLQ_URL: dlq.queueUrl,
        LEDGER_TABLE_NAME: LEDGER_TABLE,
        OUTPUT_BUCKET,
        JOBS_QUEUE_URL: jobsQueue.queueUrl,
        AGORA_CALLBACK_URL: callbacks.postDeliveryUrl,
        AGORA_PRE_DELIVERY_URL: callbacks.preDeliveryUrl,
        AGORA_CALLBACK_SECRET: callbacks.secrets.join(','),
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
