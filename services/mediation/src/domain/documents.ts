import type { DisputeType, SessionOutcome } from '@govflow/contracts';
import type { Dispute, Party, Sealed } from './dispute';
import type { DocumentName } from './lifecycle';

/**
 * The documents a centre issues, in Chinese, from templates: 受理通知书, 不予受理通知书,
 * 人民调解协议书 and the 诉调对接 referral to the court. Rendered twice by the app: with
 * personal data for those who may read it, masked for everyone else.
 */

export const typeNames: Record<DisputeType, string> = {
  neighbour: '邻里纠纷',
  family: '婚姻家庭纠纷',
  'property-management': '物业纠纷',
  labour: '劳资纠纷',
  'land-contract': '土地承包及合同纠纷',
  medical: '医患纠纷',
  'traffic-accident': '交通事故纠纷',
  consumer: '消费纠纷',
  other: '其他纠纷',
};

export const documentTitles: Record<DocumentName, string> = {
  'acceptance-notice': '人民调解受理通知书',
  'decline-notice': '不予受理通知书',
  agreement: '人民调解协议书',
  'court-referral': '诉调对接移送函',
};

const outcomeNames: Record<SessionOutcome, string> = {
  agreement: '达成协议',
  'partial-agreement': '达成部分协议',
  'no-agreement': '未达成协议',
  withdrawn: '申请撤回',
};

export type Reveal = (value: Sealed) => string;

const day = (iso: string) => `${iso.slice(0, 4)}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
const names = (parties: readonly Party[], role: Party['role'], reveal: Reveal) =>
  parties
    .filter((p) => p.role === role)
    .map((p) => reveal(p.name))
    .join('、') || '（待登记）';

function partyBlock(p: Party, reveal: Reveal): string {
  const label = p.role === 'applicant' ? '申请人' : '被申请人';
  const lines = [`${label}：${reveal(p.name)}`];
  if (p.kind === 'organisation' && p.representative) lines.push(`  法定代表人/委托代理人：${reveal(p.representative)}`);
  if (p.idNumber) lines.push(`  公民身份号码：${reveal(p.idNumber)}`);
  if (p.address) lines.push(`  住址：${reveal(p.address)}`);
  if (p.phone) lines.push(`  联系电话：${reveal(p.phone)}`);
  return lines.join('\n');
}

export function renderDocument(name: DocumentName, d: Dispute, reveal: Reveal, issuedAt: string): string {
  const header = `# ${documentTitles[name]}\n\n案件编号：${d.code}\n调解组织：${d.centreName}\n`;
  const applicants = names(d.parties, 'applicant', reveal);
  const respondents = names(d.parties, 'respondent', reveal);
  const footer = `\n${d.centreName}\n${day(issuedAt)}\n`;
  switch (name) {
    case 'acceptance-notice':
      return `${header}\n${applicants}：\n\n你（们）与${respondents}之间的${typeNames[d.type]}，本调解组织已于${day(issuedAt)}依法受理，由调解员${d.mediator?.name ?? '（待指派）'}主持调解。调解应当在受理之日起三十日内完成，经双方同意可以延长。调解期间请保持联系方式畅通，按通知时间参加调解。\n${footer}`;
    case 'decline-notice':
      return `${header}\n${applicants}：\n\n你（们）与${respondents}之间的${typeNames[d.type]}，经审查，本调解组织决定不予受理。\n\n理由及建议：${d.declined?.guidance ?? ''}\n${footer}`;
    case 'agreement': {
      const a = d.agreement;
      const copies = d.parties.length + 1;
      return [
        header,
        d.parties.map((p) => partyBlock(p, reveal)).join('\n'),
        '',
        '## 纠纷主要事实、争议事项',
        '',
        reveal(d.narrative),
        '',
        '## 经调解，自愿达成如下协议',
        '',
        a ? reveal(a.terms) : '',
        '',
        '## 履行方式、时限',
        '',
        a?.performanceDeadline ? `各方应于${day(a.performanceDeadline)}前履行完毕。` : '按上述协议约定履行。',
        '',
        `本协议自各方当事人签名（确认）之日起生效。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。本协议一式${copies}份，当事人各执一份，调解组织留存一份。`,
        '',
        '当事人（签名）：',
        '调解员（签名）：',
        '记录人（签名）：',
        `${d.centreName}（盖章）`,
        day(a?.reachedAt ?? issuedAt),
        '',
      ].join('\n');
    }
    case 'court-referral': {
      const sessions = d.sessions
        .filter((s) => s.held)
        .map((s) => `- ${day(s.at)} ${s.place}：${s.outcome ? outcomeNames[s.outcome] : ''}；到场 ${s.attendance.filter((x) => x.present).length}/${s.attendance.length}${s.evidence.length > 0 ? `；证据 ${s.evidence.join(' ')}` : ''}`);
      return [
        header,
        '人民法院：',
        '',
        `${applicants}与${respondents}之间的${typeNames[d.type]}，经本调解组织（${d.history.length > 0 ? d.centresSeen.length : 1}级）调解未能化解，现依诉调对接机制移送你院。`,
        '',
        '## 当事人',
        '',
        d.parties.map((p) => partyBlock(p, reveal)).join('\n') || '（待登记）',
        '',
        '## 纠纷情况',
        '',
        reveal(d.narrative),
        '',
        '## 调解经过',
        '',
        sessions.length > 0 ? sessions.join('\n') : '（未召开调解会）',
        '',
        `## 移送理由\n\n${d.referral?.reason ?? ''}`,
        footer,
      ].join('\n');
    }
  }
}
