/**
 * Lambda's recursive loop detection: the job functions continue through their own queues, so
 * they allow the loop (the runner's checkpoints bound it); every other function keeps Lambda's
 * default, Terminate (RecursiveLoop absent from the template).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { synthStack } from './stack-helpers.js';

type Resource = { Type: string; Properties: Record<string, unknown> };
let functions: [string, Resource][];

beforeAll(() => {
  const resources = synthStack().template.toJSON().Resources as Record<string, Resource>;
  functions = Object.entries(resources).filter(
    ([id, resource]) => resource.Type === 'AWS::Lambda::Function' && !id.startsWith('CustomS3AutoDelete'),
  );
});

const recursiveLoopOf = (prefix: string) => {
  const found = functions.filter(([id]) => id.startsWith(prefix));
  expect(found, prefix).toHaveLength(1);
  return found[0]![1].Properties.RecursiveLoop;
};

describe('recursive loop detection', () => {
  test('the audit and export functions allow their continuation loop', () => {
    expect(recursiveLoopOf('JobsAudit')).toBe('Allow');
    expect(recursiveLoopOf('JobsExport')).toBe('Allow');
  });

  test('moderation and the callbacks functions keep the default, Terminate', () => {
    expect(functions).toHaveLength(5);
    for (const prefix of ['ModerationHandler', 'CallbacksPreDelivery', 'CallbacksPostDelivery']) {
      expect(recursiveLoopOf(prefix), prefix).toBeUndefined();
    }
  });
});
