#!/usr/bin/env node
// Runs the compiled CLI: dist/cli/, built by `npm ci` (the prepare script) or `npm run build`.
import module from 'node:module';
import process from 'node:process';
import v8 from 'node:v8';

// undici's HTTP parser is WebAssembly; V8 recompiles it in the background for speed, and a
// process that has finished still waits for that (about 0.3 s) before it exits. A CLI call is
// over long before the faster code would pay off, so keep the first compilation.
v8.setFlagsFromString('--liftoff-only');
// Node.js 22 and later keep compiled code between runs.
module.enableCompileCache?.();
// See local/quiet-sdk-notice.ts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

try {
  await import('../dist/cli/main.js');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/cli/main.js')) throw error;
  console.error('groupmod: the CLI is not built: run npm ci, or npm run build');
  process.exitCode = 1;
}
