/**
 * The worst a verdict costs with the most expensive rule set the schema accepts: patterns at the
 * set's bound of compiled program (five of about 200 instructions), judged (every hit explained)
 * on 64 KB texts chosen to keep RE2's automaton busy. Beside it, in the same run, the submatch
 * search over the whole text that explanations used before (RE2JS `find`), on the same patterns
 * and texts: the baseline. `npm run bench:hostile-patterns`.
 */
import { RE2JS } from 're2js';
import { compileRuleSet, judge, parseRules } from '../functions/rules/index.js';

const SIZE = 65_536;
const TEXTS: Record<string, string> = {
  'one letter': 'a'.repeat(SIZE),
  'letter, space': 'a '.repeat(SIZE / 2),
  'printable mix': Array.from({ length: SIZE }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 90))).join(''),
  Han: '来赢钱'.repeat(SIZE / 3 + 1).slice(0, SIZE),
};
const PATTERNS = [
  '(?:\\w+\\W*){49,}',
  '(?:\\w+\\W+){49}',
  '(?:\\w\\s?){66}',
  '(?:[a-z]{1,10}\\.){1,8}(?:ru|xyz|top)',
  '[\\p{L}]{50,}',
];

const parsed = parseRules({ rules: PATTERNS.map((pattern, i) => ({ name: `p${i}`, pattern, reject: true })) });
if (!parsed.ok) throw new Error(`the bench's rule set is refused: ${parsed.problems.join('; ')}`);
const rules = compileRuleSet(parsed.rules);
const compiled = PATTERNS.map((pattern) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE));
console.log(
  `patterns: ${PATTERNS.length}, compiled programs ${compiled.map((re) => re.programSize()).join(' + ')} instructions`,
);

const time = (work: () => unknown, runs = 5) => {
  work();
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work();
    times.push(performance.now() - started);
  }
  return { median: times.sort((a, b) => a - b)[Math.floor(runs / 2)]!, max: Math.max(...times) };
};

for (const [name, text] of Object.entries(TEXTS)) {
  const verdict = time(() => judge(rules, text));
  const hits = judge(rules, text).hits.length;
  const baseline = time(() => compiled.forEach((re) => re.matcher(text).find()), 1);
  console.log(
    `${name.padEnd(14)} verdict median ${verdict.median.toFixed(1)} ms, max ${verdict.max.toFixed(1)} ms (${hits} hits explained); whole-text find, all patterns: ${baseline.median.toFixed(0)} ms`,
  );
}
