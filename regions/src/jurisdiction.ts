import type { Jurisdiction, Location, RegionConfig } from '@govflow/contracts';
import { areaById, areaChain, findGridAt, gridById } from './lookup';

/** Where the matter is: by grid id, by point in a grid polygon, or by names in the address text. */
export function resolveJurisdiction(region: RegionConfig, location: Location, text = ''): Jurisdiction {
  if (location.gridId) {
    const grid = gridById(region, location.gridId);
    if (grid) return { gridId: grid.id, ...areaChain(region, grid.villageId), resolvedBy: 'grid-id' };
  }
  if (location.point) {
    const grid = findGridAt(region, location.point);
    if (grid) return { gridId: grid.id, ...areaChain(region, grid.villageId), resolvedBy: 'point' };
  }
  const byAddress = location.address ? matchAddress(region, location.address) : undefined;
  if (byAddress) return { ...byAddress, resolvedBy: 'address' };
  // Citizens often name the place only in their description.
  const byText = text ? matchAddress(region, text) : undefined;
  if (byText) return { ...byText, resolvedBy: 'address' };
  return { resolvedBy: 'unresolved' };
}

/**
 * Whether a resolved place lies within an area (a partner's scope): the region's root area
 * holds everything; a narrower one only places resolved inside it, so an unresolved place is
 * in none of them.
 */
export function withinArea(region: RegionConfig, areaId: string, place: Jurisdiction): boolean {
  const area = areaById(region, areaId);
  if (!area) return false;
  if (!area.parentId) return true;
  return place.districtId === areaId || place.townId === areaId || place.villageId === areaId;
}

interface Candidate {
  name: string;
  areaId: string;
  gridId?: string;
}

const gazetteers = new WeakMap<RegionConfig, Candidate[]>();

/** Every name a place goes by, longest first so `新华西街道` wins over `新华`. */
function gazetteer(region: RegionConfig): Candidate[] {
  let list = gazetteers.get(region);
  if (!list) {
    list = [
      ...region.areas.filter((a) => a.level !== 'city').flatMap((a) => [a.name, ...a.aliases].map((name) => ({ name, areaId: a.id }))),
      ...region.places.map((p) => ({ name: p.name, areaId: p.areaId, gridId: p.gridId })),
    ]
      .filter((c) => c.name.length >= 2)
      .sort((a, b) => b.name.length - a.name.length);
    gazetteers.set(region, list);
  }
  return list;
}

/**
 * The most specific place named in the text. Names that match several areas (two
 * communities called 团结社区) are resolved by a district or town named alongside them.
 */
function matchAddress(region: RegionConfig, text: string): Omit<Jurisdiction, 'resolvedBy'> | undefined {
  const found = gazetteer(region).filter((c) => text.includes(c.name));
  if (found.length === 0) return undefined;
  const chains = found.map((c) => ({ candidate: c, chain: areaChain(region, c.areaId), depth: depthOf(region, c.areaId) + (c.gridId ? 1 : 0) }));
  const named = new Set(found.map((f) => f.areaId));
  const consistent = chains.filter(({ chain }) =>
    [chain.districtId, chain.townId].every((id) => id === undefined || named.has(id) || !anyOtherNamedAtSameLevel(region, named, id)),
  );
  const pool = consistent.length > 0 ? consistent : chains;
  pool.sort((a, b) => b.depth - a.depth || b.candidate.name.length - a.candidate.name.length);
  const best = pool[0]!;
  return { gridId: best.candidate.gridId, ...best.chain };
}

function depthOf(region: RegionConfig, areaId: string): number {
  const level = areaById(region, areaId)?.level;
  return level === 'village' ? 3 : level === 'town' ? 2 : level === 'district' ? 1 : 0;
}

/** True if the text names another area of the same level as `id` (so `id` contradicts it). */
function anyOtherNamedAtSameLevel(region: RegionConfig, named: Set<string>, id: string): boolean {
  const level = areaById(region, id)?.level;
  return [...named].some((other) => other !== id && areaById(region, other)?.level === level);
}
