import { type CaseClassified, type CaseLinkedAsRepeat, caseLinkedAsRepeatV1, type Jurisdiction, makeEvent } from '@govflow/contracts';
import type { DispatchRecord } from './decide';

export interface RepeatSettings {
  windowDays: number;
  similarity: number;
}

/**
 * The index key of an open matter: its category and the most precise place known
 * (village/community, else town/street). Too vague a place never matches.
 */
export function matterKey(minor: string, where: Jurisdiction): string | undefined {
  const area = where.villageId ?? where.townId;
  return area ? `${minor}#${area}` : undefined;
}

/** Greetings, courtesy and filler that say nothing about the matter. */
const filler =
  /(尊敬的|领导|您好|你好|市长|书记|主任|同志|谢谢|感谢|麻烦|拜托|请问|请求|希望|尽快|一下|反映|问题|情况|我们|我家|本人|这个|那个|已经|现在|还是|没有人|有关部门|相关部门|给予|解决|处理|帮助|帮忙|协调|万分|非常|特别|严重|多次|一直|好几|怎么样|怎么办|怎么|什么|为什么|不知道|一个|可以|能不能|是不是|因为|所以|但是|如果|就是|这样|他们|你们|明天|今天|昨天)/g;

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(filler, ' ')
    .replace(/[0-9０-９]+/g, '#')
    .replace(/[^\p{Script=Han}a-z#]+/gu, ' ')
    .trim();
}

function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const run of normalize(text).split(' ')) {
    const chars = [...run];
    for (let i = 0; i + 2 <= chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** Overlap of two texts' character bigrams (Jaccard), 0–1. */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * 重复件: among open cases of the same matter (category and place), the one this new
 * request repeats — received within the window, still being handled, and described
 * alike. Undefined when the request is a matter of its own.
 */
export function findRepeat(candidates: readonly DispatchRecord[], fresh: DispatchRecord, now: Date, settings: RepeatSettings): DispatchRecord | undefined {
  const since = now.getTime() - settings.windowDays * 86_400_000;
  const text = `${fresh.request.title} ${fresh.request.description}`;
  return candidates
    .filter((c) => c.caseId !== fresh.caseId && c.workOrder && c.workOrder.status !== 'closed' && Date.parse(c.receivedAt) >= since)
    .map((c) => ({ c, score: similarity(text, `${c.request.title} ${c.request.description}`) }))
    .filter((x) => x.score >= settings.similarity)
    .sort((a, b) => b.score - a.score)[0]?.c;
}

/** The line the open case's history gets when a repeat joins it. */
export function repeatHistoryEntry(original: DispatchRecord, fresh: DispatchRecord, now: Date): DispatchRecord['history'][number] {
  return { at: now.toISOString(), status: original.status, by: 'classifier', note: `repeat: ${fresh.caseNumber}` };
}

/** How urgent an order is: its repeats raise it (one: high, three or more: urgent). */
export function priorityOf(order: { repeatCount?: number; priority?: 'high' | 'urgent' }): 'normal' | 'high' | 'urgent' {
  const repeats = order.repeatCount ?? 0;
  if (repeats >= 3 || order.priority === 'urgent') return 'urgent';
  return repeats >= 1 || order.priority === 'high' ? 'high' : 'normal';
}

/**
 * Links the new request to the open case it repeats: no second order, the partner is told.
 * `repeatCount` is the open case's count once this request joined it (the join is the
 * repository's one atomic update of that case).
 */
export function linkAsRepeat(
  original: DispatchRecord,
  fresh: DispatchRecord,
  classified: CaseClassified,
  now: Date,
  repeatCount: number,
): { record: DispatchRecord; events: [CaseClassified, CaseLinkedAsRepeat] } {
  const at = now.toISOString();
  const record: DispatchRecord = {
    ...fresh,
    status: 'linked',
    workOrder: undefined,
    repeatOf: { caseId: original.caseId, caseNumber: original.caseNumber },
    history: [{ at, status: 'linked', by: 'classifier', note: original.caseNumber }],
  };
  const event = makeEvent(caseLinkedAsRepeatV1, {
    region: fresh.request.region,
    caseId: fresh.caseId,
    traceId: fresh.request.traceId,
    occurredAt: now,
    payload: {
      partnerId: fresh.partnerId,
      originalCaseId: original.caseId,
      originalCaseNumber: original.caseNumber,
      repeatCount,
      major: fresh.category!.major,
      minor: fresh.category!.minor,
      jurisdiction: fresh.jurisdiction,
      receivedAt: fresh.receivedAt,
    },
  });
  return { record, events: [classified, event] };
}
