import { createHash } from 'node:crypto';
import {
  caseStatusRank,
  type CaseHistoryEntry,
  type CaseStatus,
  type Channel,
  type CaseView,
  type Location,
  type MajorCode,
  type MediationTier,
  type RequestKind,
  type StoredFile,
  type SubmitRequestBody,
  type WorkOrderStatus,
} from '@govflow/contracts';

/** A case as intake keeps it. The reporter's name, phone and email are only ever held sealed and masked. */
export interface CaseRecord {
  caseId: string;
  caseNumber: string;
  partnerId: string;
  traceId: string;
  channel: Channel;
  kind: RequestKind;
  /** Title and description with phone, ID and bank numbers masked; the words as written are in `textSealed`. */
  title: string;
  description: string;
  /** The title and description as written (JSON), sealed, when masking changed them. */
  textSealed?: string;
  location: Location;
  reporterNameSealed?: string;
  /** `李**`: the surname only. */
  reporterNameMasked?: string;
  reporterPhoneSealed?: string;
  reporterPhoneMasked?: string;
  reporterEmailSealed?: string;
  reporterEmailMasked?: string;
  /** Links the partner hosts. */
  attachments: string[];
  /** Photos uploaded to storage and linked at submission (absent on cases stored before uploads existed). */
  files?: StoredFile[];
  externalId?: string;
  receivedAt: string;
  status: CaseStatus;
  category?: { major: MajorCode; minor: string; minorName: string };
  department?: { id: string; name: string };
  mediation?: CaseView['mediation'];
  /** The last dispute step applied; like work-order steps, applied in sequence order. */
  disputeSequence?: number;
  deadline?: string;
  /** For a repeat (重复件): the open case it joined. */
  repeatOf?: { caseId: string; caseNumber: string };
  /** The last work-order step applied; steps apply in this order whatever order they arrive in. */
  workOrderSequence?: number;
  rating?: string;
  history: HistoryItem[];
  /** When intake last stored a change (what a partner's `changedSince` list orders by). */
  changedAt?: string;
  /** For a case submitted with an Idempotency-Key: what identifies its body (a retry must bring the same one). */
  requestFingerprint?: string;
  /** The last partner notice issued for the case (1: the acceptance) and when its change happened. */
  noticeSequence?: number;
  lastNoticeAt?: string;
  /** When the case became finished (closed, linked, its dispute ended): its retention counts from here. */
  closedAt?: string;
  /** When its sealed personal data was erased, the retention having passed (ADR 0013). */
  personalDataErasedAt?: string;
  version: number;
}

/** A history entry as intake keeps it: a dispute's steps also keep their sequence, to stay in order within one moment. */
export type HistoryItem = CaseHistoryEntry & { disputeSequence?: number };

/** Human case number: region prefix, the day it was received, and that day's sequence. */
export function formatCaseNumber(prefix: string, day: string, sequence: number): string {
  return `${prefix}-${day}-${String(sequence).padStart(6, '0')}`;
}

export interface NewCaseInput {
  caseId: string;
  caseNumber: string;
  partnerId: string;
  traceId: string;
  body: SubmitRequestBody;
  receivedAt: Date;
  /** The reporter's name and phone, already sealed and masked by the caller (domain holds no keys). */
  name?: { sealed: string; masked: string };
  phone?: { sealed: string; masked: string };
  /** The reporter's email, likewise. */
  email?: { sealed: string; masked: string };
  /** Title and description with personal numbers masked, and the originals sealed if they differ. */
  text: { title: string; description: string; sealed?: string };
  /** Uploaded photos, already checked and copied under the case's key prefix. */
  files?: StoredFile[];
  /** With an Idempotency-Key: the body's fingerprint. */
  requestFingerprint?: string;
}

export function openCase(input: NewCaseInput): CaseRecord {
  const { body } = input;
  const receivedAt = input.receivedAt.toISOString();
  return {
    caseId: input.caseId,
    caseNumber: input.caseNumber,
    partnerId: input.partnerId,
    traceId: input.traceId,
    channel: body.channel,
    kind: body.kind,
    title: input.text.title,
    description: input.text.description,
    textSealed: input.text.sealed,
    location: body.location,
    reporterNameSealed: input.name?.sealed,
    reporterNameMasked: input.name?.masked,
    reporterPhoneSealed: input.phone?.sealed,
    reporterPhoneMasked: input.phone?.masked,
    reporterEmailSealed: input.email?.sealed,
    reporterEmailMasked: input.email?.masked,
    attachments: body.attachments.filter((a) => typeof a === 'string'),
    files: input.files ?? [],
    externalId: body.externalId,
    receivedAt,
    status: 'received',
    history: [{ at: receivedAt, status: 'received', note: `受理 via ${body.channel}` }],
    changedAt: receivedAt,
    ...(input.requestFingerprint ? { requestFingerprint: input.requestFingerprint } : {}),
    version: 1,
  };
}

/** The RFC 4122 name space of the case ids derived from partners' Idempotency-Keys (a fixed, random UUID). */
const keyedCaseNamespace = Buffer.from('6f1c2a8e4b3d4e5f9a0b7c6d5e4f3a2b', 'hex');

/**
 * The case id a partner's Idempotency-Key names (a version-5 UUID of the partner and the key):
 * a retry finds its case by it, and two racing requests write one item, so no idempotency
 * record is kept beside the case.
 */
export function keyedCaseId(partnerId: string, idempotencyKey: string): string {
  const hash = createHash('sha1').update(keyedCaseNamespace).update(`${partnerId}\n${idempotencyKey}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** What a later stage reported about the case, reduced to what the partner sees. */
export type Progress =
  | { kind: 'classified'; at: string; major: MajorCode; minor: string; minorName: string }
  | { kind: 'triage'; at: string; reason: string }
  | { kind: 'dispatched'; at: string; departmentId: string; departmentName: string; deadline: string }
  | { kind: 'mediation-opened'; at: string; tier: MediationTier; committeeName: string; mediatorName?: string }
  | { kind: 'dispute-step'; at: string; sequence: number; to: CaseStatus; mediation: NonNullable<CaseView['mediation']>; note: string }
  | { kind: 'supervised'; at: string; level: string; departmentName: string; deadline: string }
  | { kind: 'linked'; at: string; originalCaseId: string; originalCaseNumber: string }
  | {
      kind: 'workorder-step';
      at: string;
      sequence: number;
      to: WorkOrderStatus;
      departmentId: string;
      departmentName: string;
      deadline: string;
      note: string;
      rating?: string;
    };

const tierNames: Record<MediationTier, string> = { village: '村/社区', town: '镇/街道', district: '区/县', city: '市' };

const supervisionNotes: Record<string, string> = { 'due-soon': '临期预警', overdue: '超期督办', notice: '超期通报' };

/**
 * Whether the record already holds this report: its history line is there (same moment, same
 * words, same dispute step). A report is told once per fact, so a second one is a redelivery:
 * intake keeps no inbox markers (ADR 0017) and skips it. The status is not compared, because a
 * supervision note takes the status of its moment, which may have moved on since.
 */
export function alreadyApplied(record: CaseRecord, progress: Progress): boolean {
  const entry = applyProgress(record, progress).history.find((h) => !record.history.includes(h))!;
  return record.history.some((h) => h.at === entry.at && h.note === entry.note && h.disputeSequence === entry.disputeSequence);
}

/**
 * Applies a stage's report. Facts are always recorded in the history. The status moves
 * forward by rank for the routing reports (they may arrive out of order), follows the
 * work order's sequence for its steps, and is left alone by supervision notes.
 */
export function applyProgress(record: CaseRecord, progress: Progress): CaseRecord {
  const next: CaseRecord = { ...record, history: [...record.history], version: record.version + 1 };
  const forward = (status: CaseStatus) => {
    if (caseStatusRank[status] > caseStatusRank[record.status]) next.status = status;
  };
  let entry: HistoryItem;
  switch (progress.kind) {
    case 'classified':
      next.category = { major: progress.major, minor: progress.minor, minorName: progress.minorName };
      forward('classified');
      entry = { at: progress.at, status: 'classified', note: `分类: ${progress.minorName}` };
      break;
    case 'triage':
      forward('triage');
      entry = { at: progress.at, status: 'triage', note: `待人工分拣: ${progress.reason}` };
      break;
    case 'dispatched':
      next.department = { id: progress.departmentId, name: progress.departmentName };
      next.deadline = progress.deadline;
      forward('dispatched');
      entry = { at: progress.at, status: 'dispatched', note: `派遣至 ${progress.departmentName}` };
      break;
    case 'mediation-opened':
      next.mediation = { tier: progress.tier, committeeName: progress.committeeName, mediatorName: progress.mediatorName };
      forward('mediation-opened');
      entry = { at: progress.at, status: 'mediation-opened', note: `${tierNames[progress.tier]}调解受理: ${progress.committeeName}` };
      break;
    case 'dispute-step':
      if (progress.sequence > (record.disputeSequence ?? 0)) {
        next.disputeSequence = progress.sequence;
        next.status = progress.to;
        next.mediation = progress.mediation;
      }
      entry = { at: progress.at, status: progress.to, note: progress.note, disputeSequence: progress.sequence };
      break;
    case 'linked':
      next.repeatOf = { caseId: progress.originalCaseId, caseNumber: progress.originalCaseNumber };
      forward('linked');
      entry = { at: progress.at, status: 'linked', note: `重复件: 已并入 ${progress.originalCaseNumber} 办理` };
      break;
    case 'supervised':
      entry = { at: progress.at, status: record.status, note: `${supervisionNotes[progress.level] ?? progress.level}: ${progress.departmentName}` };
      break;
    case 'workorder-step':
      if (progress.sequence > (record.workOrderSequence ?? 0)) {
        next.workOrderSequence = progress.sequence;
        next.status = progress.to;
        next.department = { id: progress.departmentId, name: progress.departmentName };
        next.deadline = progress.deadline;
        if (progress.rating) next.rating = progress.rating;
      }
      entry = { at: progress.at, status: progress.to, note: progress.note };
      break;
  }
  next.history.push(entry);
  // Reports of one moment (classified and dispatched together) keep the order a case moves in.
  // A dispute's steps taken in one moment (a failed session, the escalation, the new mediator) keep their sequence.
  next.history.sort(
    (a, b) =>
      a.at.localeCompare(b.at) ||
      (a.disputeSequence !== undefined && b.disputeSequence !== undefined ? a.disputeSequence - b.disputeSequence : caseStatusRank[a.status] - caseStatusRank[b.status]),
  );
  return next;
}
