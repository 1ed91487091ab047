import type { WorkOrderStatus } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import type { WorkOrder } from '../../src/domain/workorder/lifecycle';

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
