/**
 * `npm run demo`: a scripted moderation scenario on the embedded local stack (emulator at the
 * service's real limits, fauxqs, dynalite, the local scheduler and poller). Every claim in the
 * summary is checked against the emulator, the ledger and the DLQ; it exits 0 when all hold and
 * 1 naming the first that does not.
 */
import './quiet-sdk-notice.js';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { banIdFor, ParkAttribute } from '../functions/moderation/index.js';
import { EVENT_VERSION, type ModerationEvent, sendModerationEvents } from '../functions/events/index.js';
import { DEMO_RULES, DEMO_SANCTIONS_POLICY, spamWave } from './demo-spam-wave.js';
import { startLocalStack } from './stack/local-stack.js';
import { waitFor } from './wait-for.js';

process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
const THRESHOLD = 8;
const TIMED_BAN_SECONDS = 3;

const stack = await startLocalStack({
  emulator: { rateLimits: { default: 100, joined: 50 } },
  // The first ban and the raid's group mute last a few seconds so the demo can watch them end; the
  // members' ladder recalls, then mutes, then removes a repeat offender.
  policy: {
    threshold: { count: THRESHOLD, windowSeconds: 3600 },
    banDurations: [TIMED_BAN_SECONDS, 86_400, 'permanent'],
    ...DEMO_SANCTIONS_POLICY,
  },
  backoff: { baseSeconds: 1, maxSeconds: 2 },
  logLevel: 'SILENT',
  // A pre-delivery timeout above Agora's 200 ms default: the demo runs beside other work.
  callbacks: { rules: DEMO_RULES, emulator: { preDelivery: { timeoutMs: 1_000 } } },
});
const step = (text: string) => console.log(`• ${text}`);

function event<T extends ModerationEvent['type']>(
  type: T,
  groupId: string,
  reason: string,
  extra: object = {},
): ModerationEvent {
  return {
    version: EVENT_VERSION,
    id: randomUUID(),
    type,
    groupId,
    reason,
    source: 'demo',
    time: new Date().toISOString(),
    ...extra,
  } as ModerationEvent;
}

const processed = (e: ModerationEvent) =>
  waitFor(`event ${e.id} (${e.type})`, () => stack.ledger.getProcessed(e.id), 20_000);
const disabled = (groupId: string) => stack.emulator!.store.get(groupId)!.disabled;
function check(claim: string, holds: boolean): void {
  if (!holds) throw new Error(`check failed: ${claim}`);
}

let sent = 0;
const send = async (...events: ModerationEvent[]) => {
  sent += (await sendModerationEvents(stack.sqs.client, stack.sqs.queueUrl, events)).sent.length;
};

try {
  const started = performance.now();
  const { first } = stack.emulator!.store.seed({ count: 1_000, users: 100 });
  const [spammy, raided, appealed, poisoned] = [0n, 1n, 2n, 3n].map((i) => String(BigInt(first!) + i));
  // The chat scenes' groups, with the members who post in them.
  const chatGroup = (name: string, members: string[]) =>
    stack.emulator!.store.insert({ name, owner: 'olga', members: ['adam', 'ann', 'bob', ...members], admins: ['adam'] })
      .id;
  const wave = chatGroup('spam wave', ['spam1', 'spam2']);
  const raidedByChat = chatGroup('raid', ['r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
  const sustained = chatGroup('sustained raid', ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10']);
  const quiet = chatGroup('quiet', ['user7']);
  step(
    `local stack up: emulator ${stack.agora.baseUrl} (1,000 groups), SQS ${stack.sqs.endpoint}, DynamoDB ${stack.dynamo.endpoint}`,
  );

  const reports = Array.from({ length: THRESHOLD + 1 }, (_, i) =>
    event('violation.reported', spammy!, `spam report ${i + 1}`, { category: 'spam' }),
  );
  await send(...reports.slice(0, THRESHOLD - 1));
  await processed(reports[THRESHOLD - 2]!);
  check('group stays enabled below the threshold', !disabled(spammy!));
  step(`${THRESHOLD - 1} violation reports for ${spammy}: counted, group still enabled`);

  await send(reports[THRESHOLD - 1]!);
  const crossing = await processed(reports[THRESHOLD - 1]!);
  check(
    'the threshold-crossing report disables the group',
    disabled(spammy!) && crossing.outcome.startsWith('disabled'),
  );
  await send(reports[THRESHOLD]!);
  await processed(reports[THRESHOLD]!);
  check('a further report in the window does not ban again', (await stack.ledger.listBans(spammy!)).length === 1);
  step(
    `report ${THRESHOLD} crossed the threshold: ${spammy} disabled for ${TIMED_BAN_SECONDS} s (first offence); report ${THRESHOLD + 1} did not ban again`,
  );

  stack.emulator!.faults.set({ sequence: [429, 429, 503], endpoints: ['disable'] });
  const raid = event('violation.threshold_reached', raided!, 'classifier: coordinated raid', { duration: 'permanent' });
  await send(raid);
  await processed(raid);
  check('the raided group is disabled despite 429s and a 503', disabled(raided!));
  step(
    `${raided} disabled permanently by the classifier's threshold event, through two 429s and a 503 (retried with backoff)`,
  );

  const disable = event('group.disable', appealed!, 'moderator: hate speech', { duration: 86_400 });
  const enable = event('group.enable', appealed!, 'appeal granted');
  await send(disable, enable);
  await processed(enable);
  check(
    'the appealed group ends enabled, its ban lifted',
    !disabled(appealed!) && (await stack.ledger.listBans(appealed!))[0]?.status === 'lifted',
  );
  step(`${appealed} disabled by a moderator, then enabled on appeal: the ban is lifted in the ledger`);

  await stack.sqs.client.send(
    new SendMessageCommand({
      QueueUrl: stack.sqs.queueUrl,
      MessageBody: '{"type":"group.disable","groupId":"abc"}',
      MessageGroupId: poisoned!,
      MessageDeduplicationId: randomUUID(),
    }),
  );
  sent += 1;
  const parked = await waitFor(
    'the poison event in the DLQ',
    () => stack.inspect().deadLetters.messages.ready[0],
    20_000,
  );
  step(
    `a malformed event was parked in the DLQ, with its reason: ${parked.messageAttributes[ParkAttribute.Reason]?.StringValue ?? '(no reason)'}`,
  );

  const expiry = await processed({ id: `expire-${banIdFor(reports[THRESHOLD - 1]!.id)}` } as ModerationEvent);
  check('the timed ban is lifted by its ban.expire', !disabled(spammy!) && expiry.outcome.startsWith('enabled'));
  step(`${TIMED_BAN_SECONDS} s later the timed ban's ban.expire arrived: ${spammy} enabled again`);

  await spamWave(stack, { wave, raided: raidedByChat, sustained, quiet }, { step, check });

  // Counted from the ledger and the emulator, not from the script: the summary is a claim too.
  const chatGroups = [wave, raidedByChat, sustained, quiet];
  const banned = (
    await Promise.all(
      [spammy, raided, appealed, ...chatGroups].map(async (g) => ({ g: g!, bans: await stack.ledger.listBans(g!) })),
    )
  ).filter(({ bans }) => bans.length > 0);
  const chatSanctions = (await Promise.all(chatGroups.map((g) => stack.ledger.listSanctions(g)))).flat();
  const applied = (kind: string) => chatSanctions.filter((s) => s.kind === kind && s.status === 'applied').length;
  const stats = stack.emulator!.stats;
  const tooMany = Object.values(stats).reduce((sum, byStatus) => sum + (byStatus[429] ?? 0), 0);
  check('the summary counts the groups each step disabled', banned.length === 4);
  check('the chat scenes recalled, muted members and muted groups', applied('recall') >= 12 && applied('mute') === 2);
  check('the 429s absorbed are the fault injected on disable alone', tooMany === (stats.disable?.[429] ?? 0));
  console.log(
    `\ndemo passed in ${((performance.now() - started) / 1000).toFixed(1)} s: ${sent} events sent by hand (plus 1 ban.expire ` +
      `and the group unmutes from the scheduler, and the chat's violations from the callbacks), ${banned.length} groups disabled, ` +
      `1 threshold crossed by reports and 1 by a sustained raid, 1 timed ban lifted, 1 poison event parked, ` +
      `${applied('recall')} messages recalled, ${applied('mute')} members muted, ${applied('mute-all')} groups muted ` +
      `under a raid, 1 message rejected at pre-delivery; ` +
      `${stack.poller.stats.invocations} handler invocations, ${stats.disable?.[429] ?? 0} 429s absorbed`,
  );
} catch (error) {
  console.error(`demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stack.close();
}
