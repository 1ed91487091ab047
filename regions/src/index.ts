import { RegionConfig } from '@govflow/contracts';
import wuhaiRegion from '../wuhai/region.json';
import wuhaiAreas from '../wuhai/areas.json';
import wuhaiGrids from '../wuhai/grids.json';
import wuhaiPlaces from '../wuhai/places.json';
import wuhaiDepartments from '../wuhai/departments.json';
import wuhaiTaxonomy from '../wuhai/taxonomy.json';
import wuhaiMediation from '../wuhai/mediation.json';
import wuhaiPartners from '../wuhai/partners.json';

export * from './lookup';
export * from './jurisdiction';
export * from './calendar';

/**
 * Region data, imported statically so a Lambda bundle carries its region with it.
 * Each region is one folder of JSON, composed here and validated on first use.
 */
const sources = {
  wuhai: () => ({
    ...wuhaiRegion,
    areas: wuhaiAreas,
    grids: wuhaiGrids,
    places: wuhaiPlaces,
    departments: wuhaiDepartments,
    taxonomy: wuhaiTaxonomy,
    mediation: wuhaiMediation,
    partners: wuhaiPartners,
  }),
} as const;

export type RegionId = keyof typeof sources;
export const regionIds = Object.keys(sources) as RegionId[];

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

export function loadRegion(id: string): RegionConfig {
  const cached = loaded.get(id);
  if (cached) return cached;
  const source = sources[id as RegionId];
  if (!source) throw new InvalidRegionError(`unknown region "${id}"; known: ${regionIds.join(', ')}`);
  const region = parseRegion(source(), `region ${id}`);
  loaded.set(id, region);
  return region;
}
