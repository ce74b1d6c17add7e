/** Metric names the moderation handler emits (CloudWatch EMF, dimension `service` = `moderation`). */
export const MetricName = {
  GroupsDisabled: 'GroupsDisabled',
  GroupsEnabled: 'GroupsEnabled',
  ViolationsCounted: 'ViolationsCounted',
  EventsUnchanged: 'EventsUnchanged',
  /** Events that sanctioned members, the group's voice or a message (each target's answer is in the ledger). */
  SanctionsDecided: 'SanctionsDecided',
  /** Events for a group Agora no longer has: its bans were ended in the ledger. */
  GroupsGone: 'GroupsGone',
  DuplicateEvents: 'DuplicateEvents',
  /** Parked in the DLQ: invalid events and permanent failures. */
  EventsRejected: 'EventsRejected',
  /** Records handed back to the queue with a backoff. */
  EventsRetried: 'EventsRetried',
  /**
   * Records that failed on the last receive the queue allows: SQS's redrive moves them to the DLQ
   * without a reason (the handler parks with one before that, unless even that failed). Alarmed.
   */
  RedrivenWithoutReason: 'RedrivenWithoutReason',
  /** Retries inside the Agora client, after a 429, 5xx, timeout or connection failure. */
  ApiRetries: 'ApiRetries',
  /** 429 `reach_limit` answers seen from Agora, retried or not. */
  RateLimited: 'RateLimited',
  /** From the message's arrival in the queue to the end of its processing. */
  ProcessingLatency: 'ProcessingLatency',
} as const;

export const SERVICE_NAME = 'moderation';
