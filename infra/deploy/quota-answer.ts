/**
 * The two numbers of GetAccountSettings' `AccountLimit`, checked before anything trusts them. The
 * SDK hands on whatever the JSON held (text, a fraction, a number beyond 2^53), and a quota that
 * cannot be would reach synth as `-c groupmod:accountConcurrencyLimit=...`, to be refused there
 * for the wrong reason, or pass the reservation check it should fail.
 */
import type { AccountConcurrency } from './reservation-check.js';

const LIMIT = 'AccountLimit.ConcurrentExecutions';
const UNRESERVED = 'AccountLimit.UnreservedConcurrentExecutions';

export type QuotaAnswer =
  | { concurrency: AccountConcurrency }
  /** Fields the answer does not hold at all. */
  | { missing: string[] }
  /** What is wrong with a field it holds, naming the field and the value. */
  | { impossible: string };

/** The value as the answer held it, for a message: text quoted, numbers as JavaScript reads them. */
const shown = (value: unknown): string =>
  typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));

/** What makes `value` no whole count at least `min`, or `undefined` when it is one. */
function countProblem(value: unknown, min: number): string | undefined {
  if (typeof value !== 'number') return `is ${typeof value === 'string' ? 'text' : typeof value}, not a number`;
  if (!Number.isInteger(value)) return 'is not a whole number';
  // JSON numbers beyond 2^53 lose digits as they are read: such a quota was not the one sent.
  if (!Number.isSafeInteger(value)) return 'is beyond 2^53, where a number read from JSON is no longer exact';
  if (value < min) return `is below ${min}`;
  return undefined;
}

/** @param accountLimit the answer's `AccountLimit`, as the SDK returned it */
export function concurrencyInAnswer(
  accountLimit: { ConcurrentExecutions?: unknown; UnreservedConcurrentExecutions?: unknown } | undefined,
): QuotaAnswer {
  const limit = accountLimit?.ConcurrentExecutions;
  const unreserved = accountLimit?.UnreservedConcurrentExecutions;
  const missing = [limit === undefined && LIMIT, unreserved === undefined && UNRESERVED].filter(
    (field) => field !== false,
  );
  if (missing.length > 0) return { missing };
  const limitProblem = countProblem(limit, 1);
  if (limitProblem)
    return { impossible: `${LIMIT} ${shown(limit)} ${limitProblem} (a quota is a whole number of at least 1)` };
  const unreservedProblem = countProblem(unreserved, 0);
  if (unreservedProblem)
    return {
      impossible: `${UNRESERVED} ${shown(unreserved)} ${unreservedProblem} (a whole number from 0 to the quota)`,
    };
  if ((unreserved as number) > (limit as number)) {
    return { impossible: `${UNRESERVED} ${shown(unreserved)} is more than ${LIMIT} ${shown(limit)}` };
  }
  return { concurrency: { limit: limit as number, unreserved: unreserved as number } };
}
