#!/usr/bin/env node
// Runs the TypeScript CLI through tsx, so `npx groupmod` works right after `npm ci`.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
// See local/quiet-sdk-notice.ts.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('../functions/cli/main.ts');
