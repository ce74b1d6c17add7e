// @ts-check
/**
 * Mutation testing of the modules whose tests must prove what their names claim: the client,
 * the queue contract, the decision core, the rules engine, and the job runner with its output writers. Run with
 * `npm run mutate` (not part of `npm test`); reports go to reports/mutation/ (HTML and JSON), and
 * test/mutation/module-scores.ts prints the score of each module from the JSON report.
 * Surviving mutants that no test can kill are listed, with the reason, in test/mutation/equivalent-mutants.md.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/mutation/vitest.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'functions/agora/*.ts',
    'functions/events/*.ts',
    'functions/moderation/decision/*.ts',
    'functions/moderation/delivery/{process-event,process-record,errors,retry-budget,failure-disposition}.ts',
    'functions/rules/*.ts',
    'functions/jobs/{runner,checkpoint,run-outputs,part-writer,csv,run-layout,output-store,key-path}.ts',
    '!functions/**/index.ts',
  ],
  ignorePatterns: ['tools/node24', 'dist', 'cdk.out', 'bench', 'reports', 'runs', 'coverage'],
  concurrency: 2,
  // A mutant of a module's top level reloads the modules and runs every test that loads them,
  // which takes seconds on a busy machine: the default 5 s over the estimate would call some of
  // those runs timeouts (counted as killed). Mutants that loop forever are caught by their hit
  // count instead, so a generous limit costs little.
  timeoutMS: 30_000,
  // A static mutant (of a module's top level: a constant, a schema) cannot be switched on per
  // test, so each one reloads the modules and runs every test that loads them: on two cores they
  // take most of a first run's time. They are run all the same: with ignoreStatic, a mutant that
  // is both (a schema built at load time and also reached by a test) is run with its tests alone,
  // without reloading the module, and passes for a survivor. `--ignoreStatic` makes a quick check.
  ignoreStatic: false,
  // Re-runs test only the mutants whose code or tests changed since the last run.
  incremental: true,
  incrementalFile: 'reports/mutation/incremental.json',
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: true },
  thresholds: { high: 90, low: 85, break: 85 },
  tempDirName: '.stryker-tmp',
};
