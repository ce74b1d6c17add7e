/**
 * The moderation policy stated plainly, one group at a time, for checking the real pipeline
 * against: events are applied in the order they arrive in the group's lane. It knows nothing of
 * the ledger, retries or effects; only what the policy says the outcome must be.
 *
 * Durations are compared as if every ban were imposed at the same moment, so callers keep timed
 * durations apart by more than a run takes.
 */
export interface ModelPolicy {
  threshold: { count: number; windowSeconds: number };
  banDurations: (number | 'permanent')[];
}

export type ModelEvent =
  | { kind: 'violation'; id: string; time: number }
  | { kind: 'disable'; id: string; duration?: number | 'permanent' }
  | { kind: 'enable'; id: string }
  /** An event the pipeline must refuse (dated too far ahead): parked, every time it arrives. */
  | { kind: 'invalid'; id: string };

type Duration = number | 'permanent';
const outlasts = (current: Duration, next: Duration) =>
  current === 'permanent' || (next !== 'permanent' && current >= next);

export class GroupModel {
  /** The duration of the ban in force, if any. */
  ban: Duration | undefined;
  bansImposed = 0;
  parked = 0;
  private readonly violations: number[] = [];
  private lastCrossing: number | undefined;
  private readonly done = new Set<string>();

  constructor(private readonly policy: ModelPolicy) {}

  apply(event: ModelEvent): void {
    if (event.kind === 'invalid') {
      this.parked += 1;
      return;
    }
    // An event seen before is a duplicate: it changes nothing.
    if (this.done.has(event.id)) return;
    this.done.add(event.id);
    if (event.kind === 'violation') this.violation(event.time);
    else if (event.kind === 'disable') this.impose(event.duration);
    else this.ban = undefined;
  }

  /**
   * Counted by its own time: the earliest-ending window of the policy's length that holds the new
   * violation and `count` violations not counted before crosses; every violation up to its end is
   * then counted. One dated up to the last crossing counts towards nothing new.
   */
  private violation(time: number): void {
    this.violations.push(time);
    if (this.lastCrossing !== undefined && time <= this.lastCrossing) return;
    const { count, windowSeconds } = this.policy.threshold;
    const windowMs = windowSeconds * 1000;
    const uncounted = this.violations.filter((v) => this.lastCrossing === undefined || v > this.lastCrossing);
    const inWindowEndingAt = (end: number) => uncounted.filter((v) => v > end - windowMs && v <= end).length;
    const end = uncounted
      .filter((candidate) => candidate >= time && candidate < time + windowMs)
      .sort((a, b) => a - b)
      .find((candidate) => inWindowEndingAt(candidate) >= count);
    if (end === undefined) return;
    this.lastCrossing = end;
    this.impose(undefined);
  }

  /** A new ban, unless the one in force lasts as long; without a duration, the next of the escalation. */
  private impose(duration: Duration | undefined): void {
    const durations = this.policy.banDurations;
    const next = duration ?? durations[Math.min(this.bansImposed, durations.length - 1)]!;
    if (this.ban !== undefined && outlasts(this.ban, next)) return;
    this.ban = next;
    this.bansImposed += 1;
  }
}
