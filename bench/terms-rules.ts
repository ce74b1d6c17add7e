/**
 * The cost of `terms` rules at init and per verdict, the trie matcher against the RE2 alternation
 * it replaced, in one run:
 *
 * 1. build: the rule set compiled as at init (`compileRuleSet`; the RE2 side quotes the normalised
 *    terms into one alternation a rule and compiles it), and the ratio of the two;
 * 2. a 64 KB verdict (normalisation and every rule, each explained when it matches, as `judge`
 *    does): an ordinary text that holds a term of the last rule near its end, and a hostile one
 *    made of near misses of the longest shared beginnings of the terms.
 *
 * Rule sets: the largest the schema takes (50 rules of 2,000 terms of 200 characters), 50 rules of
 * 2,000 short terms, and a set built against the trie (every term `a a … a z` of its own length, so
 * that a text of `a a a …` walks a hundred branching nodes from every word start and never
 * matches): its worst case, not RE2's. Numbers are printed, never asserted.
 *
 * Usage: npm run bench:terms [-- verdictRuns] (default 5; RE2 builds run once a set: the largest
 * takes about half a minute). The heap a set holds is measured with `--expose-gc` (the script
 * passes it).
 */
import { cpus, totalmem } from 'node:os';
import {
  compileRuleSet,
  judge,
  type CompiledRuleSet,
  normalizeText,
  parseRules,
  RULE_LIMITS,
  type RuleSet,
} from '../functions/rules/index.js';
import { re2TermsRule, type Re2TermsRule } from '../test/helpers/re2-terms-oracle.js';

const verdictRuns = Number(process.argv[2] ?? 5);
/**
 * Both sides match terms as written (no separators, leet or particles): with them, the RE2 side
 * writes every term whole and spaced, which for terms of 200 characters is no longer the
 * alternation the trie replaced. `bench:matching` measures the defaults.
 */
const PLAIN = { separators: false, leet: false, particles: false };
const TEXT_BYTES = 65_536;

const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[samples.length >> 1]!;
const time = (run: () => unknown) => {
  const started = performance.now();
  run();
  return performance.now() - started;
};
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

interface BenchSet {
  label: string;
  terms: (rule: number) => string[];
  /** A 64 KB text a verdict reads. */
  texts: [string, string][];
}

const fill = (unit: string, tail = '') =>
  unit.repeat(Math.ceil((TEXT_BYTES - tail.length) / unit.length)).slice(0, TEXT_BYTES - tail.length) + tail;
const WORDS =
  'hello there this is an ordinary chat message about the meeting tomorrow morning with some numbers 42 and links to nothing in particular ';

const longTerm = (rule: number, index: number) =>
  `${String.fromCharCode(97 + (rule % 26))}${rule}t${index}`.padEnd(RULE_LIMITS.termLength, 'x');
const shortTerm = (rule: number, index: number) => `w${rule}x${index}`;
const trieBait = (_rule: number, index: number) => `${'a '.repeat(1 + (index % 96))}z${index}`;

const SETS: BenchSet[] = [
  {
    label: `largest: ${RULE_LIMITS.rules} × ${RULE_LIMITS.terms} terms of ${RULE_LIMITS.termLength} characters`,
    terms: (rule) => Array.from({ length: RULE_LIMITS.terms }, (_, index) => longTerm(rule, index)),
    texts: [
      ['64 KB ordinary, a term of the last rule at its end', fill(WORDS, ` ${longTerm(49, 1_234)}`)],
      ['64 KB of near misses (199 characters of a term, then a wrong one)', fill(`${longTerm(49, 5).slice(0, -1)}y `)],
    ],
  },
  {
    label: `short: ${RULE_LIMITS.rules} × ${RULE_LIMITS.terms} terms of 4 to 8 characters`,
    terms: (rule) => Array.from({ length: RULE_LIMITS.terms }, (_, index) => shortTerm(rule, index)),
    texts: [
      ['64 KB ordinary, a term of the last rule at its end', fill(WORDS, ` ${shortTerm(49, 1_234)}`)],
      ['64 KB of near misses (w49x1 w49x12 ... glued to letters)', fill('w49x1a w49x12b w49x123c ')],
    ],
  },
  {
    label: `against the trie: ${RULE_LIMITS.rules} × ${RULE_LIMITS.terms} terms "a a … a z<i>", up to 200 characters`,
    terms: (rule) => Array.from({ length: RULE_LIMITS.terms }, (_, index) => trieBait(rule, index)),
    texts: [['64 KB of "a a a …"', fill('a ')]],
  },
];

/** A verdict as `judge` reads one with the RE2 alternations: normalise, then every rule, explained when it matches. */
function re2Verdict(rules: Re2TermsRule[], text: string): number {
  const normalized = normalizeText(text);
  let hits = 0;
  for (const rule of rules) if (rule.test(normalized) && rule.firstTerm(normalized) !== undefined) hits++;
  return hits;
}

const cpu = cpus();
console.log(
  `machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`,
);
for (const set of SETS) {
  const ruleSet: RuleSet = {
    dryRun: false,
    rules: Array.from({ length: RULE_LIMITS.rules }, (_, rule) => ({
      name: `rule-${rule}`,
      reject: true,
      terms: set.terms(rule),
      ...PLAIN,
    })),
  };
  const parsed = parseRules(ruleSet);
  if (!parsed.ok) throw new Error(parsed.problems.slice(0, 3).join('\n'));
  const characters = ruleSet.rules.reduce(
    (sum, rule) => sum + ('terms' in rule ? rule.terms.reduce((n, term) => n + term.length, 0) : 0),
    0,
  );
  console.log(`\n${set.label} (${(characters / 1e6).toFixed(1)} M characters)`);

  const collect = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  collect();
  const heapBefore = process.memoryUsage().heapUsed;
  let compiled: CompiledRuleSet | undefined;
  const firstBuild = time(() => (compiled = compileRuleSet(parsed.rules)));
  collect();
  const heap = process.memoryUsage().heapUsed - heapBefore;
  const builds = Array.from({ length: 5 }, () => time(() => compileRuleSet(parsed.rules)));
  const normalizing = median(
    Array.from({ length: 3 }, () =>
      time(() => parsed.rules.rules.forEach((rule) => 'terms' in rule && rule.terms.map(normalizeText))),
    ),
  );
  let re2: Re2TermsRule[] = [];
  const re2Build = time(
    () => (re2 = parsed.rules.rules.map((rule) => re2TermsRule('terms' in rule ? rule.terms : [], PLAIN))),
  );
  console.log(
    `  build: trie ${ms(firstBuild)} ms the first time, ${ms(median(builds))} ms the median of 5 more (of which normalising the terms ${ms(normalizing)} ms; heap held ${Math.round(heap / 2 ** 20)} MiB),` +
      ` RE2 ${ms(re2Build)} ms: ${(re2Build / median(builds)).toFixed(0)}× faster`,
  );
  for (const [label, text] of set.texts) {
    let trieHits = 0;
    let re2Hits = 0;
    const trieTimes = Array.from({ length: verdictRuns }, () =>
      time(() => (trieHits = judge(compiled!, text).hits.length)),
    );
    const re2Times = Array.from({ length: verdictRuns }, () => time(() => (re2Hits = re2Verdict(re2, text))));
    if (trieHits !== re2Hits) throw new Error(`${label}: the trie found ${trieHits} rules, RE2 ${re2Hits}`);
    console.log(
      `  verdict, ${label}: trie ${ms(median(trieTimes))} ms (max ${ms(Math.max(...trieTimes))}), RE2 ${ms(median(re2Times))} ms (max ${ms(Math.max(...re2Times))}), ${trieHits} rules hit`,
    );
  }
}
