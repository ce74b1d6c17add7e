import { readFileSync } from 'node:fs';
import { App, type Environment, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ArtifactMetadataEntryType } from 'aws-cdk-lib/cloud-assembly-schema';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { ModerationStack } from '../../../infra/moderation-stack.js';
import { tempDir } from '../../helpers/temp-dir.js';

export const BASE_CONFIG = {
  agora: { baseUrl: 'https://a41.chat.agora.io', org: 'acme', app: 'chat' },
  alarmEmail: 'oncall@acme.test',
  scheduleTimeZone: 'Europe/Berlin',
};

/** cdk.json's context: the `groupmod` settings and CDK's feature flags. */
export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')) as {
    context: Record<string, unknown>;
  }
).context;

/** The feature flags from cdk.json, so the tests synthesize what `cdk synth` does. */
export const FEATURE_FLAGS = Object.fromEntries(
  Object.entries(CDK_JSON_CONTEXT).filter(([key]) => key.startsWith('@aws-cdk')),
);

/** An app as `cdk synth` makes it, without bundling, synthesizing into a folder removed after the test file. */
export const testApp = () =>
  new App({ outdir: tempDir('cdk-out'), context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] } });

/**
 * An account and region as every deploy has them (the CLI sets CDK_DEFAULT_ACCOUNT and
 * CDK_DEFAULT_REGION, which `infra/app.ts` passes on): ARNs then hold literal values where an
 * environment-agnostic synth has pseudo parameters.
 */
export const DEPLOY_ENV: Environment = { account: '210987654321', region: 'eu-west-1' };

/**
 * The stack for a configuration, without bundling (the bundles have their own smoke test, and
 * bundling three functions per synth would make every case here slow). Environment-agnostic,
 * as `npm run synth` is, unless `env` binds it to an account and region, as a deploy does.
 */
export function buildStack(overrides: Record<string, unknown> = {}, stackName = 'Test', env?: Environment) {
  const app = testApp();
  const config = parseDeploymentConfig({ ...BASE_CONFIG, ...overrides });
  return { app, config, stack: new ModerationStack(app, stackName, config, env ? { env } : {}) };
}

/** `buildStack`, synthesized into a template. */
export function synthStack(overrides: Record<string, unknown> = {}, stackName = 'Test') {
  const built = buildStack(overrides, stackName);
  return { ...built, template: Template.fromStack(built.stack) };
}

/**
 * The warnings on the stack itself, as synth prints them (with their `[ack: id]`). They are
 * added while the stack is built, so they are read without synthesizing.
 */
export function stackWarnings(stack: Stack): string[] {
  return stack.node.metadata
    .filter((entry) => entry.type === ArtifactMetadataEntryType.WARN)
    .map((entry) => String(entry.data));
}
