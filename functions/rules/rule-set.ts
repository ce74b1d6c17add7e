/**
 * A rule set ready to evaluate: content rules compiled (at cold start, once), counting rules
 * grouped by kind with the widest window and largest threshold each kind must read, and the
 * set's version, which every hit names.
 */
import { compileContentRules, type ContentRule } from './content-rules.js';
import { explainHit, type HitExplanation } from './hit-explanation.js';
import { ruleSetVersion } from './rule-set-version.js';
import type { FloodRule, RepeatRule, Rule, RuleSet } from './rules-schema.js';

export interface CompiledRuleSet {
  content: ContentRule[];
  flood: FloodRule[];
  repeat: RepeatRule[];
  dryRun: boolean;
  /** A digest of the set as compiled: the same rules, the same version, on every instance. */
  version: string;
}

/** A rule that matched a message, and why (`term "casino"`, `30 messages in 10 s`). */
export interface RuleHit {
  rule: Rule;
  why: string;
  /** For a content rule: where in the message it matched, what it read there and how (hit-explanation.ts). */
  explanation?: HitExplanation;
}

export function compileRuleSet(rules: RuleSet): CompiledRuleSet {
  return {
    content: compileContentRules(rules.rules),
    flood: rules.rules.filter((rule): rule is FloodRule => 'flood' in rule),
    repeat: rules.rules.filter((rule): rule is RepeatRule => 'repeat' in rule),
    dryRun: rules.dryRun,
    version: ruleSetVersion(rules),
  };
}

/**
 * The content rules a normalised text matches, in the set's order, each explained against the
 * text as it was sent (`originalText`, the normalised text itself when not given). A text no rule
 * matches costs the tests alone.
 */
export function contentHits(rules: CompiledRuleSet, normalizedText: string, originalText = normalizedText): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const content of rules.content) {
    if (!content.test(normalizedText)) continue;
    const match = content.locate(normalizedText);
    hits.push({
      rule: content.rule,
      why: match?.why ?? 'matched',
      ...(match && { explanation: explainHit(content.rule.name, rules.version, originalText, match) }),
    });
  }
  return hits;
}
