import type { ProcessedEvent } from '../ledger/index.js';

/**
 * An event id that was already processed for an event with different content: the producer reused
 * the id. It is not a duplicate (whose effects are done) but another event: parked with this
 * reason, since every retry would meet the same marker.
 */
export class EventIdConflictError extends Error {
  override name = 'EventIdConflictError';
  constructor(readonly eventId: string, readonly previous: ProcessedEvent, readonly digest: string) {
    super(
      `event id ${eventId} was already used by a different event (sha256 ${previous.digest} processed ${previous.processedAt}: ${previous.outcome}; ` +
        `this one has sha256 ${digest}): give every event its own id`,
    );
  }
}
