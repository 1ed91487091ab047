import type { Area, Grid, RegionConfig } from '@govflow/contracts';

/** Pure look-ups over a region's jurisdiction tree. */

export interface AreaChain {
  villageId?: string;
  townId?: string;
  districtId?: string;
}

const areaIndex = new WeakMap<RegionConfig, Map<string, Area>>();
const gridIndex = new WeakMap<RegionConfig, Map<string, Grid>>();

export function areaById(region: RegionConfig, id: string): Area | undefined {
  let index = areaIndex.get(region);
  if (!index) {
    index = new Map(region.areas.map((a) => [a.id, a]));
    areaIndex.set(region, index);
  }
  return index.get(id);
}

export function gridById(region: RegionConfig, id: string): Grid | undefined {
  let index = gridIndex.get(region);
  if (!index) {
    index = new Map(region.grids.map((g) => [g.id, g]));
    gridIndex.set(region, index);
  }
  return index.get(id);
}

/** The village, town and district an area sits in (itself included). */
export function areaChain(region: RegionConfig, areaId: string): AreaChain {
  const chain: AreaChain = {};
  let area = areaById(region, areaId);
  while (area) {
    if (area.level === 'village') chain.villageId = area.id;
    if (area.level === 'town') chain.townId = area.id;
    if (area.level === 'district') chain.districtId = area.id;
    area = area.parentId ? areaById(region, area.parentId) : undefined;
  }
  return chain;
}

/** Ray casting: is the point inside the polygon ([lng, lat] ring)? */
export function polygonContains(polygon: readonly (readonly [number, number])[], lng: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function findGridAt(region: RegionConfig, point: { lat: number; lng: number }): Grid | undefined {
  return region.grids.find((g) => polygonContains(g.polygon, point.lng, point.lat));
}
