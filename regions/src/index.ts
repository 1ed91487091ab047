import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegionConfig } from '@govflow/contracts';

export * from './lookup';
export * from './jurisdiction';
export * from './calendar';

/** The source tree's region folders (`regions/<id>/`): each a region's data as JSON files. */
const regionsRoot = join(import.meta.dirname, '..');
/** The files of a region folder besides `region.json`, each the value of the key it is named after. */
const parts = ['areas', 'grids', 'places', 'departments', 'taxonomy', 'mediation', 'partners'] as const;

/**
 * Beside a function bundle: the deployed region, validated and with its defaults filled when
 * the stacks were synthesised (infra's `governedFunction`). Read instead of the folder, the
 * region is neither bundled (about 170 KB of every function) nor validated at every cold
 * start (about 30 ms).
 */
export const compiledRegionFile = 'compiled-region.json';

/** The regions of the source tree. */
export function regionIds(): string[] {
  return readdirSync(regionsRoot).filter((name) => existsSync(join(regionsRoot, name, 'region.json')));
}

export class InvalidRegionError extends Error {
  override name = 'InvalidRegionError';
}

/** Validates region data; the message lists every problem with its path. */
export function parseRegion(raw: unknown, label = 'region'): RegionConfig {
  const result = RegionConfig.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.slice(0, 20).map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new InvalidRegionError(`${label} configuration is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

const loaded = new Map<string, RegionConfig>();

/** A region: the one compiled beside a function bundle, else its folder in the source tree, validated once. */
export function loadRegion(id: string): RegionConfig {
  const cached = loaded.get(id);
  if (cached) return cached;
  const region = compiledRegion(id) ?? parseRegion(regionSource(id), `region ${id}`);
  loaded.set(id, region);
  return region;
}

function compiledRegion(id: string): RegionConfig | undefined {
  const file = join(import.meta.dirname, compiledRegionFile);
  if (!existsSync(file)) return undefined;
  const region = JSON.parse(readFileSync(file, 'utf8')) as RegionConfig;
  if (region.id !== id) throw new InvalidRegionError(`this function was built for region "${region.id}", not "${id}"`);
  return region;
}

/** A region folder's files composed into one region, as it is validated. */
export function regionSource(id: string): Record<string, unknown> {
  const folder = join(regionsRoot, id);
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(join(folder, 'region.json'))) throw new InvalidRegionError(`unknown region "${id}"; known: ${regionIds().join(', ')}`);
  const read = (name: string) => JSON.parse(readFileSync(join(folder, `${name}.json`), 'utf8')) as unknown;
  return { ...(read('region') as object), ...Object.fromEntries(parts.map((part) => [part, read(part)])) };
}
