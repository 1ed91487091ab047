import { build } from 'esbuild';
import { join } from 'node:path';
import { esbuildOptions, repositoryRoot } from '@govflow/infra/function';
const out = await build({ ...esbuildOptions, mainFields: [...esbuildOptions.mainFields], entryPoints: [join(repositoryRoot, 'services/intake/src/handlers/api.ts')], outfile: '/tmp/meta-out.mjs', external: [...esbuildOptions.external], logLevel: 'error', metafile: true });
const inputs = Object.values(out.metafile!.outputs).flatMap((o) => Object.entries(o.inputs));
const byPkg = new Map<string, number>();
for (const [path, { bytesInOutput }] of inputs) {
  const m = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  const key = m ? m[1]! : path.split('/').slice(0, 3).join('/');
  byPkg.set(key, (byPkg.get(key) ?? 0) + bytesInOutput);
}
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1000).toFixed(1).padStart(7), k);
