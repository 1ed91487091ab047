import type { Department, Jurisdiction, MinorCategory, RegionConfig } from '@govflow/contracts';

export interface Assignment {
  lead: Department;
  coHandlers: Department[];
}

type Level = 'city' | 'district' | 'town';

/**
 * The one concrete unit that leads the case (never several orders for one matter), at
 * the level the category's rule says, falling back upward when the place is not known
 * that precisely; co-handlers are listed on the same order.
 */
export function pickDepartment(region: RegionConfig, minor: MinorCategory, where: Jurisdiction): Assignment | undefined {
  const coLevel: Level = minor.handlingLevel === 'town' ? 'district' : minor.handlingLevel;
  let lead = unitFor(region, minor.leadDepartmentKind, minor.handlingLevel, where);
  // A street/town matter whose town is unknown goes to the district unit of its functional kind.
  if (!lead && minor.handlingLevel === 'town' && minor.coHandlerKinds[0]) lead = unitFor(region, minor.coHandlerKinds[0], 'district', where);
  if (!lead) return undefined;
  const coHandlers = minor.coHandlerKinds
    .map((kind) => unitFor(region, kind, coLevel, where))
    .filter((d): d is Department => d !== undefined && d.id !== lead.id);
  return { lead, coHandlers };
}

function unitFor(region: RegionConfig, kind: string, level: Level, where: Jurisdiction): Department | undefined {
  const ofKind = region.departments.filter((d) => d.kind === kind);
  const at = (lvl: Level, areaId: string | undefined) => (areaId ? ofKind.find((d) => d.level === lvl && d.areaId === areaId) : undefined);
  const city = ofKind.find((d) => d.level === 'city');
  if (level === 'town') return at('town', where.townId) ?? at('district', where.districtId) ?? city;
  if (level === 'district') return at('district', where.districtId) ?? city;
  return city;
}
