/**
 * `npm start`: the moderation pipeline on this machine (see local/stack/local-stack.ts) until
 * Ctrl+C. It prints where everything listens and how to send an event.
 *
 * Settings (environment), all optional:
 * - `STACK_SQS_PORT` (default 4566) fauxqs: SQS and S3; `STACK_DYNAMODB_PORT` (default 4567) dynalite
 * - `EMULATOR_PORT` (default 4180), `EMULATOR_SEED` groups to seed (default 100)
 * - `MODERATION_POLICY` (JSON), `MODERATION_DRY_RUN` (true|false)
 * - `CALLBACKS_PORT` (default 4182) the callbacks ingress, both endpoints; `MODERATION_RULES_FILE`
 *   its rules, a JSON file as the deployed functions read theirs (or `MODERATION_RULES`, the JSON);
 *   `AGORA_CALLBACK_SECRET` its secrets, separated by commas as the functions read
 *   them (the emulator signs with the first; default: a random one, printed)
 * - `LOCAL_AGORA=app` with `AGORA_BASE_URL`, `AGORA_ORG`, ...: a real Agora app instead of the
 *   emulator (only then: the `AGORA_*` exports this command prints must not turn it on by accident)
 * - `POWERTOOLS_METRICS_DISABLED=false` to print the EMF metrics lines as well as the logs
 */
import './quiet-sdk-notice.js';
import { z } from 'zod';
import { rulesFromEnvironment } from '../functions/callbacks/index.js';
import { agoraClientOptionsFromVariables, ConfigError } from '../functions/config/index.js';
import { policySchema } from '../functions/moderation/index.js';
import { startLocalStack } from './stack/local-stack.js';

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const settingsSchema = z.object({
  STACK_SQS_PORT: port(4566),
  STACK_DYNAMODB_PORT: port(4567),
  EMULATOR_PORT: port(4180),
  EMULATOR_SEED: z.coerce.number().int().min(0).default(100),
  CALLBACKS_PORT: port(4182),
  MODERATION_RULES: z.string().optional(),
  MODERATION_RULES_FILE: z.string().optional(),
  AGORA_CALLBACK_SECRET: z.string().min(1).optional(),
  MODERATION_POLICY: z.string().optional(),
  MODERATION_DRY_RUN: z.enum(['true', 'false']).optional(),
  /** `app` moderates the Agora app of the `AGORA_*` variables; anything else runs the emulator. */
  LOCAL_AGORA: z.enum(['emulator', 'app']).default('emulator'),
});

function fail(message: string): never {
  console.error(`npm start: ${message}`);
  process.exit(2);
}

const parsed = settingsSchema.safeParse(process.env);
if (!parsed.success) fail(ConfigError.fromZod(parsed.error).message);
const settings = parsed.data;
let policy: Record<string, unknown> = {};
try {
  policy = settings.MODERATION_POLICY ? (JSON.parse(settings.MODERATION_POLICY) as Record<string, unknown>) : {};
} catch (error) {
  fail(`MODERATION_POLICY: not JSON: ${(error as Error).message}`);
}
if (settings.MODERATION_DRY_RUN) policy = { ...policy, dryRun: settings.MODERATION_DRY_RUN === 'true' };
const checkedPolicy = policySchema.safeParse(policy);
if (!checkedPolicy.success) fail(ConfigError.fromZod(checkedPolicy.error, 'MODERATION_POLICY').message);
// Read as the callbacks functions read theirs: a relative file from the working folder here.
const readRules = rulesFromEnvironment({
  MODERATION_RULES: settings.MODERATION_RULES,
  MODERATION_RULES_FILE: settings.MODERATION_RULES_FILE,
});
if (!readRules.ok) fail(readRules.problems.join('\n  '));
const rules = readRules.rules;

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const realApp = settings.LOCAL_AGORA === 'app';
if (!realApp && process.env.AGORA_BASE_URL) {
  console.error(
    `npm start: AGORA_BASE_URL and the other AGORA_* variables are ignored: the emulator runs (set LOCAL_AGORA=app to moderate that app instead)`,
  );
}
let stack;
try {
  stack = await startLocalStack({
    ...(realApp
      ? { agora: agoraClientOptionsFromVariables() }
      : { emulator: { port: settings.EMULATOR_PORT, rateLimits: { default: 100, joined: 50 } } }),
    policy,
    sqsPort: settings.STACK_SQS_PORT,
    dynamoPort: settings.STACK_DYNAMODB_PORT,
    callbacks: {
      port: settings.CALLBACKS_PORT,
      rules,
      ...(settings.AGORA_CALLBACK_SECRET && { secret: settings.AGORA_CALLBACK_SECRET }),
    },
    logLevel: 'INFO',
  });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
  fail(
    inUse
      ? `${message}: another program (an earlier npm start?) holds the port; stop it, or choose others with EMULATOR_PORT, STACK_SQS_PORT, STACK_DYNAMODB_PORT and CALLBACKS_PORT (0 for any free port)`
      : message,
  );
}

const seeded = stack.emulator?.store.seed({ count: settings.EMULATOR_SEED }).first;
const exports = Object.entries(stack.env).map(([name, value]) => `export ${name}=${value}`);
const example = seeded ?? '<group id>';

console.log(`Moderation pipeline running locally:
  Agora Chat   ${stack.agora.baseUrl}${stack.emulator ? ` (emulator, ${stack.emulator.store.size} groups, 100 calls/s per endpoint)` : ' (YOUR AGORA APP: groups are really disabled, and the bans are kept only in this local ledger)'}
  SQS + S3     ${stack.sqs.endpoint}  queue ${stack.sqs.queueUrl}, bucket ${stack.s3.bucket}
  DynamoDB     ${stack.dynamo.endpoint}  ledger table ${stack.dynamo.tableName}
  policy       ${JSON.stringify(stack.policy)}
  callbacks    ${stack.callbacks.preDeliveryUrl}, ${stack.callbacks.postDeliveryUrl}: ${stack.callbacks.rules.rules.length} rule(s)${stack.emulator ? ', called by the emulator' : ''}

In another terminal:
${exports.join('\n')}

npx groupmod events send --type group.disable --group ${example} --reason "spam wave" --duration 60
npx groupmod groups get ${example}        # disabled: true; enabled again after 60 s
npx groupmod audit run --out ./runs      # every group, findings against the ledger
${
  stack.emulator
    ? `curl -s -X POST ${stack.agora.baseUrl}/_emulator/messages -d '{"groupId":"${example}","from":"user0","text":"hello"}'   # a chat message from the group's owner, through the callbacks
`
    : ''
}
Everything here lives in memory: the ledger, the queues, the emulator's groups and the secrets
printed above are new at every start. Decisions are logged below as JSON lines. Press Ctrl+C to stop.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stack.close().then(() => process.exit(0));
  });
}
