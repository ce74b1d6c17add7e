/**
 * The pre-delivery verdict, in memory: a message matching a rule with `reject: true` gets
 * `{"valid": false, "code": "<rule name>"}`, any other `{"valid": true}` (Agora reads `valid`,
 * and shows `code` to the sender when the rule's "Report Error" is on). A dry run never rejects.
 */
import { normalizeText } from './normalize-text.js';
import { contentHits, type CompiledRuleSet, type RuleHit } from './rule-set.js';

export type Verdict = { valid: true } | { valid: false; code: string };

export const PASS: Verdict = { valid: true };

export interface Judgement {
  verdict: Verdict;
  /** Every content rule the text matched (rejecting or not). */
  hits: RuleHit[];
  /** The rule that decided a rejection, if one did (also in a dry run, where it does not reject). */
  rejectedBy?: string;
}

export function judge(rules: CompiledRuleSet, text: string | undefined): Judgement {
  if (text === undefined) return { verdict: PASS, hits: [] };
  const hits = contentHits(rules, normalizeText(text), text);
  const rejecting = hits.find((hit) => hit.rule.reject);
  if (!rejecting) return { verdict: PASS, hits };
  return {
    verdict: rules.dryRun ? PASS : { valid: false, code: rejecting.rule.name },
    hits,
    rejectedBy: rejecting.rule.name,
  };
}
