/**
 * `npm run bench:bundles`: every function of the manifest bundled as CDK bundles it
 * (esbuild, minified, ESM, UTF-8), its size, and the time a fresh Node process takes to
 * import it cold (what a Lambda cold start spends in our code before the first event), best
 * of three. Targets (issue 11): ≤ 500 KB a bundle, ≤ 300 ms a cold import.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { queueNames, queueUrlEnvName } from '@govflow/contracts';
import { envNames, functions } from '@govflow/infra/manifest';
import { esbuildOptions } from '@govflow/infra/bundling';
import { compiledRegionPath, repositoryRoot } from '@govflow/infra/function';
import { compiledRegionFile, loadRegion } from '@govflow/regions';

// Inside the repository, so a bundle's native modules resolve from its node_modules as they would from the bundle's own.
const cache = join(repositoryRoot, 'node_modules', '.cache');
mkdirSync(cache, { recursive: true });
const out = mkdtempSync(join(cache, 'govflow-bundles-'));
const env = {
  ...process.env,
  AWS_REGION: 'cn-north-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
  AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:9',
  [envNames.regionId]: 'wuhai',
  [envNames.tableName]: 'bench',
  [envNames.piiKey]: Buffer.alloc(32, 7).toString('base64'),
  [envNames.deadLetterQueueUrl]: 'http://127.0.0.1:9/queue/dlq',
  [envNames.maxReceiveCount]: '5',
  POWERTOOLS_LOG_LEVEL: 'ERROR',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  [envNames.uploadBucket]: 'bench-uploads',
  ...Object.fromEntries(queueNames.map((queue) => [queueUrlEnvName(queue), `http://127.0.0.1:9/queue/${queue}`])),
};

const region = loadRegion('wuhai');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
console.log(`govflow bundles: ${functions.length} functions, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown cpu'})`);
console.log(`${'function'.padEnd(22)} ${'bundle'.padStart(9)}  ${'cold import'.padStart(11)}  beside it (besides ${compiledRegionFile})`);
let worst = { bytes: 0, ms: 0 };
for (const spec of functions) {
  const dir = join(out, spec.id);
  mkdirSync(dir);
  const outfile = join(dir, 'index.mjs');
  await build({ ...esbuildOptions, mainFields: [...esbuildOptions.mainFields], entryPoints: [join(repositoryRoot, spec.entry)], outfile, external: [...esbuildOptions.external, ...(spec.nativeModules ?? [])], logLevel: 'error' });
  for (const folder of spec.files ?? []) cpSync(join(repositoryRoot, folder), join(dir, basename(folder)), { recursive: true });
  // As CDK's bundling does (governedFunction): the region, validated at synth, beside the bundle.
  copyFileSync(compiledRegionPath(region), join(dir, compiledRegionFile));
  const bytes = statSync(outfile).size;
  // The process exits once imported: what a handler does later (fetch its secrets) is not import time.
  const probe = `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log('imported', performance.now() - t); process.exit(0);`;
  const times = [0, 1, 2].map(() => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { env, cwd: repositoryRoot, encoding: 'utf8' });
    const line = run.stdout.split('\n').find((l) => l.startsWith('imported '));
    if (!line) throw new Error(`${spec.id} did not import: ${run.stderr.split('\n').find((l) => /Error/.test(l))?.slice(0, 400) ?? run.stderr.slice(-400)}`);
    return Number(line.slice('imported '.length));
  });
  const ms = Math.min(...times);
  worst = { bytes: Math.max(worst.bytes, bytes), ms: Math.max(worst.ms, ms) };
  console.log(`${spec.id.padEnd(22)} ${kb(bytes).padStart(9)}  ${`${ms.toFixed(0)} ms`.padStart(11)}  ${[...(spec.nativeModules ?? []), ...(spec.files ?? []).map((f) => basename(f))].join(', ')}`);
}
console.log(`largest ${kb(worst.bytes)} (target ≤ 500 KB), slowest cold import ${worst.ms.toFixed(0)} ms (target ≤ 300 ms)`);
rmSync(out, { recursive: true, force: true });
