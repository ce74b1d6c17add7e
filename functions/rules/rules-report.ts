/**
 * What `groupmod rules check` and `groupmod rules test` print: pure functions from a rules file
 * and a text to a report, so any front end can show them.
 */
import { normalizeText } from './normalize-text.js';
import { parseRulesJson, type Rule, type RuleSet } from './rules-schema.js';
import { compileRuleSet, contentHits } from './rule-set.js';
import { judge, type Verdict } from './verdict.js';

const kindOf = (rule: Rule) =>
  'terms' in rule ? 'terms' : 'pattern' in rule ? 'pattern' : 'flood' in rule ? 'flood' : 'repeat';

export type RulesCheck =
  | { valid: true; dryRun: boolean; rules: { name: string; kind: string; reject: boolean }[] }
  | { valid: false; problems: string[] };

/** Validates a rules file's text, naming every problem. */
export function checkRulesText(text: string): RulesCheck {
  const parsed = parseRulesJson(text);
  if (!parsed.ok) return { valid: false, problems: parsed.problems };
  return {
    valid: true,
    dryRun: parsed.rules.dryRun,
    rules: parsed.rules.rules.map((rule) => ({ name: rule.name, kind: kindOf(rule), reject: rule.reject })),
  };
}

export interface RulesTest {
  /** The text as every rule sees it. */
  normalized: string;
  /** What pre-delivery would answer. */
  verdict: Verdict;
  matches: { rule: string; kind: string; reject: boolean; why: string }[];
  /** Rules that count traffic over time, which one text cannot show. */
  notTested: { rule: string; kind: string }[];
}

/** Which rules a text matches and why, and the verdict it would get. */
export function testRules(rules: RuleSet, text: string): RulesTest {
  const compiled = compileRuleSet(rules);
  const normalized = normalizeText(text);
  return {
    normalized,
    verdict: judge(compiled, text).verdict,
    matches: contentHits(compiled, normalized).map((hit) => ({
      rule: hit.rule.name,
      kind: kindOf(hit.rule),
      reject: hit.rule.reject,
      why: hit.why,
    })),
    notTested: rules.rules
      .filter((rule) => 'flood' in rule || 'repeat' in rule)
      .map((rule) => ({ rule: rule.name, kind: kindOf(rule) })),
  };
}
