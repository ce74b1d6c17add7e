import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Dashboard, GraphWidget, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Schedule, type ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_METRICS_NAMESPACE } from '../../functions/lambda/index.js';
import { MetricName, SERVICE_NAME } from '../../functions/moderation/index.js';

export interface MonitoringProps {
  alarmEmail?: string | undefined;
  moderationQueue: Queue;
  deadLetterQueues: Queue[];
  functions: NodejsFunction[];
  banScheduleGroup: ScheduleGroup;
}

/** Alarms to an SNS topic (and an e-mail, when given) and a dashboard of the pipeline. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard;
  /** Adds an alarm to the topic: above `threshold` for one period. */
  readonly alarm: (name: string, metric: IMetric, threshold: number, description: string) => void;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'agora-group-moderation alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
    };
    this.alarm = alarm;

    props.deadLetterQueues.forEach((queue, index) =>
      alarm(`DeadLetters${index}`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }), 0, `messages in ${queue.node.path}: read their failure-reason attributes, fix, then redrive`),
    );
    alarm(
      'OldestEvent',
      props.moderationQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      900,
      'a moderation event has waited more than 15 minutes: the handler is failing or throttled',
    );
    for (const fn of props.functions) {
      const name = fn.node.scope!.node.id + fn.node.id;
      alarm(`${name}Errors`, fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 0, `${name} failed invocations`);
      alarm(`${name}Throttles`, fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }), 0, `${name} was throttled`);
    }
    alarm('ScheduleErrors', Schedule.metricAllErrors({ period: Duration.minutes(5), statistic: 'Sum' }), 0, 'a schedule could not invoke its target');
    alarm('BanExpiriesDropped', props.banScheduleGroup.metricDropped({ period: Duration.minutes(5), statistic: 'Sum' }), 0, 'a timed ban expiry was dropped: the ban will not end by itself');

    const pipeline = (metricName: string, statistic = 'Sum') =>
      new Metric({ namespace: DEFAULT_METRICS_NAMESPACE, metricName, dimensionsMap: { service: SERVICE_NAME }, statistic, period: Duration.minutes(5) });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new GraphWidget({ title: 'Groups', left: [pipeline(MetricName.GroupsDisabled), pipeline(MetricName.GroupsEnabled), pipeline(MetricName.ViolationsCounted)] }),
          new GraphWidget({ title: 'Failures', left: [pipeline(MetricName.EventsRejected), pipeline(MetricName.EventsRetried), pipeline(MetricName.RateLimited), pipeline(MetricName.ApiRetries)] }),
        ],
        [
          new GraphWidget({ title: 'Processing latency (ms)', left: [pipeline(MetricName.ProcessingLatency, 'p50'), pipeline(MetricName.ProcessingLatency, 'p99')] }),
          new GraphWidget({
            title: 'Queues',
            left: [props.moderationQueue.metricApproximateNumberOfMessagesVisible(), ...props.deadLetterQueues.map((queue) => queue.metricApproximateNumberOfMessagesVisible())],
          }),
        ],
      ],
    });
  }
}
