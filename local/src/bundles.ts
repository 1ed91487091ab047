import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { esbuildOptions } from '@govflow/infra/bundling';
import { compiledRegionFile, loadRegion } from '@govflow/regions';
import { repositoryRoot } from './functions';

export interface BundledEntry {
  id: string;
  /** Handler file relative to the repository root. */
  entry: string;
  nativeModules?: readonly string[];
  /** Folders relative to the repository root that the function reads beside its bundle. */
  files?: readonly string[];
}

export interface LocalBundles {
  /** The bundle of each function, by id. */
  paths: Map<string, string>;
  remove(): void;
}

/**
 * Inside the repository's node_modules, so the native modules a bundle leaves out resolve
 * from it as they would from the bundle's own; one folder per running stack, named by its process.
 */
const bundlesRoot = join(repositoryRoot, 'node_modules', '.cache', 'govflow-local');

/**
 * Builds every function of a stack as CDK would (esbuild, ESM, the region compiled beside it)
 * into one folder: each worker then imports one file, not hundreds of modules through a
 * TypeScript loader. Three differences from a deployed bundle, all for the local machine:
 * the AWS SDK is bundled (Lambda's runtime brings its own; here loading it module by module
 * was most of a worker's start), the code is left readable, with source maps, for stack
 * traces, and it targets the Node that runs it. Shared code goes in chunks, so the build is
 * one pass for all (ADR 0025).
 */
export async function buildLocalBundles(regionId: string, entries: readonly BundledEntry[]): Promise<LocalBundles> {
  removeBundlesOfDeadProcesses();
  mkdirSync(bundlesRoot, { recursive: true });
  const outdir = join(bundlesRoot, `${process.pid}-${Math.random().toString(36).slice(2, 10)}`);
  await build({
    ...esbuildOptions,
    mainFields: [...esbuildOptions.mainFields],
    target: `node${process.versions.node.split('.')[0]}`,
    minify: false,
    sourcemap: 'linked',
    splitting: true,
    entryPoints: Object.fromEntries(entries.map((e) => [e.id, join(repositoryRoot, e.entry)])),
    outdir,
    outExtension: { '.js': '.mjs' },
    external: [...new Set(entries.flatMap((e) => e.nativeModules ?? []))],
    logLevel: 'error',
  });
  for (const folder of new Set(entries.flatMap((e) => e.files ?? []))) cpSync(join(repositoryRoot, folder), join(outdir, basename(folder)), { recursive: true });
  writeFileSync(join(outdir, compiledRegionFile), JSON.stringify(loadRegion(regionId)));
  return {
    paths: new Map(entries.map((e) => [e.id, join(outdir, `${e.id}.mjs`)])),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** Folders a killed stack left behind (a stopped one removes its own). */
function removeBundlesOfDeadProcesses(): void {
  let names: string[];
  try {
    names = readdirSync(bundlesRoot);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) rmSync(join(bundlesRoot, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
