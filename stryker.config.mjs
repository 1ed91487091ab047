// Mutation testing of `platform` and every service's `domain` (npm run mutation; long, so not in npm test).
// See docs/mutation.md for the scores and the surviving mutants.
//
// MUTATION_AREA=platform|dispatch|intake|mediation|reporting narrows a run to one area, with its
// own report and incremental file under reports/mutation/<area>/ (scripts/mutation-summary.ts
// sums them up).
const area = process.env.MUTATION_AREA;
const scope = !area ? ['platform/src/**/*.ts', 'services/*/src/domain/**/*.ts'] : area === 'platform' ? ['platform/src/**/*.ts'] : [`services/${area}/src/domain/**/*.ts`];
const reports = `reports/mutation/${area ?? 'all'}`;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  plugins: ['@stryker-mutator/vitest-runner'],
  checkers: [],
  mutate: [
    ...scope,
    // Adapters that only talk to AWS or wire a function together: tested through the local
    // servers and the end-to-end suite, not by unit tests a mutant run can afford.
    '!platform/src/aws.ts', // SDK clients
    '!platform/src/api-entry.ts', // middy wiring
    '!platform/src/runtime.ts', // wiring from the environment
    '!platform/src/sweeper.ts', // middy wiring of OutboxRelay.sweep
    '!platform/src/secrets.ts', // Secrets Manager
    '!platform/src/publisher.ts', // SQS SendMessageBatch
    '!platform/src/sequence.ts', // one DynamoDB UpdateItem
    '!platform/src/dead-letter.ts', // SQS SendMessage
    '!platform/src/object-store.ts', // S3
    '!platform/src/logger.ts', // one Logger
    '!platform/src/index.ts', // re-exports
  ],
  coverageAnalysis: 'perTest',
  // Static mutants (in module-level tables and constants, evaluated once at import) cannot be
  // told apart per test: each runs every related test file, and Stryker estimated them at
  // 45-74% of a run for 9-11% of the mutants. They are left out (reported as Ignored); the
  // tables themselves are checked by tests written against them (e.g. the work-order transitions).
  ignoreStatic: true,
  // Stryker's first, coverage-measuring run of the classifier's tests takes minutes on a busy machine.
  dryRunTimeoutMinutes: 30,
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: `${reports}/stryker-incremental.json`,
  reporters: ['html', 'json', 'clear-text', 'progress'],
  htmlReporter: { fileName: `${reports}/index.html` },
  jsonReporter: { fileName: `${reports}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Not copied into the sandbox: other runs' sandboxes, reports, local data, the console.
  ignorePatterns: ['.stryker-tmp', 'reports', '.data', 'cdk.out', 'test/artifacts', 'console'],
  tempDirName: `.stryker-tmp/${area ?? 'all'}`,
  cleanTempDir: true,
  thresholds: { high: 90, low: 80, break: null },
};
