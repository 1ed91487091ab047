import type { StoredFile, WorkOrderStatus } from '@govflow/contracts';
import type { DispatchRecord } from '../../src/domain/routing/decide';
import { loadRegion } from '@govflow/regions';
import type { AuditEntry, WorkOrder } from '../../src/domain/workorder/lifecycle';

export const region = loadRegion('wuhai');
const water = region.departments.find((d) => d.id === 'city-water-utility')!;
/** Where a recategorised order goes: the water utility for water matters, nowhere for anything else. */
export const placement = (minor: string) => (minor === 'urban-water-supply' ? { lead: water, coHandlers: [], signHours: 2, resolveWorkingDays: 5 } : undefined);
export const contextAt = (now: Date) => ({ now, calendar: region.calendar, timeZone: region.timeZone, departments: region.departments, placement });

/** A work order of the city management bureau, dispatched on 2026-11-24 (10:00 in Wuhai), in `status`. */
export const workOrder = (status: WorkOrderStatus = 'dispatched', extra: Partial<WorkOrder> = {}): WorkOrder => ({
  workOrderId: 'WO-WH-20261124-000001',
  partnerId: 'hotline-12345',
  status,
  sequence: 0,
  departmentId: 'hbw-city-management-bureau',
  departmentName: '海勃湾区城市管理综合执法局',
  coHandlerIds: [],
  signDeadline: '2026-11-25T02:00:00.000Z',
  resolveDeadline: '2026-12-15T09:30:00.000Z',
  signHours: 24,
  resolveWorkingDays: 15,
  returnCount: 0,
  reopenCount: 0,
  escalated: false,
  clockStartedAt: '2026-11-24T02:00:00.000Z',
  audit: [],
  ...extra,
});

export const photo: StoredFile = { uploadId: 'upl_1', purpose: 'workorder-photo', key: 'workorders/c1/upl_1', fileName: '维修后.jpg', contentType: 'image/jpeg', size: 10 };
const departmentActor = { id: 'hbw-city-management-bureau', role: 'department' as const };

/** A step of a work order: its action, the status it led to, when. */
export type Step = [AuditEntry['action'], WorkOrderStatus, string];

/** A dispatched case whose order went through `steps`. */
export function recordWith(steps: Step[], files: StoredFile[] = []): DispatchRecord {
  const audit: AuditEntry[] = steps.map(([action, to, at], i) => ({ at, by: departmentActor, action, from: i === 0 ? 'dispatched' : steps[i - 1]![1], to }));
  const order = workOrder(steps.at(-1)?.[1] ?? 'dispatched', { audit });
  return {
    caseId: 'c1',
    caseNumber: 'WH-20261124-000001',
    partnerId: 'hotline-12345',
    status: 'dispatched',
    jurisdiction: { resolvedBy: 'address', districtId: 'haibowan' },
    workOrder: order,
    request: { region: 'wuhai', caseId: 'c1', caseNumber: 'WH-20261124-000001', traceId: 't', partnerId: 'hotline-12345', kind: 'complaint', title: '路灯不亮', description: '路灯坏了', location: { address: '新华街道' }, receivedAt: '2026-11-24T02:00:00.000Z' },
    ...(files.length > 0 ? { workOrderFiles: files } : {}),
    receivedAt: '2026-11-24T02:00:00.000Z',
    decidedAt: '2026-11-24T02:00:01.000Z',
    history: [],
    version: steps.length + 1,
  };
}

/** A work order's steps from signing to a satisfied rating. */
export const lifeToClose: Step[] = [
  ['sign', 'signed', '2026-11-24T03:00:00.000Z'],
  ['resolve', 'resolved', '2026-11-25T03:00:00.000Z'],
  ['verify', 'verified', '2026-11-25T05:00:00.000Z'],
  ['rate', 'closed', '2026-11-25T16:30:00.000Z'],
];

