/**
 * `npm run demo`: a scripted tour of the client against the embedded Agora Chat emulator, which
 * runs with the service's real limits (100 calls/s per endpoint, 50/s for joined groups, pages of
 * joined groups capped at 20). It exits 0 with a summary, or 1 naming the step that failed.
 */
import { AgoraChatClient, type RetryEvent } from '../functions/agora/index.js';
import { startEmulator } from './emulator/index.js';

const emulator = await startEmulator({ rateLimits: { default: 100, joined: 50 } });
const retries: RetryEvent[] = [];
const client = new AgoraChatClient({
  baseUrl: emulator.baseUrl,
  org: emulator.org,
  app: emulator.app,
  credentials: { appId: emulator.appId, appCertificate: emulator.appCertificate },
  onRetry: (event) => retries.push(event),
});
const step = (text: string) => console.log(`• ${text}`);

try {
  const started = performance.now();
  emulator.store.seed({ count: 2_000, users: 50, disabledEvery: 40 });
  step(`emulator on ${emulator.baseUrl} seeded with ${emulator.store.size} groups`);

  const { groupId } = await client.groups.create({ name: 'late night trading', description: 'reported for spam', owner: 'mod_alice', public: true, members: ['user1', 'user2'] });
  step(`created group ${groupId}`);

  emulator.faults.set({ sequence: [429, 503] });
  await client.groups.disable(groupId);
  step(`disabled it through a 429 and a 503 (${retries.length} retries, backoff with jitter)`);
  const details = await client.groups.get(groupId);
  step(`details confirm disabled=${details.disabled}, ${details.memberCount} members`);
  await client.groups.enable(groupId);
  step('enabled it again');

  let listed = 0;
  let disabled = 0;
  let pages = 0;
  for await (const page of client.groups.listPages({ pageSize: 100 })) {
    pages++;
    listed += page.groups.length;
    for await (const group of client.groups.getMany(page.groups.map((g) => g.id))) if (group.disabled) disabled++;
  }
  step(`listed ${listed} groups in ${pages} pages and read their details 100 at a time: ${disabled} disabled`);

  let joined = 0;
  for await (const _group of client.groups.joined('user1', { pageSize: 1000 })) joined++;
  step(`user1 belongs to ${joined} groups (pages capped at 20 by the service, followed to the end)`);

  const rejected = emulator.stats;
  const tooMany = Object.values(rejected).reduce((sum, byStatus) => sum + (byStatus?.[429] ?? 0), 0);
  console.log(`\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s: ${retries.length} retries, ${tooMany} answers of 429 (all injected; the client's own throttle kept under the limits).`);
} catch (error) {
  console.error('demo failed:', error);
  process.exitCode = 1;
} finally {
  await client.close();
  await emulator.close();
}
