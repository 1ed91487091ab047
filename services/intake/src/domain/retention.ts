import type { CaseStatus } from '@govflow/contracts';
import type { CaseRecord } from './case';

/** A case is done with once closed, linked to another, or its dispute ended: its retention starts then. */
export const finishedCaseStatuses: readonly CaseStatus[] = ['closed', 'linked', 'mediation-declined', 'referred-to-court', 'mediation-withdrawn'];

export const isFinished = (status: CaseStatus): boolean => finishedCaseStatuses.includes(status);

/**
 * Stamps `closedAt` as a case becomes finished and clears it if it leaves (a dispute
 * reopened); `closes` says whether this change is the one that finished it (it then writes
 * the erasure marker).
 */
export function withClosing(before: CaseRecord, after: CaseRecord, at: string): { record: CaseRecord; closes: boolean } {
  const was = isFinished(before.status);
  const is = isFinished(after.status);
  if (!was && is) return { record: { ...after, closedAt: at }, closes: true };
  if (was && !is) {
    const { closedAt: _closed, ...reopened } = after;
    return { record: reopened, closes: false };
  }
  return { record: after, closes: false };
}

/** Whether the case's sealed personal data is due for erasure on `today` (`YYYY-MM-DD`, given the due day of its close). */
export function erasureDue(record: CaseRecord, dueDay: string | undefined, today: string): boolean {
  return isFinished(record.status) && record.closedAt !== undefined && record.personalDataErasedAt === undefined && dueDay !== undefined && dueDay <= today;
}

/**
 * The case once its retention has passed: the text as written, the reporter's name, phone and
 * email (sealed and masked) and the photos are gone (the caller deletes the stored objects
 * first: `files` names them). What the figures are made of stays: the masked text, status,
 * times, category, department, history.
 */
export function erasePersonalData(record: CaseRecord, at: string): CaseRecord {
  const {
    textSealed: _text,
    reporterNameSealed: _name,
    reporterNameMasked: _nameMasked,
    reporterPhoneSealed: _phone,
    reporterPhoneMasked: _phoneMasked,
    reporterEmailSealed: _email,
    reporterEmailMasked: _emailMasked,
    files: _files,
    // A digest of the body as submitted, reporter included: it goes with the rest (a retry after this is refused).
    requestFingerprint: _fingerprint,
    ...kept
  } = record;
  return { ...kept, personalDataErasedAt: at, version: record.version + 1 };
}
