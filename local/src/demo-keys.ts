import type { RegionConfig } from '@govflow/contracts';
import type { Caller } from '@govflow/platform';

/**
 * The local system's demo staff: one of each staff role, every department's staff, every
 * mediator and centre, and an administrator, each a token from the local issuer (staff sign in;
 * partner systems hold keys from the key store). `npm start` writes them to `.data/local.json`;
 * the console offers them on its sign-in page (local only).
 */
export function demoStaffTokens(region: RegionConfig, issueToken: (caller: Caller) => string) {
  return {
    operator: issueToken({ partnerId: 'operator-demo', role: 'operator' }),
    dispatcher: issueToken({ partnerId: 'dispatcher-demo', role: 'dispatcher' }),
    supervisor: issueToken({ partnerId: 'supervisor-demo', role: 'supervisor' }),
    gridWorker: issueToken({ partnerId: 'grid-worker-demo', role: 'grid-worker' }),
    analyst: issueToken({ partnerId: 'analyst-demo', role: 'analyst' }),
    administrator: issueToken({ partnerId: 'administrator-demo', role: 'administrator' }),
    departments: Object.fromEntries(region.departments.map((d) => [d.id, issueToken({ partnerId: `staff-${d.id}`, role: 'department', departmentId: d.id })])),
    mediators: Object.fromEntries(region.mediation.mediators.map((m) => [m.id, issueToken({ partnerId: `mediator-${m.id}`, role: 'mediator', mediatorId: m.id })])),
    coordinators: Object.fromEntries(region.mediation.committees.map((c) => [c.id, issueToken({ partnerId: `centre-${c.id}`, role: 'coordinator', committeeId: c.id })])),
  };
}

/** The same staff as the console's sign-in list: a Chinese label and the role of each. */
export function consoleKeyChoices(region: RegionConfig, tokens: ReturnType<typeof demoStaffTokens>): { label: string; role: string; key: string }[] {
  const name = <T extends { id: string; name: string }>(list: readonly T[], id: string) => list.find((x) => x.id === id)?.name ?? id;
  return [
    { label: '分拨中心', role: 'dispatcher', key: tokens.dispatcher },
    { label: '督办室', role: 'supervisor', key: tokens.supervisor },
    { label: '分析室', role: 'analyst', key: tokens.analyst },
    { label: '网格员', role: 'grid-worker', key: tokens.gridWorker },
    { label: '运维', role: 'operator', key: tokens.operator },
    ...Object.entries(tokens.departments).map(([id, key]) => ({ label: name(region.departments, id), role: 'department', key })),
    ...Object.entries(tokens.coordinators).map(([id, key]) => ({ label: name(region.mediation.committees, id), role: 'coordinator', key })),
    ...Object.entries(tokens.mediators).map(([id, key]) => ({ label: name(region.mediation.mediators, id), role: 'mediator', key })),
    { label: '调解员名录', role: 'administrator', key: tokens.administrator },
  ];
}
