/** Labels and figures as the console shows them: Chinese, in the region's time zone. */

export const workOrderStatusNames: Record<string, string> = {
  dispatched: '待签收',
  signed: '办理中',
  returned: '已退单',
  'extension-requested': '延期申请中',
  resolved: '已办结',
  verified: '已核验',
  closed: '已关闭',
};

export const caseStatusNames: Record<string, string> = {
  received: '已受理',
  classified: '已分类',
  triage: '待分拨',
  dispatched: '已派遣',
  'mediation-requested': '转调解',
  'mediation-opened': '调解立案',
  mediating: '调解中',
  'mediation-agreed': '调解成功',
  'mediation-declined': '不予受理',
  'referred-to-court': '诉调对接',
  'mediation-withdrawn': '调解撤回',
  signed: '已签收',
  returned: '已退单',
  'extension-requested': '延期申请中',
  resolved: '已办结',
  verified: '已核验',
  closed: '已关闭',
  linked: '重复件',
};

export const disputeStatusNames: Record<string, string> = {
  queued: '排队中',
  assigned: '已分派',
  accepted: '已受理',
  agreed: '已达成协议',
  closed: '已结案',
  declined: '不予受理',
  'referred-to-court': '诉调对接',
  withdrawn: '已撤回',
  linked: '已合并',
};

export const tierNames: Record<string, string> = { village: '村（社区）', town: '镇（街道）', district: '区（县）', city: '市' };

export const supervisionNames: Record<string, string> = { 'due-soon': '临期提醒', overdue: '超期督办', notice: '督办通报' };

export const triageReasonNames: Record<string, string> = { unclassified: '无法自动分类', 'location-unresolved': '无法定位', returned: '退单待重派' };

export const roleNames: Record<string, string> = {
  partner: '合作方',
  dispatcher: '分拨员',
  department: '承办部门',
  supervisor: '督办员',
  analyst: '分析员',
  'grid-worker': '网格员',
  mediator: '调解员',
  coordinator: '矛调中心',
  administrator: '管理员',
  operator: '运维',
};

/** How close a deadline is, for colour: passed, near, or fine. */
export type Urgency = 'overdue' | 'due-soon' | 'ok';

/** `dueSoonHours`: below this many hours left a deadline shows as near. */
export function urgencyOf(deadline: string | undefined, now: Date, dueSoonHours = 24): Urgency | undefined {
  if (!deadline) return undefined;
  const left = Date.parse(deadline) - now.getTime();
  if (left < 0) return 'overdue';
  return left < dueSoonHours * 3_600_000 ? 'due-soon' : 'ok';
}

/** "剩 2天3小时", "超期 5小时", "剩 40分钟". */
export function timeLeft(deadline: string, now: Date): string {
  const ms = Date.parse(deadline) - now.getTime();
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const span = days > 0 ? `${days}天${hours}小时` : hours > 0 ? `${hours}小时${minutes % 60}分钟` : `${minutes}分钟`;
  return ms < 0 ? `超期 ${span}` : `剩 ${span}`;
}

/** A time in the region's zone, e.g. "11-26 14:05". */
export function localTime(iso: string | undefined, timeZone: string): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('zh-CN', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

/** The region's calendar date of a moment, YYYY-MM-DD. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface RateFigure {
  value: number | null;
  numerator: number;
  denominator: number;
}

/** "92.6%" or "—" when nothing was due. */
export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}

/** "92.6%（25/27）". */
export function rateText(rate: RateFigure): string {
  return `${percent(rate.value)}（${rate.numerator}/${rate.denominator}）`;
}

/**
 * Who a credential says its holder is, read without verifying (the gateway's authorizer verifies):
 * a partner key (`gfk.<base64url JSON>.<signature>`) or a staff token (a JWT whose claims name the
 * role and scopes, plainly or as Cognito's `custom:` attributes, and whose subject is the user).
 */
export interface KeyClaims {
  partnerId: string;
  role: string;
  departmentId?: string;
  mediatorId?: string;
  committeeId?: string;
}

function decodeSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const json = atob(segment.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const value = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function claimsOf(credential: string, now = new Date()): KeyClaims | undefined {
  const parts = credential.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  const payload = decodeSegment(parts[1]);
  if (!payload) return undefined;
  if (parts[0] === 'gfk') {
    return typeof payload.role === 'string' && typeof payload.partnerId === 'string' ? (payload as unknown as KeyClaims) : undefined;
  }
  // A staff token: signed in only until it expires.
  const claim = (name: string) => text(payload[name]) ?? text(payload[`custom:${name}`]);
  const [role, sub, exp] = [claim('role'), text(payload.sub), payload.exp];
  if (!role || !sub || typeof exp !== 'number' || exp * 1000 <= now.getTime()) return undefined;
  const scopes = { departmentId: claim('departmentId'), mediatorId: claim('mediatorId'), committeeId: claim('committeeId') };
  return { partnerId: sub, role, ...Object.fromEntries(Object.entries(scopes).filter(([, v]) => v !== undefined)) };
}
