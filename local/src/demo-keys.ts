import type { RegionConfig } from '@govflow/contracts';
import { issueApiKey } from '@govflow/platform';

/**
 * The local system's demo keys: every partner, one of each staff role, every department's
 * staff, every mediator and centre, and the directory's administrator. `npm start` writes
 * them to `.data/local.json`; the console offers them on its sign-in page (local only).
 */
export function demoKeys(region: RegionConfig, authSecret: string) {
  const issue = (claims: Parameters<typeof issueApiKey>[1]) => issueApiKey(authSecret, claims);
  const partnerKeys = Object.fromEntries(region.partners.map((p) => [p.id, issue({ partnerId: p.id, role: 'partner' })]));
  const apiKey = partnerKeys['hotline-12345'] ?? Object.values(partnerKeys)[0]!;
  const operatorKey = issue({ partnerId: region.partners[0]!.id, role: 'operator' });
  const dispatcherKey = issue({ partnerId: region.partners[0]!.id, role: 'dispatcher' });
  const roleKeys = {
    dispatcher: dispatcherKey,
    supervisor: issue({ partnerId: 'supervision-office', role: 'supervisor' }),
    gridWorker: issue({ partnerId: 'grid-app', role: 'grid-worker' }),
    analyst: issue({ partnerId: 'analysis-office', role: 'analyst' }),
    operator: operatorKey,
  };
  const departmentKeys = Object.fromEntries(region.departments.map((d) => [d.id, issue({ partnerId: `staff-${d.id}`, role: 'department', departmentId: d.id })]));
  const mediatorKeys = Object.fromEntries(region.mediation.mediators.map((m) => [m.id, issue({ partnerId: `mediator-${m.id}`, role: 'mediator', mediatorId: m.id })]));
  const coordinatorKeys = Object.fromEntries(region.mediation.committees.map((c) => [c.id, issue({ partnerId: `centre-${c.id}`, role: 'coordinator', committeeId: c.id })]));
  const administratorKey = issue({ partnerId: 'mediation-office', role: 'administrator' });
  return { apiKey, operatorKey, dispatcherKey, roleKeys, partnerKeys, departmentKeys, mediatorKeys, coordinatorKeys, administratorKey };
}

/** The same keys as the console's sign-in list: a Chinese label and the role of each. */
export function consoleKeyChoices(region: RegionConfig, keys: ReturnType<typeof demoKeys>): { label: string; role: string; key: string }[] {
  const name = <T extends { id: string; name: string }>(list: readonly T[], id: string) => list.find((x) => x.id === id)?.name ?? id;
  return [
    { label: '分拨中心', role: 'dispatcher', key: keys.roleKeys.dispatcher },
    { label: '督办室', role: 'supervisor', key: keys.roleKeys.supervisor },
    { label: '分析室', role: 'analyst', key: keys.roleKeys.analyst },
    { label: '网格员', role: 'grid-worker', key: keys.roleKeys.gridWorker },
    { label: '运维', role: 'operator', key: keys.roleKeys.operator },
    ...Object.entries(keys.departmentKeys).map(([id, key]) => ({ label: name(region.departments, id), role: 'department', key })),
    ...Object.entries(keys.coordinatorKeys).map(([id, key]) => ({ label: name(region.mediation.committees, id), role: 'coordinator', key })),
    ...Object.entries(keys.mediatorKeys).map(([id, key]) => ({ label: name(region.mediation.mediators, id), role: 'mediator', key })),
    { label: '调解员名录', role: 'administrator', key: keys.administratorKey },
  ];
}
