import type { CaseView, RevealAnswer, RevealField, StoredFileView } from '@govflow/contracts';
import type { CaseRecord } from './case';

/**
 * The case as every API caller sees it: the reporter's name, phone and email, and numbers
 * written into the text, masked. The originals are answered only by {@link revealFields},
 * which is audited. `files` are the case's stored photos with download URLs signed for this reader.
 */
export function toCaseView(record: CaseRecord, files: StoredFileView[] = []): CaseView {
  const { reporterNameMasked: name, reporterPhoneMasked: phone, reporterEmailMasked: email } = record;
  const reporter = name || phone || email ? { name, phone, email } : undefined;
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
    files,
    externalId: record.externalId,
    receivedAt: record.receivedAt,
    category: record.category,
    department: record.department,
    mediation: record.mediation,
    deadline: record.deadline,
    repeatOf: record.repeatOf,
    history: record.history.map(({ at, status, note }) => ({ at, status, note })),
    changedAt: record.changedAt,
  };
}

/** The asked-for fields as written; `unseal` holds the key. Text never masked is answered as stored. */
export function revealFields(record: CaseRecord, fields: RevealField[], unseal: (sealed: string) => string): Omit<RevealAnswer, 'auditId'> {
  const answer: Omit<RevealAnswer, 'auditId'> = { caseId: record.caseId };
  const reporter: { name?: string; phone?: string } = {};
  if (fields.includes('reporter.name') && record.reporterNameSealed) reporter.name = unseal(record.reporterNameSealed);
  if (fields.includes('reporter.phone') && record.reporterPhoneSealed) reporter.phone = unseal(record.reporterPhoneSealed);
  if (reporter.name !== undefined || reporter.phone !== undefined) answer.reporter = reporter;
  if (fields.includes('text')) {
    const text = record.textSealed ? (JSON.parse(unseal(record.textSealed)) as { title: string; description: string }) : record;
    answer.title = text.title;
    answer.description = text.description;
  }
  return answer;
}
