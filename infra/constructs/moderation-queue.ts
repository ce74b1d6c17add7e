import { Duration } from 'aws-cdk-lib';
import { DeduplicationScope, FifoThroughputLimit, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  MODERATION_QUEUE_RETENTION_SECONDS,
  VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT,
  type DeploymentConfig,
} from '../config.js';

/** The maximum message size of both queues (SQS's default for new queues is 1 MiB). */
export const QUEUE_MAX_MESSAGE_BYTES = 262_144;

/** How long the moderation queue keeps a message: SQS then drops it, moved nowhere, so the handler parks one before. */
export const QUEUE_RETENTION = Duration.seconds(MODERATION_QUEUE_RETENTION_SECONDS);

export interface ModerationQueueProps {
  /** The consuming function's timeout: the visibility timeout is six times it. */
  functionTimeout: Duration;
  maxReceiveCount: number;
}

/**
 * The moderation FIFO queue and its FIFO DLQ: one message group per chat group, deduplication
 * by content as well (EventBridge Scheduler sends ban expiries without a deduplication id),
 * encrypted, reachable over TLS only. CloudFormation names both (`<stack>-<logical id>-<random>`
 * with `.fifo` appended), so stacks side by side, a redeploy right after a destroy and a
 * replacement never collide on a name; producers take the URL from the stack's outputs. Both
 * state their maximum message size: events are a few KiB, and the handler parks what it refuses
 * within the same 256 KiB.
 */
export class ModerationQueue extends Construct {
  /** The moderation function's timeout, which the queue's visibility timeout follows. */
  static timeoutOf(config: DeploymentConfig): Duration {
    return Duration.seconds(config.moderation.timeoutSeconds);
  }

  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ModerationQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      fifo: true,
      retentionPeriod: Duration.days(14),
      maxMessageSizeBytes: QUEUE_MAX_MESSAGE_BYTES,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    this.queue = new Queue(this, 'Events', {
      fifo: true,
      contentBasedDeduplication: true,
      // Throughput per message group: each chat group is its own lane.
      deduplicationScope: DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: Duration.seconds(props.functionTimeout.toSeconds() * VISIBILITY_TIMEOUTS_PER_FUNCTION_TIMEOUT),
      retentionPeriod: QUEUE_RETENTION,
      maxMessageSizeBytes: QUEUE_MAX_MESSAGE_BYTES,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
