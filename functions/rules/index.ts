/**
 * The moderation rules: their schema, the one normal form of a text, content matching (term
 * search for terms, RE2JS for patterns), what the counting rules count and when they report, the
 * compiled rule set and its verdict on a text, and the reports behind `groupmod rules check` and
 * `rules test`. Pure: the callbacks ingress does the counting and the claims over the ledger.
 * Used by the callbacks ingress, the CLI and the infrastructure (the rules setting).
 */
export {
  NO_RULES,
  parseRules,
  parseRulesJson,
  RULE_LIMITS,
  rulesSchema,
  type ParsedRules,
  type RuleSet,
} from './rules-schema.js';
export { normalizeText } from './normalize-text.js';
export { compileRuleSet, contentHits, type CompiledRuleSet, type RuleHit } from './rule-set.js';
export {
  countingRead,
  floodCandidates,
  repeatCandidates,
  textFingerprint,
  textKeyOf,
  type CountingCandidate,
} from './counting-rules.js';
export { judge, PASS, type Judgement } from './verdict.js';
export { describeExplanation, type HitExplanation } from './hit-explanation.js';
export { TRANSFORMS, type Transform } from './original-span.js';
export { ruleSetVersion } from './rule-set-version.js';
export { checkRulesText, formatRulesTest, testRules } from './rules-report.js';
