/**
 * `npm run emulator`: runs the Agora Chat emulator on its own and prints how to reach it.
 *
 * Settings (environment):
 * - `EMULATOR_PORT` port to listen on (default 4180; 0 picks a free one)
 * - `EMULATOR_SEED` groups to seed at start (default 100, as `npm start`)
 * - `EMULATOR_RATE_LIMIT` calls per second per endpoint, joined groups capped at 50 (default: none)
 */
import { z } from 'zod';
import { issueLines } from '../../functions/validation/index.js';
import { startEmulator } from './server.js';

const settings = z
  .object({
    EMULATOR_PORT: z.coerce.number().int().min(0).max(65535).default(4180),
    EMULATOR_SEED: z.coerce.number().int().min(0).default(100),
    EMULATOR_RATE_LIMIT: z.coerce.number().positive().optional(),
  })
  .safeParse(process.env);
if (!settings.success) {
  for (const line of issueLines(settings.error)) console.error(`invalid ${line}`);
  process.exit(2);
}
const { EMULATOR_PORT, EMULATOR_SEED, EMULATOR_RATE_LIMIT } = settings.data;

const emulator = await startEmulator({
  port: EMULATOR_PORT,
  rateLimits: EMULATOR_RATE_LIMIT ? { default: EMULATOR_RATE_LIMIT } : false,
});
if (EMULATOR_SEED > 0) emulator.store.seed({ count: EMULATOR_SEED });

console.log(`Agora Chat emulator listening on ${emulator.baseUrl} (${emulator.store.size} groups)`);
console.log('Point groupmod at it with:\n');
console.log(`export AGORA_BASE_URL=${emulator.baseUrl}`);
console.log(`export AGORA_ORG=${emulator.org}`);
console.log(`export AGORA_APP=${emulator.app}`);
console.log(`export AGORA_APP_TOKEN=${emulator.appToken}`);
console.log(
  `# or mint tokens yourself: AGORA_APP_ID=${emulator.appId} AGORA_APP_CERTIFICATE=${emulator.appCertificate}`,
);
console.log('\nPress Ctrl+C to stop.');

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
