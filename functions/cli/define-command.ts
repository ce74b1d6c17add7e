/**
 * Helpers for the command definitions. A definition names the command, its arguments, flags,
 * defaults and an example, all of which `--help` prints; its implementation module is imported
 * only when the command runs, so help and command-line errors never load it (nor zod, undici or
 * the AWS SDK, which the implementations use).
 */
import type { Command } from 'commander';
import type { CommandRun, Session } from './session.js';

/** Makes `command` run the implementation that `load` imports, storing its exit code in `session`. */
export function runs(command: Command, session: Session, load: () => Promise<CommandRun>): Command {
  return command.action(async (...params: unknown[]) => {
    const self = params.at(-1) as Command;
    const run = await load();
    session.exitCode = await run({ args: self.args, options: self.opts(), env: session.env });
  });
}

/** Help text for after the flags: the command's example. */
export const example = (...lines: string[]): string => `\nExample:\n${lines.map((line) => `  ${line}`).join('\n')}`;
