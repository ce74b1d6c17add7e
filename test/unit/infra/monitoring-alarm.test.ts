/**
 * The stack's one way to add an alarm: named `<stack>-<name>`, on the alarm topic, above the
 * threshold and with missing data not breaching unless the alarm says otherwise (the silence
 * alarms say below, and breaching), and in the construct it names, which its logical id follows.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { describe, expect, test } from 'vitest';
import { buildStack } from './stack-helpers.js';

type AlarmResource = {
  Type: string;
  Properties: {
    AlarmName: string;
    ComparisonOperator: string;
    TreatMissingData: string;
    Threshold: number;
    AlarmActions: unknown[];
  };
};

describe('monitoring.alarm', () => {
  test('takes the comparison, the treatment of missing data and the scope an alarm asks for; the defaults otherwise', () => {
    const { stack } = buildStack();
    const metric = new Metric({ namespace: 'Probe', metricName: 'Things' });
    const owner = new Construct(stack, 'Owner');
    stack.monitoring.alarm('ProbeFloor', metric, {
      threshold: 3,
      description: 'fewer than 3 things',
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      missingData: TreatMissingData.BREACHING,
      scope: owner,
    });
    stack.monitoring.alarm('ProbeCeiling', metric, { threshold: 7, description: 'more than 7 things' });

    const resources = Template.fromStack(stack).toJSON().Resources as Record<string, AlarmResource>;
    const byName = (name: string) =>
      Object.entries(resources).find(
        ([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === name,
      )!;
    const [floorId, floor] = byName('Test-ProbeFloor');
    expect(floor.Properties).toMatchObject({
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
      Threshold: 3,
    });
    expect(floorId).toMatch(/^OwnerProbeFloor[A-F0-9]{8}$/);
    const [ceilingId, ceiling] = byName('Test-ProbeCeiling');
    expect(ceiling.Properties).toMatchObject({
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Threshold: 7,
    });
    expect(ceilingId).toMatch(/^MonitoringProbeCeiling[A-F0-9]{8}$/);
    // Both on the alarm topic.
    expect(floor.Properties.AlarmActions).toEqual(ceiling.Properties.AlarmActions);
    expect(floor.Properties.AlarmActions).toHaveLength(1);
  });

  test('the silence alarms keep the logical ids they had before they went through it', () => {
    const resources = Template.fromStack(buildStack().stack).toJSON().Resources as Record<string, AlarmResource>;
    const silent = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName.endsWith('CallbacksSilent'),
    );
    expect(silent.map(([id]) => id).sort()).toEqual([
      'CallbacksMonitoringPostDeliveryCallbacksSilentB4529A01',
      'CallbacksMonitoringPreDeliveryCallbacksSilentD491FF67',
    ]);
  });
});
