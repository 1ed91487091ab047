import {
  caseStatusOfDispute,
  type CaseClassified,
  type CaseLinkedAsRepeat,
  type CaseHeldForTriage,
  type DisputeStepEvent,
  type MediationOpened,
  type WorkorderDispatched,
  type WorkOrderStepEvent,
  type WorkorderSupervised,
} from '@govflow/contracts';
import type { Progress } from './case';

export type ProgressEvent = CaseClassified | CaseHeldForTriage | WorkorderDispatched | MediationOpened | DisputeStepEvent | WorkOrderStepEvent | WorkorderSupervised | CaseLinkedAsRepeat;

const tierNames = { village: '村/社区', town: '镇/街道', district: '区/县', city: '市' } as const;

/** What the citizen is told of each step of their dispute, in Chinese. */
const disputeNotes: Record<DisputeStepEvent['type'], (p: DisputeStepEvent['payload']) => string> = {
  'mediation.opened': (p) => `${tierNames[p.tier]}调解登记: ${p.centreName} (${p.code})`,
  'mediation.assigned': (p) => `指派调解员: ${p.mediatorName ?? ''}`,
  'mediation.queued': (p) => `排队等待调解员: ${p.centreName}`,
  'mediation.risk-alerted': () => '风险预警: 已提级处置',
  'mediation.accepted': (p) => `调解受理: ${p.centreName}`,
  'mediation.declined': (p) => `不予受理${p.reason ? `: ${p.reason}` : ''}`,
  'mediation.session-scheduled': (p) => `已安排调解: ${p.nextSession ? p.nextSession.at : ''}`,
  'mediation.session-held': (p) => `调解会已召开: ${p.outcome === 'no-agreement' ? '未达成协议' : p.outcome === 'withdrawn' ? '申请撤回' : '已达成协议'}`,
  'mediation.extended': () => '经双方同意延长调解期限',
  'mediation.escalated': (p) => `提级调解: ${p.centreName}`,
  'mediation.reassigned': (p) => `更换调解员: ${p.mediatorName ?? ''}`,
  'mediation.agreed': (p) => (p.outcome === 'partial-agreement' ? '达成部分调解协议' : '达成调解协议'),
  'mediation.party-confirmed': () => '当事人确认调解协议',
  'mediation.judicial-recorded': (p) => `司法确认: ${p.judicial?.outcome === 'confirmed' ? '已确认' : p.judicial?.outcome === 'rejected' ? '未予确认' : p.judicial?.outcome === 'applied' ? '已申请' : '未申请'}`,
  'mediation.reminded': () => '提醒: 司法确认申请期限将至',
  'mediation.followed-up': (p) => `回访: ${p.performance === 'performed' ? '已履行' : p.performance === 'breached' ? '未履行' : '履行中'}`,
  'mediation.breached': () => '协议未履行',
  'mediation.reopened': (p) => `重新调解: ${p.centreName}`,
  'mediation.referred-to-court': () => '调解不成, 已移送法院 (诉调对接)',
  'mediation.withdrawn': () => '当事人撤回调解申请',
  'mediation.closed': () => '调解结案',
  'mediation.linked': (p) => `与在办纠纷合并: ${p.linkedTo?.code ?? ''}`,
};

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
      if (event.version === 2) return disputeProgress(event as DisputeStepEvent);
      return {
        kind: 'mediation-opened',
        at,
        tier: event.payload.tier,
        committeeName: event.payload.committeeName,
        mediatorName: event.payload.mediatorName,
      };
    default:
      return disputeProgress(event);
  }
}

function disputeProgress(event: DisputeStepEvent): Progress {
  const p = event.payload;
  return {
    kind: 'dispute-step',
    at: event.occurredAt,
    sequence: p.sequence,
    to: caseStatusOfDispute[p.to],
    note: disputeNotes[event.type](p),
    mediation: {
      tier: p.tier,
      committeeName: p.centreName,
      mediatorName: p.mediatorName,
      disputeId: p.disputeId,
      code: p.code,
      status: p.to,
      nextSession: p.nextSession,
      outcome: p.outcome,
    },
  };
}
