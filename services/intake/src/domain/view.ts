import type { CaseView, StoredFileView } from '@govflow/contracts';
import type { CaseRecord } from './case';

/**
 * The case as an API caller sees it. The phone and email, and numbers written into the text, are
 * masked unless the caller may see them, in which case `reveal` (which holds the key) unseals them.
 * `files` are the case's stored photos with download URLs signed for this reader.
 */
export function toCaseView(record: CaseRecord, reveal?: (sealed: string) => string, files: StoredFileView[] = []): CaseView {
  const phone = record.reporterPhoneSealed && reveal ? reveal(record.reporterPhoneSealed) : record.reporterPhoneMasked;
  const email = record.reporterEmailSealed && reveal ? reveal(record.reporterEmailSealed) : record.reporterEmailMasked;
  const text = record.textSealed && reveal ? (JSON.parse(reveal(record.textSealed)) as { title: string; description: string }) : record;
  const reporter = record.reporterName || phone || email ? { name: record.reporterName, phone, email } : undefined;
  return {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    status: record.status,
    channel: record.channel,
    kind: record.kind,
    title: text.title,
    description: text.description,
    location: record.location,
    reporter,
    attachments: record.attachments,
    files,
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
