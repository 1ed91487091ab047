/** The region's published map and unit names, built into the static site beside the page (`region.json`). */
export interface RegionMap {
  id: string;
  name: string;
  timeZone: string;
  areas: { id: string; name: string; level: string; parentId?: string }[];
  grids: { id: string; name: string; villageId: string; polygon: [number, number][] }[];
  departments: { id: string; name: string; level: string; areaId: string }[];
  committees: { id: string; name: string; tier: string }[];
}

/** Ids of an area and everything under it. */
export function areaAndBelow(region: RegionMap, areaId: string): Set<string> {
  const ids = new Set([areaId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of region.areas) {
      if (a.parentId && ids.has(a.parentId) && !ids.has(a.id)) {
        ids.add(a.id);
        grew = true;
      }
    }
  }
  return ids;
}
