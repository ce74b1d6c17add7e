/** A command line that cannot be run (a missing or bad value): its message is printed as is, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
