/**
 * One test for all of a set's patterns at once. RE2JS pays for every pass over a text, whatever
 * the pattern: ten patterns tested one by one read a 50 KB text ten times (about 5 ms), while
 * their alternation `(?:p1)|(?:p2)|…` reads it once (about 0.5 ms), with a program no larger than
 * theirs together (so within the set's bound, pattern-cost.ts). Most messages match no pattern:
 * the gate answers for all of them in one pass, and only a text it matches is tested pattern by
 * pattern, to learn which ones.
 *
 * The alternation matches exactly when one of its branches does: each pattern sits in a
 * non-capturing group of its own, so its inline flags (`(?i)`, `(?s)`) end with the group, and
 * `^`, `$` and `\b` keep their meaning. A pattern that does not compile inside such a group as it
 * compiles alone (an unterminated `\Q…` quotes the group's `)`) is left out of the gate and tested
 * by itself.
 */
import { compilePattern } from './pattern-cost.js';

/** Whether a text may match the pattern: false only when it cannot. */
export type PatternGate = (text: string) => boolean;

const OPEN: PatternGate = () => true;

/** Whether the pattern keeps its meaning as a branch of the gate's alternation. */
function groupable(source: string): boolean {
  try {
    compilePattern(`(?:${source})`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The gate of each pattern, in the order given: one shared test (remembering its last text, as
 * the rules of one verdict test the same text in turn) for the patterns that can share it, and an
 * open gate for the others. With fewer than two to share, there is nothing to save: all open.
 */
export function patternGates(sources: readonly string[]): PatternGate[] {
  const shared = sources.map(groupable);
  const members = sources.filter((_, i) => shared[i]);
  if (members.length < 2) return sources.map(() => OPEN);
  const any = compilePattern(members.map((source) => `(?:${source})`).join('|'));
  let lastText: string | undefined;
  let lastAnswer = false;
  const gate: PatternGate = (text) => {
    if (text !== lastText) {
      lastAnswer = any.test(text);
      lastText = text;
    }
    return lastAnswer;
  };
  return shared.map((isShared) => (isShared ? gate : OPEN));
}
