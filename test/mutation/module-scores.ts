/**
 * Reads the mutation report (reports/mutation/mutation.json, or the files named) and prints the
 * mutation score of each module, then every surviving mutant that test/mutation/equivalent-mutants.md does not list
 * as equivalent.
 * Exits 1 when a module scores under the threshold or a survivor is not listed: a new survivor is
 * either killed by a test or explained there.
 *
 * The score is Stryker's: killed and timed-out mutants over all valid ones (survivors and
 * mutants no test reaches included; mutants that do not compile, and static mutants when
 * stryker.config.mjs ignores them, are left out: the ignored are counted apart).
 */
import { readFileSync } from 'node:fs';

const THRESHOLD = 85;
const MODULES = ['functions/agora', 'functions/events', 'functions/moderation', 'functions/jobs', 'functions/rules'];

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
// Other reports may be named instead (runs over one module each, say): their files are merged.
const paths: (string | URL)[] =
  process.argv.length > 2 ? process.argv.slice(2) : [new URL('reports/mutation/mutation.json', root)];
const report: Report = {
  files: Object.assign({}, ...paths.map((path) => (JSON.parse(readFileSync(path, 'utf8')) as Report).files)),
};
const readme = readFileSync(new URL('test/mutation/equivalent-mutants.md', root), 'utf8');

/** `file:line Mutator` of every mutant the table of equivalent mutants lists. */
const listed = new Set(
  [...readme.matchAll(/^\| `(functions\/[^`:]+):(\d+)` \| (\w+) \|/gm)].map(
    ([, file, line, mutator]) => `${file}:${line} ${mutator}`,
  ),
);

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
let failed = false;
const unexplained: string[] = [];
const rows: string[] = [];
const total = { detected: 0, valid: 0 };

for (const module of MODULES) {
  const counts = { detected: 0, valid: 0, ignored: 0 };
  for (const [file, { mutants }] of Object.entries(report.files)) {
    if (!file.startsWith(`${module}/`)) continue;
    for (const mutant of mutants) {
      if (mutant.status === 'Ignored') counts.ignored += 1;
      if (DETECTED.has(mutant.status)) counts.detected += 1;
      if (!DETECTED.has(mutant.status) && !UNDETECTED.has(mutant.status)) continue;
      counts.valid += 1;
      const where = `${file}:${mutant.location.start.line} ${mutant.mutatorName}`;
      if (UNDETECTED.has(mutant.status) && !listed.has(where))
        unexplained.push(`${mutant.status} ${where}: ${mutant.replacement ?? ''}`);
    }
  }
  if (counts.valid === 0) continue;
  const score = (100 * counts.detected) / counts.valid;
  if (score < THRESHOLD) failed = true;
  total.detected += counts.detected;
  total.valid += counts.valid;
  rows.push(
    `${module.padEnd(22)} ${score.toFixed(2).padStart(6)} %  (${counts.detected} of ${counts.valid} detected${counts.ignored > 0 ? `, ${counts.ignored} ignored` : ''})${score < THRESHOLD ? `  under ${THRESHOLD} %` : ''}`,
  );
}

console.log(rows.join('\n'));
if (total.valid > 0)
  console.log(
    `${'all'.padEnd(22)} ${((100 * total.detected) / total.valid).toFixed(2).padStart(6)} %  (${total.detected} of ${total.valid} detected)`,
  );
if (unexplained.length > 0) {
  failed = true;
  console.log(
    `\n${unexplained.length} surviving mutant(s) not listed as equivalent in test/mutation/equivalent-mutants.md:\n  ${unexplained.join('\n  ')}`,
  );
}
process.exit(failed ? 1 : 0);
