import type { DisputeStepEvent, NoticeType } from '@govflow/contracts';
import type { ProgressEvent } from '../progress';

/** What a partner is told of one change of its case: the kind of notice and a sentence for the citizen. */
export interface NoticeText {
  notice: NoticeType;
  message: string;
}

const tierNames = { village: '村（社区）', town: '镇（街道）', district: '区（县）', city: '市' } as const;

/** A deadline as the citizen reads it: the region's calendar day. */
function day(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));
}

export function acceptedMessage(caseNumber: string): string {
  return `您的诉求已受理，编号${caseNumber}，我们将尽快派遣办理。`;
}

/**
 * Sentences for each dispute step. Written from codes and unit names only: never a party's
 * or mediator's name, never the free text of a reason.
 */
const disputeMessages: Record<DisputeStepEvent['type'], (p: DisputeStepEvent['payload']) => string> = {
  'mediation.opened': (p) => `您的纠纷已由${tierNames[p.tier]}调解组织登记：${p.centreName}，纠纷编号${p.code}。`,
  'mediation.assigned': (p) => `${p.centreName}已为您的纠纷指派调解员。`,
  'mediation.queued': (p) => `您的纠纷正在${p.centreName}排队等待调解员，请耐心等待。`,
  'mediation.risk-alerted': () => '您的纠纷已提级处置，相关部门将尽快介入。',
  'mediation.accepted': (p) => `${p.centreName}已受理您的调解申请。`,
  'mediation.declined': () => '您的纠纷不属于人民调解受理范围，工作人员将告知您其他解决途径。',
  'mediation.session-scheduled': (p) => `调解会已安排${p.nextSession ? `在${p.nextSession.at.slice(0, 10)}` : ''}召开，请按时参加。`,
  'mediation.session-held': (p) =>
    p.outcome === 'no-agreement' ? '调解会已召开，双方暂未达成协议。' : p.outcome === 'withdrawn' ? '调解会已召开，申请已撤回。' : '调解会已召开，双方达成协议。',
  'mediation.extended': () => '经双方同意，调解期限已延长。',
  'mediation.escalated': (p) => `您的纠纷已提交${tierNames[p.tier]}调解：${p.centreName}。`,
  'mediation.reassigned': () => '已为您的纠纷更换调解员。',
  'mediation.agreed': (p) => (p.outcome === 'partial-agreement' ? '双方已达成部分调解协议。' : '双方已达成调解协议，请确认协议内容。'),
  'mediation.party-confirmed': () => '当事人已确认调解协议。',
  'mediation.judicial-recorded': (p) =>
    p.judicial?.outcome === 'confirmed'
      ? '人民法院已对调解协议作出司法确认。'
      : p.judicial?.outcome === 'rejected'
        ? '人民法院未予司法确认，您可以重新调解或向法院起诉。'
        : p.judicial?.outcome === 'applied'
          ? '司法确认申请已提交人民法院。'
          : '当事人未申请司法确认。',
  'mediation.reminded': () => '提醒：调解协议生效后30日内可共同申请司法确认。',
  'mediation.followed-up': (p) =>
    p.performance === 'performed' ? '回访：调解协议已履行。' : p.performance === 'breached' ? '回访：调解协议未履行。' : '回访：调解协议正在履行中。',
  'mediation.breached': () => '调解协议未按约履行，调解组织将跟进处理。',
  'mediation.reopened': (p) => `您的纠纷已重新进入调解：${p.centreName}。`,
  'mediation.referred-to-court': () => '调解未成功，您的纠纷已移送人民法院（诉调对接）。',
  'mediation.withdrawn': () => '您的调解申请已撤回。',
  'mediation.closed': () => '您的纠纷调解已结案，感谢您的配合。',
  'mediation.linked': (p) => `您的纠纷已与在办纠纷${p.linkedTo?.code ?? ''}合并调解。`,
};

/** The notice a later stage's event makes for the partner; none for what is not a step of the case (督办 notes). */
export function noticeFor(event: ProgressEvent, timeZone: string): NoticeText | undefined {
  switch (event.type) {
    case 'case.classified':
      return { notice: 'case.classified', message: `您的诉求已归类为“${event.payload.minorName}”，正在派遣承办单位。` };
    case 'case.held-for-triage':
      return { notice: 'case.held-for-triage', message: '您的诉求正在由工作人员人工分拣，分拣后将尽快派遣。' };
    case 'case.linked-as-repeat':
      return { notice: 'case.linked', message: `您反映的问题此前已有人反映，已并入${event.payload.originalCaseNumber}一并办理。` };
    case 'workorder.dispatched':
      return { notice: 'case.dispatched', message: `您的诉求已派遣至${event.payload.departmentName}办理，办理时限至${day(event.payload.resolveDeadline, timeZone)}。` };
    case 'workorder.supervised':
      return undefined;
    case 'workorder.signed':
      return { notice: 'case.signed', message: `${event.payload.departmentName}已签收您的诉求，正在办理。` };
    case 'workorder.returned':
      return { notice: 'case.returned', message: '承办单位提出该诉求不属其职责，正在重新派遣。' };
    case 'workorder.transferred':
      return { notice: 'case.transferred', message: `您的诉求已转由${event.payload.departmentName}办理，办理时限至${day(event.payload.resolveDeadline, timeZone)}。` };
    case 'workorder.extension-requested':
      return { notice: 'case.extension-requested', message: `${event.payload.departmentName}申请延长办理时限，正在审批。` };
    case 'workorder.extension-decided':
      return event.payload.reason?.startsWith('approved')
        ? { notice: 'case.extended', message: `您的诉求办理时限已延长至${day(event.payload.resolveDeadline, timeZone)}。` }
        : { notice: 'case.extension-refused', message: `延期申请未获批准，${event.payload.departmentName}将在${day(event.payload.resolveDeadline, timeZone)}前办结。` };
    case 'workorder.resolved':
      return { notice: 'case.resolved', message: `${event.payload.departmentName}已办结您的诉求，将进行核实回访。` };
    case 'workorder.verified':
      return event.payload.to === 'verified'
        ? { notice: 'case.awaiting-rating', message: '办理结果已核实，请您对办理情况作出评价。' }
        : { notice: 'case.reopened', message: `核实未通过，您的诉求已交${event.payload.departmentName}重新办理。` };
    case 'workorder.rated':
      return event.payload.to === 'closed'
        ? { notice: 'case.closed', message: '感谢您的评价，您的诉求已办结。' }
        : { notice: 'case.reopened', message: `收到您的不满意评价，您的诉求已交${event.payload.departmentName}重新办理。` };
    case 'mediation.opened':
      if (event.version === 1) {
        return { notice: 'mediation.opened', message: `您的纠纷已由${tierNames[event.payload.tier]}调解组织受理：${event.payload.committeeName}。` };
      }
      return { notice: 'mediation.opened', message: disputeMessages['mediation.opened'](event.payload) };
    default:
      return { notice: event.type, message: disputeMessages[event.type](event.payload) };
  }
}
