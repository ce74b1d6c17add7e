import { describe, expect, test } from 'vitest';
import { compileRuleSet, contentHits, normalizeText, parseRules } from '../../../functions/rules/index.js';
import { BENIGN } from '../../corpus/benign.js';
import { EVASIONS, LATIN_CLASSES, PHRASE_CLASSES } from '../../corpus/evasions.js';
import { CORPUS_RULES, CORPUS_TERMS } from '../../corpus/terms.js';

const parsed = parseRules(CORPUS_RULES);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const rules = compileRuleSet(parsed.rules);
const terms = rules.content.find((content) => content.rule.name === 'banned-terms')!;

describe('the matching corpus', () => {
  test('holds every class of evasion, each alone and in pairs, and ten languages of benign text', () => {
    const classes = new Set(EVASIONS.flatMap((evasion) => evasion.classes));
    for (const name of [...Object.keys(LATIN_CLASSES), ...Object.keys(PHRASE_CLASSES)])
      expect(classes, name).toContain(name);
    expect(classes.size).toBeGreaterThanOrEqual(26);
    expect(EVASIONS.some((evasion) => evasion.classes.length === 2)).toBe(true);
    expect(new Set(BENIGN.map((text) => text.language)).size).toBeGreaterThanOrEqual(10);
  });

  test('every evasion is caught, as the term it was made from', () => {
    const missed = EVASIONS.filter(
      (evasion) => terms.explain(normalizeText(evasion.text)) !== `term "${normalizeText(evasion.term)}"`,
    );
    expect(
      missed.map(
        (evasion) =>
          `${evasion.classes.join(' + ')}: ${JSON.stringify(evasion.text)} → ${terms.explain(normalizeText(evasion.text))}`,
      ),
    ).toEqual([]);
  });

  test('no benign text matches any terms rule', () => {
    const hits = BENIGN.flatMap(({ language, text }) =>
      contentHits(rules, normalizeText(text))
        .filter((hit) => 'terms' in hit.rule)
        .map((hit) => `${language}: ${JSON.stringify(text)} → ${hit.why}`),
    );
    expect(hits).toEqual([]);
  });

  test('the plain terms themselves match', () => {
    for (const term of CORPUS_TERMS) expect(terms.test(normalizeText(`say ${term} now`)), term).toBe(true);
  });
});
