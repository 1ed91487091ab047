import type { RegionConfig } from '@govflow/contracts';
import type { Correction } from './classify';

/**
 * A transfer (转办) teaches the classifier only when it sends the case to a department
 * that neither leads nor co-handles its category, yet leads some other category: then the
 * category was probably wrong. A transfer between units of the same kind (another
 * district, a street office) says where, not what, and teaches nothing.
 */
export function transferCorrection(region: RegionConfig, request: { title: string; description: string }, minorCode: string, departmentId: string): Correction | undefined {
  const minor = region.taxonomy.minors.find((m) => m.code === minorCode);
  const department = region.departments.find((d) => d.id === departmentId);
  if (!minor || !department) return undefined;
  if (minor.leadDepartmentKind === department.kind || minor.coHandlerKinds.includes(department.kind)) return undefined;
  if (!region.taxonomy.minors.some((m) => m.leadDepartmentKind === department.kind)) return undefined;
  return { title: request.title, body: request.description, departmentKind: department.kind, source: 'transfer' };
}
