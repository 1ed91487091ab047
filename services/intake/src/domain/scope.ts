import type { Partner, RegionConfig, SubmitRequestBody } from '@govflow/contracts';
import { areaById, resolveJurisdiction, withinArea } from '@govflow/regions';

/**
 * 属地: a partner that serves one part of the region (a district's own service account)
 * submits only requests located there, placed as dispatch will place them (grid, point,
 * address, or a place named in the text). Returns why not, or undefined when it may.
 */
export function outsideScope(region: RegionConfig, partner: Partner, body: Pick<SubmitRequestBody, 'location' | 'description'>): string | undefined {
  const area = areaById(region, partner.areaId);
  if (!area?.parentId) return undefined;
  const place = resolveJurisdiction(region, body.location, body.description);
  if (withinArea(region, area.id, place)) return undefined;
  return place.resolvedBy === 'unresolved'
    ? `Partner ${partner.id} serves ${area.name} only, and this location cannot be placed in it: give a grid id, a point or an address in ${area.name}.`
    : `Partner ${partner.id} serves ${area.name} only; this request is located elsewhere (${place.villageId ?? place.townId ?? place.districtId}).`;
}
