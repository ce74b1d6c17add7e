import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { normalizeText } from '../../../functions/rules/normalize-text.js';
import { originalSpan, type MatchForm } from '../../../functions/rules/original-span.js';
import { markedForm, unmarkedForm } from '../../../functions/rules/text-folds.js';

const formOf = (text: string, form: MatchForm) => {
  const normalized = normalizeText(text);
  return form === 'normalized' ? normalized : form === 'marked' ? markedForm(normalized) : unmarkedForm(normalized);
};

/**
 * Upper and lower case, white space of several kinds and runs, marks (alone and after letters),
 * invisible and control characters, full-width and styled letters, a ligature NFKC expands,
 * look-alikes, traditional Han, katakana, Hangul jamo, an emoji with a variation selector.
 */
const PIECES = [
  ...['a', 'B', 'c', 'Z', '1', '.', ' ', '  ', '\t', '\n', '\u00a0', '\u3000'],
  ...['\u0301', 'e\u0301', '\u00e9', '\u200b', '\u0001', '\u00ad', '\ufeff'],
  ...['\uff21', '\u{1d41a}', '\ufb03', '\u0430', '\u03bf', '\u1d04', '賭', 'カ', '\uff76\uff9e'],
  ...['\u1100\u1161', '\u1161', '😀\ufe0f', 'é'],
];
const text = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 14 }).map((parts) => `a${parts.join('')}`);
const form = fc.constantFrom<MatchForm>('normalized', 'marked', 'unmarked');

describe('where a span of a form lies in the text as sent', () => {
  test('does not depend on the text before it: after a prefix of more than a chunk, the same span, moved', () => {
    // Prefixes of a chunk and of more: the text then starts a chunk of its own (a chunk is 1,024 code units, cut before a
    // letter), or lies inside a later one; its pieces start inside the form, after text.
    fc.assert(
      fc.property(text, form, fc.nat(), fc.nat(), fc.constantFrom(1_023, 1_100), (original, kind, a, b, xs) => {
        const prefix = `${'x'.repeat(xs)} `;
        const alone = formOf(original, kind);
        const [start, end] = [a % (alone.length + 1), b % (alone.length + 1)].sort((x, y) => x - y) as [number, number];
        const span = originalSpan(original, kind, alone, start, end);
        const longer = formOf(prefix + original, kind);
        const shift = longer.length - alone.length;
        expect(longer.slice(shift)).toBe(alone);
        const moved = originalSpan(prefix + original, kind, longer, start + shift, end + shift);
        const context = JSON.stringify({ original, kind, start, end });
        expect(moved, context).toEqual(
          span && { start: span.start + prefix.length, end: span.end + prefix.length, changed: span.changed },
        );
      }),
      { numRuns: 400 },
    );
  });
});
