import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { RegionConfig } from '@govflow/contracts';

const sourceDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

/**
 * What the console needs of the region's own data and cannot ask the API for: the
 * jurisdiction tree with each grid's polygon (the map), department and centre names
 * (pickers). Published region configuration, no case or personal data; grid workers'
 * names stay out.
 */
export function regionMap(region: RegionConfig) {
  return {
    id: region.id,
    name: region.name,
    timeZone: region.timeZone,
    areas: region.areas.map((a) => ({ id: a.id, name: a.name, level: a.level, parentId: a.parentId })),
    grids: region.grids.map((g) => ({ id: g.id, name: g.name, villageId: g.villageId, polygon: g.polygon })),
    departments: region.departments.map((d) => ({ id: d.id, name: d.name, level: d.level, areaId: d.areaId })),
    committees: region.mediation.committees.map((c) => ({ id: c.id, name: c.name, tier: c.tier })),
  };
}
export type RegionMap = ReturnType<typeof regionMap>;

/**
 * The console as static files, keyed by their path under `/console/`: the page, its
 * stylesheet, one esbuild bundle of the TypeScript modules, and the region's map data.
 * Built in a few milliseconds, so the local system builds it at start and CDK at synth.
 */
export function buildConsole(region: RegionConfig): Map<string, StaticFile> {
  const bundle = buildSync({
    entryPoints: [join(sourceDir, 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const text = (s: string) => Buffer.from(s, 'utf8');
  return new Map<string, StaticFile>([
    ['index.html', { body: readFileSync(join(sourceDir, 'index.html')), contentType: 'text/html; charset=utf-8' }],
    ['styles.css', { body: readFileSync(join(sourceDir, 'styles.css')), contentType: 'text/css; charset=utf-8' }],
    ['app.js', { body: Buffer.from(bundle.outputFiles[0]!.contents), contentType: 'text/javascript; charset=utf-8' }],
    ['region.json', { body: text(JSON.stringify(regionMap(region))), contentType: 'application/json' }],
  ]);
}

/** Writes the console's files into `outDir` (the static site CDK uploads). */
export function writeConsole(region: RegionConfig, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  for (const [name, file] of buildConsole(region)) writeFileSync(join(outDir, name), file.body);
  return outDir;
}

/**
 * Headers every console file is served with (locally by the gateway, deployed by
 * CloudFront's response-headers policy): the page loads only its own script, style and
 * data and talks only to its own origin's API.
 */
export const consoleSecurityHeaders = {
  contentSecurityPolicy: "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  referrerPolicy: 'no-referrer',
} as const;
