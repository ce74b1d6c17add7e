/**
 * Reads the mutation report (reports/mutation/mutation.json, or the files named) and prints the
 * mutation score of each module, then every surviving mutant that test/mutation/equivalent-mutants.md does not list
 * as equivalent, and every row of that table that no longer names a surviving mutant.
 * Exits 1 when a module scores under its threshold, a survivor is not listed or a row is stale: a new
 * survivor is either killed by a test or explained there, and a row follows its code.
 *
 * The score is Stryker's: killed and timed-out mutants over all valid ones (survivors and
 * mutants no test reaches included; mutants that do not compile, and static mutants when
 * stryker.config.mjs ignores them, are left out: the ignored are counted apart).
 *
 * A report may cover only some files (`stryker run --mutate <glob>`): a module is scored over the
 * files the report holds and the table's rows are checked for those files only; the modules it does
 * not reach are named as not measured.
 */
import { readFileSync } from 'node:fs';

/** The modules scored, with the score each must reach: the decision core and the rules engine carry more. */
const MODULES: { path: string; threshold: number }[] = [
  { path: 'functions/agora', threshold: 85 },
  { path: 'functions/events', threshold: 85 },
  { path: 'functions/moderation/decision', threshold: 95 },
  { path: 'functions/moderation/delivery', threshold: 85 },
  { path: 'functions/jobs', threshold: 85 },
  { path: 'functions/rules', threshold: 95 },
];

interface Mutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: { line: number; column: number } };
}
interface Report {
  files: Record<string, { source: string; mutants: Mutant[] }>;
}

const root = new URL('../../', import.meta.url);
// Other reports may be named instead (runs over one module each, say): their files are merged, a
// file named in several taken from the last.
const paths: (string | URL)[] =
  process.argv.length > 2 ? process.argv.slice(2) : [new URL('reports/mutation/mutation.json', root)];
const report: Report = {
  files: Object.assign({}, ...paths.map((path) => (JSON.parse(readFileSync(path, 'utf8')) as Report).files)),
};
const readme = readFileSync(new URL('test/mutation/equivalent-mutants.md', root), 'utf8');

/** `file:line Mutator` of every mutant the table of equivalent mutants lists. */
const listed = new Set(
  [...readme.matchAll(/^\| `(functions\/[^`:]+):(\d+)`\s*\| (\w+)\s*\|/gm)].map(
    ([, file, line, mutator]) => `${file}:${line} ${mutator}`,
  ),
);

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
let failed = false;
const unexplained: string[] = [];
const rows: string[] = [];
const unmeasured: string[] = [];
const total = { detected: 0, valid: 0 };
/** The statuses of the mutants at each `file:line Mutator` of the report. */
const statusesAt = new Map<string, string[]>();

for (const { path: module, threshold } of MODULES) {
  const counts = { detected: 0, survived: 0, noCoverage: 0, equivalent: 0, valid: 0, ignored: 0 };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    if (!file.startsWith(`${module}/`)) continue;
    for (const mutant of mutants) {
      const where = `${file}:${mutant.location.start.line} ${mutant.mutatorName}`;
      statusesAt.set(where, [...(statusesAt.get(where) ?? []), mutant.status]);
      if (mutant.status === 'Ignored') counts.ignored += 1;
      if (DETECTED.has(mutant.status)) counts.detected += 1;
      if (!DETECTED.has(mutant.status) && !UNDETECTED.has(mutant.status)) continue;
      counts.valid += 1;
      if (mutant.status === 'Survived') counts.survived += 1;
      if (mutant.status === 'NoCoverage') counts.noCoverage += 1;
      if (UNDETECTED.has(mutant.status) && listed.has(where)) counts.equivalent += 1;
      if (UNDETECTED.has(mutant.status) && !listed.has(where))
        unexplained.push(`${mutant.status} ${where}: ${mutant.replacement ?? ''}`);
    }
  }
  if (counts.valid === 0) {
    unmeasured.push(module);
    continue;
  }
  const score = (100 * counts.detected) / counts.valid;
  if (score < threshold) failed = true;
  total.detected += counts.detected;
  total.valid += counts.valid;
  const details = [
    `${counts.detected} of ${counts.valid} detected`,
    `${counts.survived} survived`,
    `${counts.noCoverage} without coverage`,
    `${counts.equivalent} of them listed equivalent`,
    ...(counts.ignored > 0 ? [`${counts.ignored} ignored`] : []),
  ];
  rows.push(
    `${module.padEnd(30)} ${score.toFixed(2).padStart(6)} %  (${details.join(', ')})${score < threshold ? `  under ${threshold} %` : ''}`,
  );
}

// A row names a surviving mutant of a file the report holds, or it is stale: its code moved or went,
// or a test kills it now. Rows of files the report does not hold are left alone (a partial run).
const stale = [...listed].filter((where) => {
  const file = where.slice(0, where.lastIndexOf(':'));
  if (!(file in report.files)) return false;
  const statuses = statusesAt.get(where) ?? [];
  return statuses.length === 0 || statuses.every((status) => DETECTED.has(status));
});

console.log(rows.join('\n'));
if (total.valid > 0)
  console.log(
    `${'all'.padEnd(30)} ${((100 * total.detected) / total.valid).toFixed(2).padStart(6)} %  (${total.detected} of ${total.valid} detected)`,
  );
if (unmeasured.length > 0) console.log(`not in this report: ${unmeasured.join(', ')}`);
if (unexplained.length > 0) {
  failed = true;
  console.log(
    `\n${unexplained.length} surviving mutant(s) not listed as equivalent in test/mutation/equivalent-mutants.md:\n  ${unexplained.join('\n  ')}`,
  );
}
if (stale.length > 0) {
  failed = true;
  console.log(
    `\n${stale.length} row(s) of test/mutation/equivalent-mutants.md that name no surviving mutant (the code moved or a test kills it):\n  ${stale.join('\n  ')}`,
  );
}
process.exit(failed ? 1 : 0);
