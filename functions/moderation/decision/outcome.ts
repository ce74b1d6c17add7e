/**
 * A sanction of members, of the group or of a message: how many targets it sends to Agora now,
 * which it skips and why, and how many an earlier delivery already settled. What each call
 * answered is in the ledger, per target.
 */
export interface SanctionedOutcome {
  kind: 'sanctioned';
  action: string;
  sent: number;
  skipped: { target: string; reason: string }[];
  settled: number;
  until?: string | null;
}

/** What processing one event did, for the ledger, the logs and the metrics. */
export type Outcome = (
  | {
      kind: 'disabled';
      banId: string;
      until: string | null;
      replacedBanId?: string;
      /** The ban in force was enforced again: no new ban. */ enforced?: true;
    }
  | { kind: 'enabled'; liftedBanId?: string }
  | { kind: 'counted'; violations: number; threshold: number }
  | { kind: 'unchanged'; why: string }
  | SanctionedOutcome
  /** Agora has no such group: its bans were ended in the ledger (see group-gone.ts). */
  | { kind: 'gone'; why: string }
  | { kind: 'duplicate'; previously: string }
) & {
  /** What a violation's sender's ladder step and a raid's mute of the group did besides. */
  also?: SanctionedOutcome[];
};

export function describeOutcome(outcome: Outcome): string {
  const line = describeMain(outcome);
  return outcome.also?.length ? `${line}; ${outcome.also.map(describeSanctioned).join('; ')}` : line;
}

function describeMain(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'disabled':
      if (outcome.enforced)
        return `disabled again: ban ${outcome.banId} is in force until ${outcome.until ?? 'permanent'}`;
      return `disabled: ban ${outcome.banId} until ${outcome.until ?? 'permanent'}${outcome.replacedBanId ? `, replacing ${outcome.replacedBanId}` : ''}`;
    case 'enabled':
      return outcome.liftedBanId
        ? `enabled: lifted ban ${outcome.liftedBanId}`
        : 'enabled: no ban of the automation was active';
    case 'counted':
      return `counted: ${outcome.violations} of ${outcome.threshold} violations in the window`;
    case 'unchanged':
      return `unchanged: ${outcome.why}`;
    case 'sanctioned':
      return describeSanctioned(outcome);
    case 'gone':
      return `gone: ${outcome.why}`;
    case 'duplicate':
      return `duplicate: already processed (${outcome.previously})`;
  }
}

/** Skipped targets named in an outcome's line, at most: the ledger has every one. */
const NAMED_SKIPS = 5;

function describeSanctioned(outcome: SanctionedOutcome): string {
  const until = outcome.until === undefined ? '' : ` until ${outcome.until ?? 'permanent'}`;
  const parts = [`${outcome.action}: ${outcome.sent} sent${until}`];
  if (outcome.skipped.length > 0) {
    const named = outcome.skipped.slice(0, NAMED_SKIPS).map(({ target, reason }) => `${target}: ${reason}`);
    const more = outcome.skipped.length > NAMED_SKIPS ? `, and ${outcome.skipped.length - NAMED_SKIPS} more` : '';
    parts.push(`${outcome.skipped.length} skipped (${named.join('; ')}${more})`);
  }
  if (outcome.settled > 0) parts.push(`${outcome.settled} settled by an earlier delivery`);
  return parts.join(', ');
}
