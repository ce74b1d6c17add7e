/**
 * `groupmod`: the operator CLI. Reads its settings from the environment, prints JSON on stdout
 * and errors on stderr. Exit codes: 0 done, 1 the service or the network failed, 2 bad arguments
 * or configuration.
 */
import { createProgram } from './program.js';
import { debugWanted, reportError } from './report-error.js';
import type { Session } from './session.js';

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
    return reportError(error, debug);
  }
}

// Closing stdout early (`groupmod groups list | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
