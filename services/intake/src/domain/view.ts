import type { CaseView } from '@govflow/contracts';
import type { CaseRecord } from './case';

/**
 * The case as an API caller sees it. The phone is masked unless the caller may see it,
 * in which case `revealPhone` (which holds the key) unseals it.
 */
export function toCaseView(record: CaseRecord, revealPhone?: (sealed: string) => string): CaseView {
  const phone =
    record.reporterPhoneSealed && revealPhone ? revealPhone(record.reporterPhoneSealed) : record.reporterPhoneMasked;
  const reporter = record.reporterName || phone ? { name: record.reporterName, phone } : undefined;
  return {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    status: record.status,
    channel: record.channel,
    kind: record.kind,
    title: record.title,
    description: record.description,
    location: record.location,
    reporter,
    attachments: record.attachments,
    externalId: record.externalId,
    receivedAt: record.receivedAt,
    category: record.category,
    department: record.department,
    mediation: record.mediation,
    deadline: record.deadline,
    repeatOf: record.repeatOf,
    history: record.history.map(({ at, status, note }) => ({ at, status, note })),
  };
}
