/**
 * Lambda refuses an environment over 4 KB (measured as JSON) only when it deploys the function;
 * synth refuses it first, and the settings that travel there are bounded so it never comes to that.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, test } from 'vitest';
import { MAX_BAN_DURATIONS, MAX_BANNED_TERMS_BYTES } from '../../../infra/config.js';
import { ENVIRONMENT_LIMIT_BYTES, environmentSize } from '../../../infra/constructs/environment-size.js';
import { nodeFunction } from '../../../infra/constructs/node-function.js';
import { synthStack, testApp } from './stack-helpers.js';

describe('environmentSize', () => {
  test('measures the variables as JSON, escapes included, and a deploy-time value at 256 bytes', () => {
    const stack = new Stack();
    const queue = new Queue(stack, 'Q');
    expect(environmentSize({ A: 'abc' })).toBe('{"A":"abc"}'.length);
    expect(environmentSize({ P: '{"a":1}' })).toBe('{"P":"{\\"a\\":1}"}'.length);
    expect(environmentSize({ U: queue.queueUrl })).toBe('{"U":""}'.length + 256);
    expect(environmentSize({ S: `${stack.region}/${queue.queueName}` })).toBe('{"S":"/"}'.length + 512);
    expect(environmentSize({ T: 'ü' })).toBe('{"T":""}'.length + 2);
  });
});

describe('the functions of the stack', () => {
  test('stay under 4 KB with ban durations and banned terms at their bounds, repair on, and long names', () => {
    const terms = Array.from({ length: 200 }, (_, i) => `t${String(i).padStart(9, '0')}`)
      .join(',')
      .slice(0, MAX_BANNED_TERMS_BYTES - 2)
      .split(',');
    const overrides = {
      agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o'.repeat(64), app: 'a'.repeat(64) },
      moderation: {
        policy: {
          banDurations: Array.from({ length: MAX_BAN_DURATIONS }, () => 'permanent'),
          threshold: { count: 1000, windowSeconds: 86_400 },
        },
      },
      audit: { bannedTerms: terms, repair: true },
    };
    expect(() => synthStack(overrides)).not.toThrow();
  });

  test('a function whose environment could pass 4 KB fails synth, naming its largest variables', () => {
    const app = testApp();
    const stack = new Stack(app, 'Big');
    const queue = new Queue(stack, 'Q');
    nodeFunction(stack, 'Fn', {
      entry: 'export/handler.ts',
      timeout: Duration.seconds(10),
      logRetentionDays: 1,
      removalPolicy: RemovalPolicy.DESTROY,
      environment: { BIG: 'x'.repeat(3840), URL: queue.queueUrl, SMALL: 'y' },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      `[Big/Fn] its environment may take 4127 bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES} (names known only at deploy time counted at 256); largest: BIG (3850 bytes), URL (266 bytes), SMALL (13 bytes)`,
    );
  });
});
