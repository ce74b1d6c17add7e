import { Validations, type CfnElement, type Stack } from 'aws-cdk-lib';
// Not part of cdk-nag's public API (its index does not export it; package.json allows ^3): the
// function cdk-nag itself applies to a policy's resource before it names a finding, so the
// acknowledgement below matches that name for either form of the ARN. A release that moves or
// changes it breaks this import or the names it gives: test/unit/infra/cdk-nag.test.ts then
// fails, synthesizing the stack bound to an account and region (DEPLOY_ENV) as every deploy is.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

export interface AcknowledgedParts {
  outputBucket: IConstruct;
  /** The key prefixes of the bucket the job functions are granted objects under. */
  outputBucketPrefixes: string[];
  /** The ban schedules' ARN pattern, as the handler's policy grants it. */
  banSchedulesArn: string;
  scheduledFunctions: IConstruct[];
  /** The secrets the stack created, where it did. */
  createdSecrets: { agora: IConstruct | undefined; callbacks: IConstruct | undefined };
  /** Standard queues only EventBridge Scheduler uses as dead-letter queues (no redrive names them). */
  schedulerDeadLetterQueues: IConstruct[];
}

/**
 * cdk-nag AwsSolutions findings this design accepts, each for the exact resource and with its
 * reason. Everything else is fixed in the constructs; the stack tests fail on any finding that is
 * not acknowledged here.
 */
export function acknowledgeNagFindings(stack: Stack, parts: AcknowledgedParts): void {
  const logicalId = (construct: IConstruct) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
  const acknowledge = (scope: IConstruct, id: string, reason: string) =>
    Validations.of(scope).acknowledge({ id: `AwsSolutions::${id}`, reason });

  for (const prefix of parts.outputBucketPrefixes) {
    acknowledge(
      stack,
      `AwsSolutions-IAM5[Resource::<${logicalId(parts.outputBucket)}.Arn>/${prefix}*]`,
      "Audit and export runs write new keys under run-specific prefixes (date, run id) below their job's prefix and read earlier runs there (the export also reads user lists under inputs/); object access below that one prefix is the narrowest rule that works.",
    );
  }
  // Written as cdk-nag flattens the policy's resource, so that it names the same finding whether the
  // stack is bound to an account and region (every deploy: literal values) or not (pseudo parameters).
  acknowledge(
    stack,
    `AwsSolutions-IAM5[Resource::${flattenCfnReference(stack.resolve(parts.banSchedulesArn))}]`,
    "Each timed ban creates its own one-time schedule, named at run time, in the stack's own ban schedule group; the grant is limited to that group.",
  );
  for (const fn of parts.scheduledFunctions) {
    acknowledge(
      stack,
      `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
      'The role that the LambdaInvoke schedule target creates may invoke this function and its versions (the ARN with :*), nothing else.',
    );
  }
  for (const queue of parts.schedulerDeadLetterQueues) {
    acknowledge(
      queue,
      'AwsSolutions-SQS3',
      "This queue is itself a dead-letter queue, for EventBridge Scheduler targets; nag only recognises DLQs named in another queue's redrive policy. Its messages raise an alarm.",
    );
  }
  if (parts.createdSecrets.agora) {
    acknowledge(
      parts.createdSecrets.agora,
      'AwsSolutions-SMG4',
      'The secret holds the Agora App ID and certificate, which are rotated in the Agora console, not by AWS; the operator updates the secret when they rotate them.',
    );
  }
  if (parts.createdSecrets.callbacks) {
    acknowledge(
      parts.createdSecrets.callbacks,
      'AwsSolutions-SMG4',
      "The secret holds the secrets of the Agora Console callback rules, which Agora Console shows and changes, not AWS; the operator updates the secret when they change a rule's secret.",
    );
  }
}
