/**
 * Helpers for the command definitions. A definition names the command, its arguments, flags,
 * defaults and an example, all of which `--help` prints; its implementation module is imported
 * only when the command runs, so help and command-line errors never load it (nor zod, undici or
 * the AWS SDK, which the implementations use).
 */
import type { Command } from 'commander';
import type { CommandRun, Session } from './session.js';

/**
 * A flag given another flag as its value (`--reason --duration 5`): values may start with a dash,
 * so a forgotten value would swallow the next flag. Written `--reason=--duration`, it is meant.
 */
function swallowedFlag(command: Command): string | undefined {
  let root = command;
  while (root.parent) root = root.parent;
  const raw = (root as unknown as { rawArgs?: string[] }).rawArgs ?? [];
  const flags = new Set(command.options.map((option) => option.long).filter((long): long is string => Boolean(long)));
  for (const option of command.options) {
    const value = command.getOptionValue(option.attributeName()) as unknown;
    if (typeof value !== 'string' || !flags.has(value) || raw.includes(`${option.long}=${value}`)) continue;
    return `${option.long} needs a value, and got the flag ${value} (if that is the value, write ${option.long}=${value})`;
  }
  return undefined;
}

/** Arguments beyond what `command` takes, which commander would refuse before the action runs. */
function excessArguments(command: Command): string | undefined {
  const declared = command.registeredArguments;
  if (declared.at(-1)?.variadic || command.args.length <= declared.length) return undefined;
  return `too many arguments for '${command.name()}'. Expected ${declared.length} argument${declared.length === 1 ? '' : 's'} but got ${command.args.length}.`;
}

/**
 * Makes `command` run the implementation that `load` imports, storing its exit code in `session`.
 * Excess arguments are refused here rather than by commander, so that a flag swallowed as a value
 * (which leaves its own value behind as an argument) is named first.
 */
export function runs(command: Command, session: Session, load: () => Promise<CommandRun>): Command {
  return command.allowExcessArguments(true).action(async (...params: unknown[]) => {
    const self = params.at(-1) as Command;
    const problem = swallowedFlag(self) ?? excessArguments(self);
    if (problem) self.error(`error: ${problem}`, { exitCode: 2, code: 'groupmod.usage' });
    const run = await load();
    session.exitCode = await run({ args: self.args, options: self.opts(), env: session.env });
  });
}

/** Help text for after the flags: the command's example. */
export const example = (...lines: string[]): string => `\nExample:\n${lines.map((line) => `  ${line}`).join('\n')}`;
