/**
 * cdk.json opts into every feature flag aws-cdk-lib currently recommends (what `cdk init` writes),
 * so new behaviour is chosen, not inherited by accident; an upgrade that recommends another flag
 * fails here, naming it.
 */
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, test } from 'vitest';
import { FEATURE_FLAGS } from './stack-helpers.js';

describe('feature flags in cdk.json', () => {
  test('every currently recommended flag is set to its recommended value, and nothing else', () => {
    expect(FEATURE_FLAGS).toEqual(CURRENTLY_RECOMMENDED_FLAGS);
    expect(Object.keys(FEATURE_FLAGS)).toHaveLength(89);
  });

  test('among them, policy-based access logging and minimized IAM policies', () => {
    expect(FEATURE_FLAGS).toMatchObject({
      '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
      '@aws-cdk/aws-iam:minimizePolicies': true,
    });
  });
});
