/**
 * The version of a rule set: a digest of what it compiles to, so that a violation names the
 * rules that judged it. Computed once, when the set is compiled. The same rules give the same
 * version on every instance and after every restart, whatever the order of the keys in the file
 * and whether a default is written out or left to apply (`"separators": true` or no field);
 * changing a rule, its order or `dryRun` changes it.
 */
import { createHash } from 'node:crypto';
import { sortedKeys } from '../validation/index.js';
import type { Rule, RuleSet } from './rules-schema.js';

/** The rule as it is compiled: a terms rule's defaults written out. */
function compiledRule(rule: Rule): Rule {
  if (!('terms' in rule)) return rule;
  return {
    ...rule,
    allow: rule.allow ?? [],
    separators: rule.separators ?? true,
    leet: rule.leet ?? true,
    particles: rule.particles ?? true,
  };
}

/** `rs-` and 16 hex digits of the SHA-256 of the set as it is compiled. */
export function ruleSetVersion(rules: RuleSet): string {
  const compiled = { dryRun: rules.dryRun, rules: rules.rules.map(compiledRule) };
  return `rs-${createHash('sha256')
    .update(JSON.stringify(sortedKeys(compiled)), 'utf8')
    .digest('hex')
    .slice(0, 16)}`;
}
