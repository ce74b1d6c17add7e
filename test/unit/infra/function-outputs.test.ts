/**
 * The stack outputs name every function, so `aws lambda invoke` and the log groups can be found
 * without the console: each output refers to the function it is named after.
 */
import { describe, expect, test } from 'vitest';
import { synthStack } from './stack-helpers.js';

type Output = { Value: unknown; Description?: string };

describe('function names in the outputs', () => {
  test('moderation, audit, export, pre- and post-delivery, each the Ref of its own function', () => {
    const json = synthStack().template.toJSON() as {
      Outputs: Record<string, Output>;
      Resources: Record<string, { Type: string }>;
    };
    const functionIds = Object.entries(json.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
      .map(([id]) => id);
    const refOf = (output: string) => (json.Outputs[output]?.Value as { Ref?: string } | undefined)?.Ref;
    const expected = {
      ModerationFunctionName: 'ModerationHandler',
      AuditFunctionName: 'JobsAudit',
      ExportFunctionName: 'JobsExport',
      PreDeliveryFunctionName: 'CallbacksPreDelivery',
      PostDeliveryFunctionName: 'CallbacksPostDelivery',
    };
    for (const [output, prefix] of Object.entries(expected)) {
      const ref = refOf(output);
      expect(ref, output).toMatch(new RegExp(`^${prefix}[A-F0-9]{8}$`));
      expect(functionIds, output).toContain(ref);
      expect(json.Outputs[output]!.Description, output).toMatch(/function/);
    }
    // Every function of the product is named, and none twice.
    const named = Object.keys(expected).map(refOf);
    expect(new Set(named).size).toBe(5);
    expect(functionIds.filter((id) => !id.startsWith('CustomS3AutoDelete')).sort()).toEqual([...named].sort());
  });
});
