/** `groupmod audit run` and `groupmod export ...`: what they take; the work is in jobs-commands.ts. */
import { Option, type Command } from 'commander';
import { example, runs } from './define-command.js';
import type * as JobsCommands from './jobs-commands.js';
import type { Session } from './session.js';

type Commands = typeof JobsCommands;

/**
 * The audit's default near-capacity ratio, for the help. Written here rather than imported: the
 * audit's module brings the whole job machinery into every `--help` (the bundler splits by file).
 * A unit test holds it equal to the audit's own default.
 */
export const NEAR_CAPACITY_DEFAULT = 0.9;
const load = (name: keyof Commands) => async () => (await import('./jobs-commands.js'))[name];

/** Where every job writes its run. */
function withOutput(command: Command): Command {
  return command
    .option('--out <DIR>', 'write the run to a folder (the same layout as in the bucket)')
    .option('--bucket <NAME>', 'write the run to this S3 bucket (default: OUTPUT_BUCKET)')
    .option('--prefix <PREFIX>', 'key prefix of the run (default: OUTPUT_PREFIX, or none)')
    .addHelpText(
      'after',
      '\nThe run’s manifest is printed when it is written. Needs the AGORA_* settings; the bucket needs AWS credentials and region.',
    );
}

export function addJobsCommands(program: Command, session: Session): void {
  const audit = program
    .command('audit')
    .description('audit every group: snapshot, findings, changes since the last run');
  runs(
    withOutput(
      audit
        .command('run')
        .description('run an audit now; with LEDGER_TABLE_NAME set, ban drift against the ledger too')
        .option('--banned-terms <T1,T2>', 'report groups whose name or description holds one of these')
        .addOption(
          new Option('--near-capacity <RATIO>', 'report groups at or above this share of their member limit').default(
            NEAR_CAPACITY_DEFAULT,
          ),
        )
        .option('--repair', 'send ban drift to the moderation queue (needs LEDGER_TABLE_NAME and MODERATION_QUEUE_URL)')
        .addOption(new Option('--page-size <N>', 'groups per list call').default(100)),
    ).addHelpText('after', example('groupmod audit run --out ./runs --banned-terms casino,crypto')),
    session,
    load('audit'),
  );

  const exports = program
    .command('export')
    .description('export group lists and users’ joined groups (JSON lines and CSV)');
  runs(
    withOutput(
      exports
        .command('groups')
        .description('every group, or those matching the filters, one record each')
        .option('--disabled', 'only disabled groups')
        .option('--public', 'only public groups')
        .option('--created-since <ISO>', 'only groups created at or after this date or time'),
    ).addHelpText('after', example('groupmod export groups --disabled --out ./runs')),
    session,
    load('groups'),
  );
  runs(
    withOutput(
      exports
        .command('joined')
        .description('the groups of each user, one record per user and group; unknown users are listed in the manifest')
        .option('--users <U1,U2>', 'the users')
        .option('--users-file <FILE>', 'the users, one a line (blank lines and lines starting with # are skipped)'),
    ).addHelpText('after', example('groupmod export joined --users-file users.txt --out ./runs')),
    session,
    load('joined'),
  );
}
