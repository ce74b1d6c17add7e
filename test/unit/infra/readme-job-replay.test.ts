/**
 * The operations page's replay of a failed job against what the stack and the functions really take: the
 * schedule inputs it tells the operator to run again are the ones the schedules send, and the
 * SQS record it wraps a continuation in is one the job functions resume from.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { continuationsIn } from '../../../functions/jobs/index.js';
import { synthStack } from './stack-helpers.js';

const OPERATIONS = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
const replay = OPERATIONS.slice(OPERATIONS.indexOf('Failed jobs:'), OPERATIONS.indexOf('Removing it:'));

describe("the operations page's replay of the jobs DLQ", () => {
  test("names the schedules' own inputs", () => {
    const resources = synthStack().template.toJSON().Resources as Record<
      string,
      { Type: string; Properties: { Target: { Input: string } } }
    >;
    const inputs = Object.values(resources)
      .filter((resource) => resource.Type === 'AWS::Scheduler::Schedule')
      .map((schedule) => JSON.stringify(JSON.parse(schedule.Properties.Target.Input)));
    expect(inputs.sort()).toEqual(['{"export":"groups","filter":{}}', '{"source":"schedule","job":"audit"}']);
    for (const input of inputs) expect(replay).toContain(`\`${input}\``);
  });

  test('wraps a continuation in an SQS record the job functions resume from', () => {
    expect(replay).toContain(
      `jq '{Records: [{eventSource: "aws:sqs", messageId: "replay", body: tojson}]}' body.json > payload.json`,
    );
    // What that filter makes of a continuation the jobs DLQ holds.
    const body = { job: 'export-joined', checkpointKey: 'export-joined/2026-12-07/run/checkpoints/000004.json' };
    const payload = { Records: [{ eventSource: 'aws:sqs', messageId: 'replay', body: JSON.stringify(body) }] };
    expect(continuationsIn(payload, ['export-groups', 'export-joined'])).toEqual([body]);
  });
});
