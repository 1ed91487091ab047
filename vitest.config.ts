import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/cdk.out/**', '**/.stryker-tmp/**'],
    testTimeout: 30_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 60_000,
    // Integration tests start their own servers on free ports; two workers suit a 2-core CI machine.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
