/** The errors of the delivery: how a record's handling tells the SQS handler what to do with it. */

/** Thrown for a record to retry; carries the visibility the handler sets on it. */
export class RetryLaterError extends Error {
  override name = 'RetryLaterError';
  constructor(
    readonly visibilitySeconds: number,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`retry in ${visibilitySeconds} s: ${reason}`, options);
  }
}
