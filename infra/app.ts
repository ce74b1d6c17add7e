/**
 * The CDK app (`cdk.json` runs it with tsx): reads the `groupmod` context, refuses cdk.json's
 * placeholder settings (except for `npm run synth`), takes the account's concurrency quota that
 * `npm run deploy` read before it, builds the stack and runs the cdk-nag AwsSolutions checks on
 * it. Synthesis needs no AWS credentials and no Docker.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ConfigError } from '../functions/config/index.js';
import { MEASURED_CONCURRENCY_LIMIT_CONTEXT, parseDeploymentConfig } from './config.js';
import { ModerationStack } from './moderation-stack.js';
import { ALLOW_PLACEHOLDERS_CONTEXT, refusePlaceholders } from './placeholders.js';

const app = new App();
try {
  const config = parseDeploymentConfig(
    app.node.tryGetContext('groupmod'),
    app.node.tryGetContext(MEASURED_CONCURRENCY_LIMIT_CONTEXT),
  );
  refusePlaceholders(config, app.node.tryGetContext(ALLOW_PLACEHOLDERS_CONTEXT));
  new ModerationStack(app, config.stackName, config, {
    ...(process.env.CDK_DEFAULT_ACCOUNT && {
      env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    }),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  app.synth();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`cdk: ${error.message}`);
  process.exit(1);
}
