/**
 * The threshold rule, as pure arithmetic: `count` violations within any window of `windowMs`
 * cross the threshold. A violation is counted by its own time, whatever order violations arrive
 * in, so a new one at `t` belongs to every window `(end - windowMs, end]` with
 * `t <= end < t + windowMs`; the candidate ends are the violations' own times.
 */
export interface WindowCount {
  /** The latest violation counted: the end of the window. */
  end: number;
  /** Violations in the window ending there. */
  count: number;
}

/**
 * The fullest window holding `t`, and the first (earliest ending) one that reaches `threshold`.
 * @param times every uncounted violation within `windowMs` of `t`, in ms, ascending, including `t`.
 */
export function windowsHolding(
  times: readonly number[],
  t: number,
  windowMs: number,
  threshold: number,
): { fullest: WindowCount; crossing?: WindowCount } {
  let fullest: WindowCount = { end: t, count: 0 };
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    const end = times[last]!;
    while (times[first]! <= end - windowMs) first += 1;
    if (end < t || end >= t + windowMs) continue;
    const window = { end, count: last - first + 1 };
    if (window.count >= threshold) return { fullest: window, crossing: window };
    if (window.count > fullest.count) fullest = window;
  }
  return { fullest };
}
