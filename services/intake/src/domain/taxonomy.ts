import { majorCategories, type RegionConfig, type TaxonomyList } from '@govflow/contracts';

/** The region's categories as partners see them: what each covers, who leads, how fast. */
export function taxonomyList(region: RegionConfig): TaxonomyList {
  const majorName = new Map(region.taxonomy.majors.map((m) => [m.code, m.name]));
  return {
    region: region.id,
    majors: region.taxonomy.majors,
    categories: region.taxonomy.minors.map((m) => ({
      code: m.code,
      name: m.name,
      description: m.description,
      major: m.major,
      majorName: majorName.get(m.major) ?? m.major,
      leadDepartment: { kind: m.leadDepartmentKind, level: m.handlingLevel },
      coHandlerKinds: m.coHandlerKinds,
      urgency: m.urgency,
      signHours: m.limits.signHours,
      resolveWorkingDays: m.limits.resolveWorkingDays,
      route: majorCategories.find((c) => c.code === m.major)?.route ?? 'workorder',
    })),
  };
}
