/**
 * Import-boundary check (part of `npm test`):
 * - no service imports another service's code;
 * - domain code depends on contracts (and region data), not on platform or the AWS SDK, and reads no process.env;
 * - import paths match the letter case of the files they name;
 * - every workspace declares in its package.json the packages it imports.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const services = readdirSync(join(root, 'services'));
const problems: string[] = [];

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'cdk.out') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) yield path;
  }
}

const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

function importsOf(source: string): string[] {
  return [...source.matchAll(importPattern)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** True if `path` exists with exactly this letter case, segment by segment. */
function existsWithCase(path: string): boolean {
  const parts = relative(root, path).split('/');
  let dir = root;
  for (const part of parts) {
    if (!existsSync(dir) || !readdirSync(dir).includes(part)) return false;
    dir = join(dir, part);
  }
  return true;
}

function resolvesWithCase(fromFile: string, specifier: string): boolean {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.json`, join(base, 'index.ts')];
  return candidates.some((c) => existsSync(c) && existsWithCase(c));
}

for (const service of services) {
  const serviceRoot = join(root, 'services', service);
  for (const file of sourceFiles(serviceRoot)) {
    const source = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    const isDomain = rel.includes('/src/domain/');
    for (const specifier of importsOf(source)) {
      const other = services.find((s) => s !== service && (specifier === `@govflow/${s}` || specifier.startsWith(`@govflow/${s}/`)));
      if (other) problems.push(`${rel}: imports service ${other} (${specifier}); share through contracts/ instead`);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (!target.startsWith(serviceRoot)) problems.push(`${rel}: reaches outside its service (${specifier})`);
        else if (!resolvesWithCase(file, specifier)) problems.push(`${rel}: import ${specifier} does not match a file's exact name`);
      }
      if (isDomain && (specifier.startsWith('@aws-sdk/') || specifier.startsWith('aws-sdk') || specifier.startsWith('@aws-lambda-powertools/') || specifier === '@govflow/platform' || specifier.startsWith('@govflow/platform/'))) {
        problems.push(`${rel}: domain code imports ${specifier}`);
      }
    }
    if (isDomain && /process\.env/.test(source)) problems.push(`${rel}: domain code reads process.env`);
  }
}

const workspaces = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
for (const workspace of workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, workspace, 'package.json'), 'utf8')) as { name: string; dependencies?: object; devDependencies?: object };
  const declared = new Set([pkg.name, ...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]);
  for (const file of sourceFiles(join(root, workspace))) {
    for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
      if (!declared.has(name) && !(name === 'aws-lambda' && declared.has('@types/aws-lambda'))) problems.push(`${relative(root, file)}: imports ${name}, which ${workspace}/package.json does not declare`);
    }
  }
}

if (problems.length > 0) {
  console.error(`Import boundaries broken:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`Import boundaries hold across ${services.length} services; ${workspaces.length} workspaces declare what they import.`);
