import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE } from '../../functions/lambda/index.js';
import { MetricName, SERVICE_NAME } from '../../functions/moderation/index.js';
import { AlarmTopic } from './alarm-topic.js';

export interface MonitoringProps {
  alarmEmail?: string | undefined;
  moderationQueue: Queue;
  /** Dead-letter queues by what they hold, e.g. `{ Jobs: queue }` gives the alarm `<stack>-JobsDeadLetters`. */
  deadLetterQueues: Record<string, Queue>;
  /** Functions whose every error and throttle alarms. */
  functions: NodejsFunction[];
  /**
   * Functions whose errors alarm, and whose throttling is their designed bound under a flood (their
   * throttles alarm where their traffic is watched).
   */
  floodBoundedFunctions?: NodejsFunction[];
  scheduleGroups: { jobs: ScheduleGroup; bans: ScheduleGroup };
}

export interface AlarmOptions {
  threshold: number;
  description: string;
  /** Periods the condition must hold, all of them breaching. @default 1 */
  periods?: number;
  /** How the metric compares with the threshold to breach. @default above it */
  comparison?: ComparisonOperator;
  /**
   * How a period without data counts. @default not breaching: most metrics here have data only
   * when something went wrong
   */
  missingData?: TreatMissingData;
  /** The construct the alarm belongs to, which its logical id follows. @default the monitoring construct */
  scope?: Construct;
}

const PERIOD = Duration.minutes(5);
/** A burst of rejections: a producer or a policy change is refusing events wholesale. */
const REJECTIONS_PER_PERIOD = 10;
/** Agora answering 429 this many periods in a row means the configured rate is above the app's. */
const RATE_LIMITED_PERIODS = 3;

/**
 * Alarms, named `<stack>-<alarm>`, to the alarm topic, and a dashboard of the pipeline. The
 * pipeline's own metrics are EMF from the moderation handler: namespace `AgoraGroupModeration`,
 * one dimension `service=moderation` (Powertools' default dimension).
 */
export class Monitoring extends Construct {
  readonly alarmTopic: AlarmTopic;
  readonly dashboard: Dashboard;
  /** Adds an alarm, named `<stack>-<name>`, to the topic: above `threshold` (or as `comparison` says) for all its `periods`. */
  readonly alarm: (name: string, metric: IMetric, options: AlarmOptions) => Alarm;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = new AlarmTopic(this, 'Alarms', { alarmEmail: props.alarmEmail });
    const stackName = Stack.of(this).stackName;
    const alarm = (name: string, metric: IMetric, options: AlarmOptions) => {
      const periods = options.periods ?? 1;
      const created = new Alarm(options.scope ?? this, name, {
        alarmName: `${stackName}-${name}`,
        metric,
        threshold: options.threshold,
        evaluationPeriods: periods,
        datapointsToAlarm: periods,
        comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: options.missingData ?? TreatMissingData.NOT_BREACHING,
        alarmDescription: options.description,
      });
      this.alarmTopic.addAlarm(created);
      return created;
    };
    this.alarm = alarm;
    const pipeline = (metricName: string, statistic = 'Sum') =>
      new Metric({
        namespace: DEFAULT_METRICS_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME },
        statistic,
        period: PERIOD,
      });

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(
        `${name}DeadLetters`,
        queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum' }),
        {
          threshold: 0,
          description: `messages in ${queue.node.path}: read their failure-reason attributes, fix, then redrive`,
        },
      );
    }
    alarm(
      'OldestEvent',
      props.moderationQueue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum' }),
      {
        threshold: 900,
        description: 'a moderation event has waited more than 15 minutes: the handler is failing or throttled',
      },
    );
    const nameOf = (fn: NodejsFunction) => fn.node.scope!.node.id + fn.node.id;
    for (const fn of [...props.functions, ...(props.floodBoundedFunctions ?? [])]) {
      alarm(`${nameOf(fn)}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), {
        threshold: 0,
        description: `${nameOf(fn)} failed invocations`,
      });
    }
    for (const fn of props.functions) {
      alarm(`${nameOf(fn)}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), {
        threshold: 0,
        description: `${nameOf(fn)} was throttled`,
      });
    }
    alarm(
      'JobSchedulesTargetErrors',
      props.scheduleGroups.jobs.metricTargetErrors({ period: PERIOD, statistic: 'Sum' }),
      {
        threshold: 0,
        description: 'the audit or export schedule could not invoke its function',
      },
    );
    alarm(
      'BanSchedulesTargetErrors',
      props.scheduleGroups.bans.metricTargetErrors({ period: PERIOD, statistic: 'Sum' }),
      {
        threshold: 0,
        description: 'a timed ban expiry could not be sent to the moderation queue (it is retried)',
      },
    );
    alarm('BanExpiriesDropped', props.scheduleGroups.bans.metricDropped({ period: PERIOD, statistic: 'Sum' }), {
      threshold: 0,
      description: 'a timed ban expiry was dropped: the ban will not end by itself',
    });
    alarm('EventsRejected', pipeline(MetricName.EventsRejected), {
      threshold: REJECTIONS_PER_PERIOD,
      description: `more than ${REJECTIONS_PER_PERIOD} events parked in 5 minutes (invalid or refused): a producer or the policy is wrong; the DLQ says why`,
    });
    alarm('RateLimitSustained', pipeline(MetricName.RateLimited), {
      threshold: 0,
      periods: RATE_LIMITED_PERIODS,
      description:
        "Agora has answered 429 for 15 minutes: agora.rateLimit is above the app's limit, or another client shares it",
    });

    alarm('RedrivenWithoutReason', pipeline(MetricName.RedrivenWithoutReason), {
      threshold: 0,
      description:
        'a moderation event failed on its last receive: SQS moves it to the DLQ without failure-kind and failure-reason; the function log names its message id',
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new GraphWidget({
            title: 'Groups',
            left: [
              pipeline(MetricName.GroupsDisabled),
              pipeline(MetricName.GroupsEnabled),
              pipeline(MetricName.ViolationsCounted),
            ],
          }),
          new GraphWidget({
            title: 'Failures',
            left: [
              pipeline(MetricName.EventsRejected),
              pipeline(MetricName.EventsRetried),
              pipeline(MetricName.RateLimited),
              pipeline(MetricName.ApiRetries),
            ],
          }),
        ],
        [
          new GraphWidget({
            title: 'Processing latency (ms)',
            left: [pipeline(MetricName.ProcessingLatency, 'p50'), pipeline(MetricName.ProcessingLatency, 'p99')],
          }),
          new GraphWidget({
            title: 'Queues',
            left: [
              props.moderationQueue.metricApproximateNumberOfMessagesVisible(),
              ...Object.values(props.deadLetterQueues).map((queue) => queue.metricApproximateNumberOfMessagesVisible()),
            ],
          }),
        ],
      ],
    });
  }
}
