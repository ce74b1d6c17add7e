import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { ruleSetVersion } from '../../../functions/rules/rule-set-version.js';
import { parseRulesJson, type RuleSet } from '../../../functions/rules/rules-schema.js';
import { compileRuleSet } from '../../../functions/rules/rule-set.js';

const parsed = (json: string): RuleSet => {
  const result = parseRulesJson(json);
  if (!result.ok) throw new Error(result.problems.join('; '));
  return result.rules;
};

const FILE = `{"rules": [
  {"name": "banned-terms", "terms": ["casino", "crypto pump"], "reject": true},
  {"name": "scam-links", "pattern": "https?://\\\\S+\\\\.xyz"},
  {"name": "flood", "flood": {"messages": 30, "windowSeconds": 10}}
], "dryRun": false}`;

describe("a rule set's version", () => {
  test('is a digest of the set as compiled, computed once with the set', () => {
    const rules = parsed(FILE);
    expect(ruleSetVersion(rules)).toMatch(/^rs-[0-9a-f]{16}$/);
    expect(compileRuleSet(rules).version).toBe(ruleSetVersion(rules));
  });

  test('does not depend on the order of keys, nor on a default written out or left to apply', () => {
    const reordered = `{"dryRun": false, "rules": [
      {"reject": true, "terms": ["casino", "crypto pump"], "name": "banned-terms", "separators": true, "leet": true,
       "particles": true, "allow": []},
      {"pattern": "https?://\\\\S+\\\\.xyz", "name": "scam-links", "reject": false},
      {"flood": {"windowSeconds": 10, "messages": 30}, "name": "flood"}
    ]}`;
    expect(ruleSetVersion(parsed(reordered))).toBe(ruleSetVersion(parsed(FILE)));
    expect(ruleSetVersion(parsed(FILE.replace(', "dryRun": false', '')))).toBe(ruleSetVersion(parsed(FILE)));
  });

  test('changes with any rule, their order, an option and dryRun', () => {
    const version = ruleSetVersion(parsed(FILE));
    const others = [
      FILE.replace('"casino"', '"casinos"'),
      FILE.replace('"reject": true', '"reject": false'),
      FILE.replace('"reject": true', '"reject": true, "leet": false'),
      FILE.replace('"reject": true', '"reject": true, "particles": false'),
      FILE.replace('"reject": true', '"reject": true, "allow": ["casino royale"]'),
      FILE.replace('"dryRun": false', '"dryRun": true'),
      FILE.replace('"messages": 30', '"messages": 31'),
      FILE.replace('"casino", "crypto pump"', '"crypto pump", "casino"'),
    ].map((json) => ruleSetVersion(parsed(json)));
    for (const other of others) expect(other).not.toBe(version);
    expect(new Set(others).size).toBe(others.length);
  });

  test('of a set without terms rules is the SHA-256 of the set as parsed, its keys sorted', () => {
    const json = `{"rules": [{"name": "scam-links", "pattern": "xyz"}, {"name": "flood", "flood": {"messages": 30, "windowSeconds": 10}}]}`;
    const rules = parsed(json);
    const canonical = JSON.stringify({
      dryRun: rules.dryRun,
      rules: [
        { name: 'scam-links', pattern: 'xyz', reject: false },
        { flood: { messages: 30, windowSeconds: 10 }, name: 'flood', reject: false },
      ],
    });
    expect(rules.rules).toEqual(JSON.parse(canonical).rules);
    expect(ruleSetVersion(rules)).toBe(`rs-${createHash('sha256').update(canonical).digest('hex').slice(0, 16)}`);
  });
});
