/**
 * `npm run deploy [-- <cdk arguments>]`: reads the account's Lambda concurrency quota first, stops
 * before CloudFormation when the callbacks' reservations cannot fit it (saying why and the ways
 * out), and otherwise runs `cdk deploy` with the arguments given and the quota it read as the
 * context `groupmod:accountConcurrencyLimit`, so synth checks the stack against the real quota.
 *
 * `--quota-check-only` (not passed to cdk) stops after the check: exit 0 when the deploy would go
 * on, 1 when it would stop.
 */
// First, before the AWS SDK loads: its Node.js support notice is not this command's to print.
import '../../local/quiet-sdk-notice.js';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ConfigError } from '../../functions/config/index.js';
import { deploymentSchema, groupmodSettings, MEASURED_CONCURRENCY_LIMIT_CONTEXT } from '../config.js';
import { QuotaUnreadableError, readAccountConcurrency } from './account-concurrency-quota.js';
import { contextValues, groupmodContextOf, profileOf } from './deploy-arguments.js';
import { checkReservations } from './reservation-check.js';

const CHECK_ONLY = '--quota-check-only';
const PREFIX = 'deploy:';

/** The cdk CLI of this project, run with this Node.js. */
function cdkCli(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('aws-cdk/package.json')), 'bin', 'cdk');
}

async function main(argv: string[]): Promise<number> {
  const checkOnly = argv.includes(CHECK_ONLY);
  const args = argv.filter((arg) => arg !== CHECK_ONLY);
  const cdkJson = JSON.parse(readFileSync('cdk.json', 'utf8')) as { context?: Record<string, unknown> };
  // cdk takes the last -c of a key: a quota given here would replace the one measured below.
  const givenQuota = contextValues(args, MEASURED_CONCURRENCY_LIMIT_CONTEXT).at(-1);
  if (givenQuota !== undefined) {
    console.error(
      `${PREFIX} -c ${MEASURED_CONCURRENCY_LIMIT_CONTEXT}=${givenQuota} refused: ` +
        "npm run deploy reads the account's quota itself and hands it to synth under that key, and yours would replace it. " +
        'Leave it out; to synthesize against a quota of your choosing, ' +
        'set groupmod.accountConcurrencyLimit and run `npx cdk deploy` directly, which skips this check.',
    );
    return 1;
  }

  // Invalid settings are cdk's to report, naming each; the check needs only the reservations.
  let settings: ReturnType<typeof deploymentSchema.safeParse> | undefined;
  try {
    settings = deploymentSchema.safeParse(groupmodSettings(groupmodContextOf(args, cdkJson.context)));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
  }
  const quota = await readAccountConcurrency({ profile: profileOf(args) });
  const read = `Lambda concurrency quota in ${quota.region}: ${quota.limit} (${quota.unreserved} unreserved)`;
  if (settings?.success) {
    const { preDelivery, postDelivery } = settings.data.callbacks;
    const reservations = {
      preDelivery: preDelivery.reservedConcurrency,
      postDelivery: postDelivery.reservedConcurrency,
    };
    const verdict = checkReservations(quota, reservations, quota.region);
    if (!verdict.proceed) {
      console.error(verdict.message);
      return 1;
    }
    console.log(`${PREFIX} ${read}; the callbacks reserve ${verdict.reserved}: it fits`);
    for (const note of verdict.notes) console.warn(`${PREFIX} warning: ${note}`);
  } else {
    console.log(`${PREFIX} ${read}; the settings are invalid, cdk names the problems`);
  }
  const command = ['deploy', '--no-notices', '-c', `${MEASURED_CONCURRENCY_LIMIT_CONTEXT}=${quota.limit}`, ...args];
  if (checkOnly) {
    console.log(`${PREFIX} would run: cdk ${command.join(' ')}`);
    return 0;
  }
  const cdk = spawn(process.execPath, [cdkCli(), ...command], { stdio: 'inherit' });
  return new Promise((resolve) => {
    cdk.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    cdk.on('error', (error) => {
      console.error(`${PREFIX} cannot start cdk: ${error.message}`);
      resolve(1);
    });
  });
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof QuotaUnreadableError)) throw error;
  console.error(`${PREFIX} ${error.message}`);
  process.exitCode = 1;
}
