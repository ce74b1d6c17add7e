/** The errors of the decision: an event it refuses to decide on. */
import type { ModerationEvent } from '../../events/index.js';
import type { ProcessedEvent } from '../../ledger/index.js';

/** The earlier event as its marker names it: type, group and, when the marker has it, its time. */
function describeEarlier(previous: ProcessedEvent): string {
  const dated = previous.eventTime !== undefined ? ` dated ${previous.eventTime}` : '';
  return `${previous.type} of group ${previous.groupId}${dated}, processed ${previous.processedAt} (${previous.outcome})`;
}

/**
 * An event id that was already processed for an event with different content: the producer reused
 * the id. It is not a duplicate (whose effects are done) but another event: parked with this
 * reason, naming both events, since every retry would meet the same marker.
 */
export class EventIdConflictError extends Error {
  override name = 'EventIdConflictError';
  constructor(
    readonly eventId: string,
    readonly previous: ProcessedEvent,
    readonly event: ModerationEvent,
    readonly digest: string,
  ) {
    super(
      `event id ${eventId} was already used by a different event: ${describeEarlier(previous)}; ` +
        `this one is ${event.type} of group ${event.groupId} dated ${event.time} (sha256 ${digest}, the earlier ${previous.digest}): give every event its own id`,
    );
  }
}
