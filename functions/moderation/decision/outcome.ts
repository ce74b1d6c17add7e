/** What processing one event did, for the ledger, the logs and the metrics. */
export type Outcome =
  | { kind: 'disabled'; banId: string; until: string | null; replacedBanId?: string; /** The ban in force was enforced again: no new ban. */ enforced?: true }
  | { kind: 'enabled'; liftedBanId?: string }
  | { kind: 'counted'; violations: number; threshold: number }
  | { kind: 'unchanged'; why: string }
  /** Agora has no such group: its bans were ended in the ledger (see group-gone.ts). */
  | { kind: 'gone'; why: string }
  | { kind: 'duplicate'; previously: string };

export function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'disabled':
      if (outcome.enforced) return `disabled again: ban ${outcome.banId} is in force until ${outcome.until ?? 'permanent'}`;
      return `disabled: ban ${outcome.banId} until ${outcome.until ?? 'permanent'}${outcome.replacedBanId ? `, replacing ${outcome.replacedBanId}` : ''}`;
    case 'enabled':
      return outcome.liftedBanId ? `enabled: lifted ban ${outcome.liftedBanId}` : 'enabled: no ban of the automation was active';
    case 'counted':
      return `counted: ${outcome.violations} of ${outcome.threshold} violations in the window`;
    case 'unchanged':
      return `unchanged: ${outcome.why}`;
    case 'gone':
      return `gone: ${outcome.why}`;
    case 'duplicate':
      return `duplicate: already processed (${outcome.previously})`;
  }
}
