// `npm run mutation`: StrykerJS's mutation score of machines/ (the rule core) against the pure suites of
// vitest.mutation.config.ts. Not in CI: a full run takes a while on 2 shared cores; incremental mode
// re-tests only mutants whose code or covering tests changed since stryker-incremental.json.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['machines/**/*.ts'],
  coverageAnalysis: 'perTest',
  // The machine is shared by several engineers: two test processes at most.
  concurrency: 2,
  // A loaded machine makes a run of a few hundred milliseconds take seconds: a low limit would call a
  // slow run a timeout and restart its test runner (tens of seconds each). The machines' loops are
  // bounded, so a real timeout is rare and waits this long once.
  timeoutMS: 30_000,
  incremental: true,
  incrementalFile: 'stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  // Reported, not enforced: the goal (≥ 90% counting every mutant) is in README's development section.
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
