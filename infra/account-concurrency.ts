import { Annotations, type Stack } from 'aws-cdk-lib';

export interface ConcurrencyParts {
  /** The moderation event source's maximum concurrency. */
  moderation: number;
  /** The audit and export continuation mappings' maximum concurrency, together. */
  continuations: number;
  /** One instance per schedule, for a run that starts while the others are busy. */
  scheduledRuns: number;
  /** Concurrency reserved for other functions of the stack (the callbacks'): out of the others' pool. */
  reserved: number;
}

/**
 * The warning for a stack whose functions may need more concurrency than the account has, or
 * undefined. Reserved concurrency cannot help there (an account keeps 100 unreserved), so it
 * names the two ways out: a higher quota, or a lower moderation concurrency.
 */
export function concurrencyWarning(parts: ConcurrencyParts, accountLimit: number): string | undefined {
  const total = parts.moderation + parts.continuations + parts.scheduledRuns;
  const pool = accountLimit - parts.reserved;
  if (total <= pool) return undefined;
  return (
    `the functions may run ${total} instances at once (moderation ${parts.moderation}, audit and export continuations ${parts.continuations}, scheduled runs ${parts.scheduledRuns}), ` +
    `more than groupmod.accountConcurrencyLimit (${accountLimit})${parts.reserved ? ` less the ${parts.reserved} reserved for the callbacks` : ''}: throttled moderation batches go back to the queue and use up receive counts until they land in the DLQ. ` +
    'Ask AWS to raise the Lambda concurrency quota, or lower the moderation concurrency (agora.rateLimit ÷ moderation.perInstanceRate, at least 2).'
  );
}

/** Adds the warning to the stack, where `cdk synth` and `cdk deploy` print it. */
export function warnAboutAccountConcurrency(stack: Stack, parts: ConcurrencyParts, accountLimit: number): void {
  const warning = concurrencyWarning(parts, accountLimit);
  if (warning) Annotations.of(stack).addWarningV2('groupmod:accountConcurrency', warning);
}
