/**
 * What a `pattern` rule may cost. RE2JS tests a text in time linear in its length, times a factor
 * that grows with the compiled program (a counted repetition such as `{300,}` copies its body 300
 * times), so the program is bounded per pattern and over the whole set: the verdict's cost is then
 * bounded whatever rule set is accepted. Locating the matched text (for the explanation) is
 * costlier than testing for a match, so it is done by tests alone on ever narrower spans, never
 * by RE2JS's submatch search over the whole text.
 */
import { RE2JS } from 're2js';

/** The largest compiled program of one pattern, and of all of a set's patterns together (RE2JS instructions). */
export const PATTERN_PROGRAM_LIMITS = { pattern: 200, set: 1_000 } as const;

/** The patterns are compiled as the content rules run them. */
export const compilePattern = (source: string) => RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);

/** The size of a pattern's compiled program; undefined when it does not compile. */
export function programSize(source: string): number | undefined {
  try {
    return compilePattern(source).programSize();
  } catch {
    return undefined;
  }
}

interface Testable {
  test(text: string): boolean;
}

/**
 * The first stretch of `text` the pattern matches, by tests alone: the shortest matching prefix
 * (found by doubling from 256 characters, then halving), then the latest start from which the rest
 * of that prefix still matches. About 2 log2(n) tests, each of at most the prefix: bounded by the
 * text's length whatever the pattern. Undefined when the text does not match.
 */
export function firstMatchingSpan(re: Testable, text: string): { start: number; end: number } | undefined {
  if (!re.test(text)) return undefined;
  // The prefix of length `high` matches; none of length `low` or less does (-1: none known not to).
  let low = -1;
  let high = Math.min(text.length, 256);
  while (!re.test(text.slice(0, high))) {
    low = high;
    high = Math.min(text.length, high * 2);
  }
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (re.test(text.slice(0, middle))) high = middle;
    else low = middle;
  }
  const end = high;
  // From `start` the rest of the prefix matches; from no start after `last` does.
  let start = 0;
  let last = end;
  while (start < last) {
    const middle = Math.ceil((start + last) / 2);
    if (re.test(text.slice(middle, end))) start = middle;
    else last = middle - 1;
  }
  return { start, end };
}
