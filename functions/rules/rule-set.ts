/**
 * A rule set ready to evaluate: content rules compiled (at cold start, once), counting rules
 * grouped by kind with the widest window and largest threshold each kind must read.
 */
import { compileContentRules, type ContentRule } from './content-rules.js';
import type { FloodRule, RepeatRule, Rule, RuleSet } from './rules-schema.js';

export interface CompiledRuleSet {
  content: ContentRule[];
  flood: FloodRule[];
  repeat: RepeatRule[];
  dryRun: boolean;
}

/** A rule that matched a message, and why (`term "casino"`, `30 messages in 10 s`). */
export interface RuleHit {
  rule: Rule;
  why: string;
}

export function compileRuleSet(rules: RuleSet): CompiledRuleSet {
  return {
    content: compileContentRules(rules.rules),
    flood: rules.rules.filter((rule): rule is FloodRule => 'flood' in rule),
    repeat: rules.rules.filter((rule): rule is RepeatRule => 'repeat' in rule),
    dryRun: rules.dryRun,
  };
}

/** The content rules a normalised text matches, in the set's order. */
export function contentHits(rules: CompiledRuleSet, normalizedText: string): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const content of rules.content) {
    if (content.test(normalizedText))
      hits.push({ rule: content.rule, why: content.explain(normalizedText) ?? 'matched' });
  }
  return hits;
}
