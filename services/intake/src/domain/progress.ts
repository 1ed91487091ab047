import type { CaseClassified, CaseHeldForTriage, MediationOpened, WorkorderDispatched } from '@govflow/contracts';
import type { Progress } from './case';

export type ProgressEvent = CaseClassified | CaseHeldForTriage | WorkorderDispatched | MediationOpened;

const triageReasons = { unclassified: '无法自动分类', 'location-unresolved': '无法定位' } as const;

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
