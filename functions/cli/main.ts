/**
 * `groupmod`: the operator CLI. Reads its settings from the environment, prints JSON on stdout
 * and errors on stderr. Exit codes: 0 done, 1 the service or the network failed, 2 bad arguments
 * or configuration.
 */
import { CommanderError, type Command } from 'commander';
import { createProgram } from './program.js';
import type { Session } from './session.js';

/** Whether the stack of an unexpected failure is wanted. */
export const debugWanted = (argv: string[], env: NodeJS.ProcessEnv): boolean =>
  argv.includes('--debug') || (env.DEBUG ?? '').split(/[\s,]+/).some((name) => name === 'groupmod' || name === '*');

/** `help groups create` is `groups create --help`: commander's own help command takes one name only. */
const helpAsFlag = (argv: string[]) => (argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv);

const HELP_FLAGS = new Set(['-h', '--help']);

/**
 * `groupmod bans --help` names an unknown command, and says so: commander would answer the help
 * of the command above it first. Where a word names no command of one that has commands, the
 * help flags are dropped so that the word is reported (exit 2, with the closest name).
 */
function helpOfUnknownCommandRefused(program: Command, argv: string[]): string[] {
  let command = program;
  for (const word of argv) {
    if (word.startsWith('-')) continue;
    if (command.commands.length === 0) break;
    const next = command.commands.find((candidate) => candidate.name() === word || candidate.aliases().includes(word));
    if (!next) return argv.filter((arg) => !HELP_FLAGS.has(arg));
    command = next;
  }
  return argv;
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const session: Session = { env, exitCode: 0 };
  const debug = debugWanted(argv, env);
  // Stack traces then point into the TypeScript sources; compiled code loaded from here on is mapped.
  if (debug) process.setSourceMapsEnabled(true);
  try {
    const program = createProgram(session);
    await program.parseAsync(helpOfUnknownCommandRefused(program, helpAsFlag(argv)), { from: 'user' });
    return session.exitCode;
  } catch (error) {
    // Commander has printed its own message (and the usage) already; help and version end in 0.
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // Loaded only now: knowing every error class means loading the modules that throw them.
    const { reportError } = await import('./report-error.js');
    return reportError(error, debug);
  }
}

// Closing stdout early (`groupmod groups list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
