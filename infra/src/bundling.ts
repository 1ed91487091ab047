/** The major of `lambdaRuntime` (function.ts): the bundles are built for the runtime they run on. */
const esbuildTarget = 'node24';

/**
 * How a function is bundled (esbuild), in the terms of esbuild's own API, so
 * `npm run bench:bundles` builds exactly what CDK deploys. UTF-8 output: the region's
 * Chinese text would otherwise be escaped, six bytes a character instead of three.
 */
export const esbuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: esbuildTarget,
  minify: true,
  sourcemap: true,
  charset: 'utf8',
  mainFields: ['module', 'main'],
  // Some dependencies still call require(); give ESM bundles one.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  // The AWS SDK comes from the Lambda runtime (nodejs22.x ships v3, as CDK assumes by default):
  // bundled, it was about 400 KB of every function's 720 KB to 1 MB (ADR 0019).
  external: ['@aws-sdk/*'],
} as const;
