/**
 * How a failure ends the program: one line per problem on stderr and the exit code (1 the
 * service or the network failed, 2 bad arguments or configuration). Expected failures never
 * print a stack; an unexpected one prints it only with `--debug` or `DEBUG=groupmod`.
 */
import { AgoraError, AgoraRequestValidationError } from '../agora/index.js';
import { ConfigError } from '../config/index.js';
import { InvalidEventsError } from '../events/index.js';
import { AwsEndpointError, CREDENTIALS_HINT, isConnectionFailure } from './aws-settings.js';
import { UsageError } from './errors.js';

/** Every line of `text` as its own `groupmod: ...` line; indented lines continue the one before. */
const print = (text: string) => console.error(text.replace(/^(?=\S)/gm, 'groupmod: '));

/** Prints `error` and returns the exit code it ends the program with. */
export function reportError(error: unknown, debug: boolean): number {
  // The producer's own refusal is the operator's input too (the commands check first; this is the net).
  if (
    error instanceof UsageError ||
    error instanceof ConfigError ||
    error instanceof AgoraRequestValidationError ||
    error instanceof InvalidEventsError
  ) {
    print(error.message);
    return 2;
  }
  if (error instanceof AgoraError || error instanceof AwsEndpointError) {
    print(error.message);
    return 1;
  }
  if (error instanceof Error && error.name === 'CredentialsProviderError') {
    // Credentials are checked before a command starts; they can still lapse while it runs.
    print(CREDENTIALS_HINT);
    return 2;
  }
  if (error instanceof Error && '$metadata' in error) {
    print(`AWS answered ${error.name}: ${error.message}`);
    return 1;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (isConnectionFailure(code)) {
    print(`network failure: ${(error as Error).message}`);
    return 1;
  }
  print(`unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    debug && error instanceof Error
      ? error.stack
      : 'groupmod: run again with --debug (or DEBUG=groupmod) for the stack trace',
  );
  return 1;
}
