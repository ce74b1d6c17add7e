/** `groupmod events send`: what it takes; the work is in events-commands.ts. */
import type { Command } from 'commander';
import { example, runs } from './define-command.js';
import type { Session } from './session.js';

/**
 * The event types of schema v1, for the help only: loading the schema would load zod. A test
 * checks this list against the schema's.
 */
const EVENT_TYPES_HELP =
  'violation.threshold_reached, violation.reported, group.disable, group.enable, ban.expire, ban.enforce, ' +
  'member.mute, member.unmute, member.remove, member.block, member.unblock, group.mute_all, group.unmute_all, message.recall';

export function addEventsCommands(program: Command, session: Session): void {
  const events = program.command('events').description('send moderation events to the moderation queue');
  runs(
    events
      .command('send')
      .description('send one event from flags, or every event of a JSON-lines file; all are checked before any is sent')
      .option('--type <TYPE>', `the event type: ${EVENT_TYPES_HELP}`)
      .option('--group <GROUP_ID>', 'the group')
      .option('--reason <TEXT>', 'why, for the ledger and the audit')
      .option('--source <NAME>', 'who sends it (default: groupmod:<your user name>)')
      .option(
        '--duration <SECONDS|permanent>',
        'how long the ban lasts (disable, threshold_reached; default: the policy’s) or the mute (member.mute, group.mute_all)',
      )
      .option(
        '--users <USER,...>',
        'the members acted on, comma-separated (member.mute, unmute, remove, block, unblock)',
      )
      .option('--category <NAME>', 'what kind of violation (violation.reported)')
      .option('--sender <USER>', 'who sent the offending message (violation.reported, threshold_reached)')
      .option(
        '--message-id <ID>',
        'the offending message (violation.reported, threshold_reached) or the one to recall (message.recall, with --sender)',
      )
      .option('--mute-id <ID>', 'the group mute that ends (group.unmute_all; default: whichever is in force)')
      .option('--ban-id <ID>', 'the ban that ends (ban.expire) or is enforced again (ban.enforce)')
      .option('--id <ID>', 'the event id, to resend an event (default: a new UUID)')
      .option('--time <ISO>', 'when it happened, with a zone (default: now)')
      .option('--file <FILE>', 'JSON lines, one event each ("-" reads stdin); instead of the flags above')
      .addHelpText(
        'after',
        '\nNeeds MODERATION_QUEUE_URL and AWS credentials and region; AWS_ENDPOINT_URL_SQS for a queue outside AWS.\nPrints one JSON line per event sent: {"id", "groupId", "type", "queueMessageId"} (the id SQS gave it).',
      )
      .addHelpText(
        'after',
        example(
          'groupmod events send --type group.disable --group 200000000000000001 --reason "spam wave" --duration 3600',
          'groupmod events send --type member.mute --group 200000000000000001 --users spammer1,spammer2 --duration 600 --reason "scam links"',
          'groupmod events send --file events.jsonl',
        ),
      ),
    session,
    async () => (await import('./events-commands.js')).send,
  );
}
