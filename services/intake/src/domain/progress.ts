import type { CaseClassified, CaseLinkedAsRepeat, CaseHeldForTriage, MediationOpened, WorkorderDispatched, WorkOrderStepEvent, WorkorderSupervised } from '@govflow/contracts';
import type { Progress } from './case';

export type ProgressEvent = CaseClassified | CaseHeldForTriage | WorkorderDispatched | MediationOpened | WorkOrderStepEvent | WorkorderSupervised | CaseLinkedAsRepeat;

const triageReasons = { unclassified: '无法自动分类', 'location-unresolved': '无法定位' } as const;

const stepNotes: Record<WorkOrderStepEvent['type'], string> = {
  'workorder.signed': '签收',
  'workorder.returned': '退单',
  'workorder.transferred': '转办',
  'workorder.extension-requested': '申请延期',
  'workorder.extension-decided': '延期审批',
  'workorder.resolved': '办结',
  'workorder.verified': '核验',
  'workorder.rated': '评价',
};

/** Reads a later stage's event as the progress a partner is told about. */
export function progressOf(event: ProgressEvent): Progress {
  const at = event.occurredAt;
  switch (event.type) {
    case 'case.classified':
      return { kind: 'classified', at, major: event.payload.major, minor: event.payload.minor, minorName: event.payload.minorName };
    case 'case.held-for-triage':
      return { kind: 'triage', at, reason: triageReasons[event.payload.reason] };
    case 'workorder.dispatched':
      return {
        kind: 'dispatched',
        at,
        departmentId: event.payload.departmentId,
        departmentName: event.payload.departmentName,
        deadline: event.payload.resolveDeadline,
      };
    case 'workorder.signed':
    case 'workorder.returned':
    case 'workorder.transferred':
    case 'workorder.extension-requested':
    case 'workorder.extension-decided':
    case 'workorder.resolved':
    case 'workorder.verified':
    case 'workorder.rated':
      return {
        kind: 'workorder-step',
        at,
        sequence: event.payload.sequence,
        to: event.payload.to,
        departmentId: event.payload.departmentId,
        departmentName: event.payload.departmentName,
        deadline: event.payload.resolveDeadline,
        rating: event.payload.rating,
        note: `${stepNotes[event.type]}: ${event.payload.departmentName}${event.payload.reason ? ` (${event.payload.reason})` : ''}`,
      };
    case 'case.linked-as-repeat':
      return { kind: 'linked', at, originalCaseId: event.payload.originalCaseId, originalCaseNumber: event.payload.originalCaseNumber };
    case 'workorder.supervised':
      return { kind: 'supervised', at, level: event.payload.level, departmentName: event.payload.departmentName, deadline: event.payload.deadline };
    case 'mediation.opened':
      return {
        kind: 'mediation-opened',
        at,
        tier: event.payload.tier,
        committeeName: event.payload.committeeName,
        mediatorName: event.payload.mediatorName,
      };
  }
}
