/**
 * `groupmod`: the operator CLI. Reads its settings from the environment, prints JSON on stdout
 * and errors on stderr. Exit codes: 0 done, 1 the service or the network failed, 2 bad arguments
 * or configuration.
 */
import { CommanderError } from 'commander';
import { createProgram } from './program.js';
import type { Session } from './session.js';

/** Whether the stack of an unexpected failure is wanted. */
export const debugWanted = (argv: string[], env: NodeJS.ProcessEnv): boolean => argv.includes('--debug') || (env.DEBUG ?? '').split(/[\s,]+/).some((name) => name === 'groupmod' || name === '*');

/** `help groups create` is `groups create --help`: commander's own help command takes one name only. */
const helpAsFlag = (argv: string[]) => (argv[0] === 'help' ? [...argv.slice(1), '--help'] : argv);

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const session: Session = { env, exitCode: 0 };
  const debug = debugWanted(argv, env);
  // Stack traces then point into the TypeScript sources; compiled code loaded from here on is mapped.
  if (debug) process.setSourceMapsEnabled(true);
  try {
    await createProgram(session).parseAsync(helpAsFlag(argv), { from: 'user' });
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
