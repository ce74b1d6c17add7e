import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type { Alarm, CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/**
 * The SNS topic alarms notify (and an e-mail address, when given), encrypted with a key of its
 * own. A topic policy that only denies plain HTTP replaces SNS's default policy, and the
 * AWS-managed SNS key lets no service use it, so both the topic policy and the key policy allow
 * `cloudwatch.amazonaws.com` explicitly, for this account and for the alarms added here only.
 * Those alarms are matched by ARN, built from their names: the names must be literal, since the
 * key policy cannot refer to the alarms themselves (they depend on the topic, which depends on
 * the key).
 */
export class AlarmTopic extends Construct {
  readonly topic: Topic;
  readonly key: Key;
  private readonly alarmArns: string[] = [];

  constructor(scope: Construct, id: string, props: { alarmEmail?: string | undefined }) {
    super(scope, id);
    this.key = new Key(this, 'Key', {
      description: 'Encrypts the alarm notifications of agora-group-moderation',
      enableKeyRotation: true,
      // The key protects notifications in flight only; nothing it encrypted outlives the topic.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'agora-group-moderation alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const fromTheseAlarms = {
      ArnLike: { 'aws:SourceArn': Lazy.list({ produce: () => this.alarmArns }) },
      StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
    };
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromTheseAlarms,
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: fromTheseAlarms,
      }),
    );
  }

  /**
   * Sends the alarm's state changes to the topic and allows CloudWatch to publish them.
   * @throws {Error} when the alarm has no literal name
   */
  addAlarm(alarm: Alarm): void {
    const name = (alarm.node.defaultChild as CfnAlarm).alarmName;
    if (typeof name !== 'string' || Token.isUnresolved(name))
      throw new Error(`${alarm.node.path}: an alarm on the alarm topic needs a literal alarmName`);
    this.alarmArns.push(
      Stack.of(this).formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: name,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    );
    alarm.addAlarmAction(new SnsAction(this.topic));
  }
}
