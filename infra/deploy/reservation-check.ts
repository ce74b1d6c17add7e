/**
 * Whether the callbacks' reserved concurrency fits the account, decided before CloudFormation is
 * asked: Lambda refuses a reservation that would leave the account less than its unreserved
 * minimum, and CloudFormation then rolls the whole stack back (a first deploy leaves nothing).
 */
import { UNRESERVED_MINIMUM } from '../config.js';

/** The account's concurrency in the region, as Lambda's GetAccountSettings states it. */
export interface AccountConcurrency {
  /** `AccountLimit.ConcurrentExecutions`: the quota. */
  limit: number;
  /** `AccountLimit.UnreservedConcurrentExecutions`: what no function has reserved yet. */
  unreserved: number;
}

/** The two settings that reserve concurrency; `null` reserves none. */
export interface CallbackReservations {
  preDelivery: number | null;
  postDelivery: number | null;
}

export type ReservationVerdict =
  /** Deploy; `notes` are printed first (a reservation that may not fit for a reason the quota alone does not show). */
  { proceed: true; reserved: number; notes: string[] } | { proceed: false; reserved: number; message: string };

const PRE = 'callbacks.preDelivery.reservedConcurrency';
const POST = 'callbacks.postDelivery.reservedConcurrency';
/** Service Quotas' code of Lambda's "Concurrent executions". */
export const CONCURRENCY_QUOTA_CODE = 'L-B99A9384';
/** What to ask AWS for when the quota is too small: the default quota of an established account. */
const USUAL_QUOTA = 1000;

/**
 * @param account the quota and what is left unreserved, read from the account
 * @param reservations the callbacks' settings, after their defaults
 * @param region where the stack goes, for the message
 */
export function checkReservations(
  account: AccountConcurrency,
  reservations: CallbackReservations,
  region: string,
): ReservationVerdict {
  const reserved = (reservations.preDelivery ?? 0) + (reservations.postDelivery ?? 0);
  if (reserved === 0) return { proceed: true, reserved, notes: [] };
  const reservable = account.limit - UNRESERVED_MINIMUM;
  const settings = `${PRE} ${reservations.preDelivery ?? 'null'}, ${POST} ${reservations.postDelivery ?? 'null'}`;
  if (reserved > reservable) {
    const needed = Math.max(UNRESERVED_MINIMUM + reserved, USUAL_QUOTA);
    const ways = [
      `Ask AWS for a higher quota (Service Quotas, AWS Lambda, "Concurrent executions": ` +
        `aws service-quotas request-service-quota-increase --region ${region} --service-code lambda ` +
        `--quota-code ${CONCURRENCY_QUOTA_CODE} --desired-value ${needed}), ` +
        'then run npm run deploy again.',
      `Deploy without reservations: set ${PRE} and ${POST} to null (in cdk.json, or with -c groupmod='{...}'). ` +
        "The callbacks functions then share the account's pool with moderation and the jobs: " +
        'a flood of callbacks can take every instance the account has, ' +
        'so moderation batches are throttled (they go back to the queue, use up receive counts and may end in the DLQ), the audit and export wait, ' +
        'and nothing bounds what the callbacks cost. Set the reservations again once the quota is raised.',
    ];
    if (reservable > 0) ways.push(`Reserve less: ${PRE} and ${POST} together at most ${reservable}.`);
    return {
      proceed: false,
      reserved,
      message:
        'npm run deploy stopped before CloudFormation: ' +
        `the account's Lambda concurrency quota in ${region} is ${account.limit} (ConcurrentExecutions; ${account.unreserved} unreserved), ` +
        `and Lambda keeps ${UNRESERVED_MINIMUM} of it unreserved, so functions may reserve ${Math.max(0, reservable)} at most; ` +
        `the callbacks reserve ${reserved} (${settings}), which needs a quota of at least ${UNRESERVED_MINIMUM + reserved}. ` +
        'CloudFormation would refuse it ("decreases account\'s UnreservedConcurrentExecution below its minimum value") and roll the stack back.\n' +
        `Ways out:\n${ways.map((way, index) => `  ${index + 1}. ${way}`).join('\n')}`,
    };
  }
  const notes: string[] = [];
  const reservedElsewhere = account.limit - account.unreserved;
  if (reserved > account.unreserved - UNRESERVED_MINIMUM) {
    // The account holds other reservations. On a redeploy this stack's own are among them and
    // are only replaced, so the deploy goes on; otherwise Lambda refuses the new ones.
    notes.push(
      `functions of the account already reserve ${reservedElsewhere} of its ${account.limit}; ` +
        `the callbacks reserve ${reserved} (${settings}) and Lambda keeps ${UNRESERVED_MINIMUM} unreserved. ` +
        "If those reservations are this stack's own from an earlier deploy, they are only replaced; " +
        'if they belong to other functions, the deploy fails and rolls back: ' +
        'lower those, ask AWS for a higher quota, or set the two settings lower (or null).',
    );
  }
  return { proceed: true, reserved, notes };
}
