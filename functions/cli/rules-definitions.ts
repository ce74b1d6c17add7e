/** `groupmod rules ...`: what they take; the work is in rules-commands.ts. */
import type { Command } from 'commander';
import { example, runs } from './define-command.js';
import type * as RulesCommands from './rules-commands.js';
import type { Session } from './session.js';

const load = (name: keyof typeof RulesCommands) => async () => (await import('./rules-commands.js'))[name];

export function addRulesCommands(program: Command, session: Session): void {
  const rules = program
    .command('rules')
    .description('the moderation rules of the callbacks ingress (MODERATION_RULES, callbacks.rules)');
  runs(
    rules
      .command('check')
      .description('validate a rules file and name every problem (exit 2 if there is one)')
      .argument('<FILE>', 'the rules as JSON')
      .addHelpText('after', example('groupmod rules check rules.json')),
    session,
    load('check'),
  );
  runs(
    rules
      .command('test')
      .description(
        'which rules a text matches, why, where (the span of the text) and through which transforms; its skeleton; the verdict',
      )
      .requiredOption('--text <TEXT>', 'the message text')
      .option('--file <FILE>', 'the rules as JSON (default: MODERATION_RULES)')
      .option('--format <FORMAT>', 'json (one line, the default) or text (a line per fact, for people)')
      .addHelpText('after', example('groupmod rules test --text "buy cheap coins at https://x.xyz" --file rules.json')),
    session,
    load('test'),
  );
}
