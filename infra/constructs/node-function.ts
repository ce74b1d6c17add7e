import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyDocument, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import {
  ENVIRONMENT_LIMIT_BYTES,
  environmentSize,
  largestVariables,
  UNRESOLVED_VALUE_BYTES,
} from './environment-size.js';

export interface NodeFunctionProps {
  /** Source file under functions/, e.g. `moderation/handler.ts`. */
  entry: string;
  environment: Record<string, string>;
  timeout: Duration;
  memorySize?: number;
  /** Instances at most (and reserved for it). @default none: the account's unreserved pool */
  reservedConcurrency?: number;
  logRetentionDays: number;
  removalPolicy: RemovalPolicy;
  /**
   * Files copied into the function's code beside the bundle once it is built, by their name in
   * the code folder: the path of each on this machine. What the code reads at init and the
   * environment's 4 KB cannot hold (the callbacks' rules).
   */
  assetFiles?: Record<string, string>;
}

/**
 * How every function is bundled: by the local esbuild (no Docker), as an ES module for Node.js 24,
 * minified, with a source map file beside the bundle (see `nodeFunction` on why it is not loaded).
 * Exported for the bundle smoke test and the cold-start benchmark, which look inside the bundles.
 */
export const FUNCTION_BUNDLING = {
  forceDockerBundling: false,
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // The AWS SDK is bundled too, not taken from the runtime: the deployed code is the tested code.
  externalModules: [],
  esbuildArgs: Object.fromEntries<string>([
    // Node's HTTP modules through require(), not import: see infra/bundling/node-http.cjs.
    ...['http', 'https'].flatMap((name): [string, string][] => {
      const shim = fileURLToPath(new URL(`../bundling/node-${name}.cjs`, import.meta.url));
      return [
        [`--alias:${name}`, shim],
        [`--alias:node:${name}`, shim],
      ];
    }),
    // The credentials Lambda gives, from the environment, without the rest of the SDK's default chain.
    [
      '--alias:@aws-sdk/credential-provider-node',
      fileURLToPath(new URL('../bundling/credential-provider-env.mjs', import.meta.url)),
    ],
  ]),
  // Bundled CommonJS dependencies still call require() for Node's own modules.
  banner:
    "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
} as const satisfies BundlingOptions;

/** The exported function every handler file provides; the stack tests check each file has it. */
export const HANDLER_EXPORT = 'handler';

/**
 * A function the way every handler here is deployed: Node.js 24 on ARM64, bundled by the local
 * esbuild (no Docker) as an ES module, with its own log group.
 */
export function nodeFunction(scope: Construct, id: string, props: NodeFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: retention(props.logRetentionDays),
    removalPolicy: props.removalPolicy,
  });
  // Its own role, writing to its own log group only (instead of the managed basic execution role).
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    inlinePolicies: {
      logs: new PolicyDocument({
        statements: [
          new PolicyStatement({
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [logGroup.logGroupArn],
          }),
        ],
      }),
    },
  });
  // No NODE_OPTIONS=--enable-source-maps: Node.js would read and parse the whole source map at
  // every cold start (megabytes, for a pre-delivery verdict that has 200 ms in all). The map
  // stays in the asset beside the bundle, without the sources' text (they are in the repository):
  // setting that variable on a function while debugging maps its stack traces again.
  const environment = { ...props.environment };
  const fn = new NodejsFunction(scope, id, {
    role,
    entry: fileURLToPath(new URL(`../../functions/${props.entry}`, import.meta.url)),
    handler: HANDLER_EXPORT,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize ?? 512,
    ...(props.reservedConcurrency !== undefined && { reservedConcurrentExecutions: props.reservedConcurrency }),
    timeout: props.timeout,
    logGroup,
    environment,
    bundling: { ...FUNCTION_BUNDLING, ...(props.assetFiles && { commandHooks: copyInto(props.assetFiles) }) },
  });
  // Lambda refuses an environment over 4 KB only at deploy time; refuse it at synth instead.
  fn.node.addValidation({
    validate: () => {
      const size = environmentSize(environment);
      if (size <= ENVIRONMENT_LIMIT_BYTES) return [];
      return [
        `its environment may take ${size} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES} (names known only at deploy time counted at ${UNRESOLVED_VALUE_BYTES}); largest: ${largestVariables(environment, 3).join(', ')}`,
      ];
    },
  });
  return fn;
}

/**
 * Bundling hooks that copy `files` into the bundle's folder after esbuild: local bundling runs
 * them in this machine's shell, each path quoted (Windows' `copy`, `cp` elsewhere).
 */
function copyInto(files: Record<string, string>): ICommandHooks {
  const copy = process.platform === 'win32' ? 'copy /Y' : 'cp';
  const quote = (path: string) => `"${path.replace(/"/g, '\\"')}"`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir, outputDir) =>
      Object.entries(files).map(([name, source]) => `${copy} ${quote(source)} ${quote(join(outputDir, name))}`),
  };
}

function retention(days: number): RetentionDays {
  const allowed = Object.values(RetentionDays)
    .filter((value): value is RetentionDays => typeof value === 'number' && value > 0)
    .sort((a, b) => a - b);
  return allowed.find((value) => value >= days) ?? RetentionDays.TEN_YEARS;
}
