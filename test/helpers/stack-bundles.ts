/**
 * The functions' bundles exactly as a deploy ships them: the stack synthesized with its real
 * bundling (local esbuild), each function's asset folder found through the asset metadata the
 * CDK CLI asks for. Used by the bundle smoke test and the cold-start benchmark.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { FUNCTION_BUNDLING } from '../../infra/constructs/node-function.js';
import { parseDeploymentConfig } from '../../infra/config.js';
import { ModerationStack } from '../../infra/moderation-stack.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const FUNCTION_NAMES = ['moderation', 'audit', 'export', 'pre-delivery', 'post-delivery'] as const;
export type FunctionName = (typeof FUNCTION_NAMES)[number];

const LOGICAL_ID_PREFIXES: [string, FunctionName][] = [
  ['Moderation', 'moderation'],
  ['JobsAudit', 'audit'],
  ['JobsExport', 'export'],
  ['CallbacksPreDelivery', 'pre-delivery'],
  ['CallbacksPostDelivery', 'post-delivery'],
];

export interface StackBundle {
  /** The asset folder: what Lambda unpacks into its task root. */
  dir: string;
  /** The bundle Lambda loads (`index.handler`). */
  file: string;
  /** The function's environment in the template (values known only at deploy time left out). */
  environment: Record<string, string>;
}

/** Synthesizes the stack for `settings` (the `groupmod` context) into `outdir` and finds each function's bundle. */
export function synthesizeBundles(
  outdir: string,
  settings: Record<string, unknown> = {},
): Record<FunctionName, StackBundle> {
  const app = new App({ outdir, context: { 'aws:cdk:enable-asset-metadata': true } });
  const config = parseDeploymentConfig({
    agora: { baseUrl: 'https://a41.chat.agora.io', org: 'o', app: 'a' },
    ...settings,
  });
  const stack = new ModerationStack(app, 'Bundles', config);
  const template = app.synth().getStackByName(stack.stackName).template as {
    Resources: Record<
      string,
      {
        Type: string;
        Metadata?: Record<string, string>;
        Properties: { Environment?: { Variables?: Record<string, unknown> } };
      }
    >;
  };
  const bundles: Partial<Record<FunctionName, StackBundle>> = {};
  for (const [id, resource] of Object.entries(template.Resources)) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || !assetPath || id.startsWith('CustomS3AutoDelete')) continue;
    const name = LOGICAL_ID_PREFIXES.find(([prefix]) => id.startsWith(prefix))?.[1];
    if (!name) throw new Error(`a function the bundles do not know: ${id}`);
    const variables = resource.Properties.Environment?.Variables ?? {};
    const environment = Object.fromEntries(
      Object.entries(variables).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    bundles[name] = { dir: join(outdir, assetPath), file: join(outdir, assetPath, 'index.mjs'), environment };
  }
  const missing = FUNCTION_NAMES.filter((name) => !bundles[name]);
  if (missing.length > 0) throw new Error(`no bundle for ${missing.join(', ')}`);
  return bundles as Record<FunctionName, StackBundle>;
}

/**
 * esbuild's metafile of a handler bundled with the stack's options (`FUNCTION_BUNDLING`), as
 * the CDK passes them to esbuild: which files each bundle holds, and the bundle's bytes, which
 * the caller can compare with the synthesized bundle's to know it saw the same build.
 * @param entry a handler file under functions/, e.g. `callbacks/pre-delivery-handler.ts`
 */
export async function bundleMetafile(entry: string): Promise<{ inputs: string[]; bytes: number }> {
  const bundling = FUNCTION_BUNDLING;
  const outdir = mkdtempSync(join(tmpdir(), 'bundle-meta-'));
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [join('functions', entry)],
      outfile: join(outdir, 'index.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: bundling.target,
      minify: bundling.minify,
      sourcemap: bundling.sourceMap,
      sourcesContent: bundling.sourcesContent,
      mainFields: [...bundling.mainFields],
      banner: { js: bundling.banner },
      alias: Object.fromEntries(
        Object.entries(bundling.esbuildArgs).map(([arg, path]) => [arg.slice('--alias:'.length), path]),
      ),
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs).find((out) => out.entryPoint !== undefined)!;
    return {
      inputs: Object.keys(output.inputs).filter((input) => output.inputs[input]!.bytesInOutput > 0),
      bytes: output.bytes,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
