/**
 * What `groupmod rules check` and `groupmod rules test` print: pure functions from a rules file
 * and a text to a report, so any front end can show them.
 */
import { normalizeText } from './normalize-text.js';
import { parseRulesJson, type Rule, type RuleSet } from './rules-schema.js';
import { quotedText, type HitExplanation } from './hit-explanation.js';
import { compileRuleSet } from './rule-set.js';
import { matchFormOf } from './text-folds.js';
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
  /** The text as terms read it: look-alikes as the letters they imitate, marks removed, Han and kana folded (terms with marks keep them). */
  skeleton: string;
  /** The version of the rule set (a digest of it as compiled), as violations name it. */
  ruleSet: string;
  /** What pre-delivery would answer. */
  verdict: Verdict;
  matches: { rule: string; kind: string; reject: boolean; why: string; explanation?: HitExplanation }[];
  /** Rules that count traffic over time, which one text cannot show. */
  notTested: { rule: string; kind: string }[];
}

/** Which rules a text matches, why, where and how, and the verdict it would get. */
export function testRules(rules: RuleSet, text: string): RulesTest {
  const compiled = compileRuleSet(rules);
  const normalized = normalizeText(text);
  const judgement = judge(compiled, text);
  return {
    normalized,
    skeleton: matchFormOf(normalized, false),
    ruleSet: compiled.version,
    verdict: judgement.verdict,
    matches: judgement.hits.map((hit) => ({
      rule: hit.rule.name,
      kind: kindOf(hit.rule),
      reject: hit.rule.reject,
      why: hit.why,
      ...(hit.explanation && { explanation: hit.explanation }),
    })),
    notTested: rules.rules
      .filter((rule) => 'flood' in rule || 'repeat' in rule)
      .map((rule) => ({ rule: rule.name, kind: kindOf(rule) })),
  };
}

/** A delivered message's verdict: `pass`, or what its matches report after delivery. */
function deliveredVerdict(report: RulesTest): string {
  const reported = report.matches.map((match) => match.rule);
  return reported.length === 0 ? 'pass' : `pass (delivered; reported after delivery: ${reported.join(', ')})`;
}

/** The report of `testRules` for people: a line per fact, each match with where, what and how. */
export function formatRulesTest(report: RulesTest): string {
  const lines = [
    `verdict: ${report.verdict.valid ? deliveredVerdict(report) : `reject (code ${report.verdict.code})`}`,
    `normalized: ${JSON.stringify(report.normalized)}`,
    `skeleton: ${JSON.stringify(report.skeleton)}`,
    `rule set: ${report.ruleSet}`,
  ];
  if (report.matches.length === 0) lines.push('matches: none');
  for (const match of report.matches) {
    lines.push(`match: ${match.rule} (${match.kind}${match.reject ? ', rejects' : ''}): ${match.why}`);
    const explanation = match.explanation;
    if (!explanation) continue;
    if (explanation.start !== undefined)
      lines.push(`  text [${explanation.start}, ${explanation.end}): ${quotedText(explanation.excerpt!)}`);
    lines.push(`  read as: ${quotedText(explanation.matched)}`);
    lines.push(
      `  through: ${explanation.transforms.length > 0 ? explanation.transforms.join(', ') : 'nothing (as written)'}`,
    );
  }
  if (report.notTested.length > 0)
    lines.push(
      `not tested (they count over time): ${report.notTested.map(({ rule, kind }) => `${rule} (${kind})`).join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}
