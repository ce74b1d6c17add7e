import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { parseDeploymentConfig } from '../../../infra/config.js';
import { ModerationStack } from '../../../infra/moderation-stack.js';

export const BASE_CONFIG = {
  agora: { baseUrl: 'https://a41.chat.agora.io', org: 'acme', app: 'chat' },
  alarmEmail: 'oncall@example.com',
  scheduleTimeZone: 'Europe/Berlin',
};

/**
 * The stack for a configuration, without bundling (the bundles have their own smoke test, and
 * bundling three functions per synth would make every case here slow).
 */
export function buildStack(overrides: Record<string, unknown> = {}) {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const config = parseDeploymentConfig({ ...BASE_CONFIG, ...overrides });
  return { app, config, stack: new ModerationStack(app, 'Test', config) };
}

/** `buildStack`, synthesized into a template. */
export function synthStack(overrides: Record<string, unknown> = {}) {
  const built = buildStack(overrides);
  return { ...built, template: Template.fromStack(built.stack) };
}
