import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

/** A conditional write whose condition did not hold (by class, or by name across SDK copies). */
export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}
