import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The fast unit tests `npm run mutation` runs against each mutant of `platform` and the
 * services' `domain` (see stryker.config.mjs): no end-to-end run, no whole local system.
 */
export default defineConfig({
  resolve: {
    // Stryker mutates a copy of the repository; the workspace links in node_modules point at
    // the original, so the packages are resolved inside the copy instead.
    alias: [
      { find: /^@govflow\/(platform|contracts|regions|local)$/, replacement: here('./$1/src/index.ts') },
      { find: /^@govflow\/(platform|contracts|regions|local)\/(.*)$/, replacement: here('./$1/src/$2.ts') },
    ],
  },
  test: {
    // The platform is judged by its own tests (and the consumer shell's); a service's domain by its service's.
    include: process.env.MUTATION_AREA?.startsWith('platform')
      ? ['platform/test/**/*.test.ts', 'local/test/consumer-shell.test.ts', 'local/test/retention-sweep.test.ts', 'local/test/key-store.test.ts']
      : ['platform/test/**/*.test.ts', 'services/*/test/**/*.test.ts', 'local/test/consumer-shell.test.ts', 'local/test/retention-sweep.test.ts', 'local/test/key-store.test.ts'],
    exclude: [
      '**/node_modules/**',
      // Adapter tests against the local DynamoDB that take seconds to tens of seconds each; the
      // domain they reach is covered by unit tests, and each mutant would wait for them.
      'services/mediation/test/service.test.ts',
      'services/reporting/test/replay.test.ts',
      'services/dispatch/test/repository.test.ts',
      // Its digests-against-live-counters test runs for about 12 s; digests.ts has fast tests of its own.
      'services/reporting/test/digests.test.ts',
      // Checks the checked-in model file against the training text: about data, not code.
      'services/dispatch/test/classification/model-file.test.ts',
    ],
    // Stryker's coverage counting slows hot loops (the surge detector's 8 weeks of traffic) a hundredfold in its first run.
    testTimeout: 300_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
