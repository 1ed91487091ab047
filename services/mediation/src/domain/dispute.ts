import type {
  DeclineReason,
  DisputeEventType,
  DisputeSource,
  DisputeStatus,
  DisputeStep,
  DisputeType,
  EscalationCause,
  JudicialOutcome,
  Jurisdiction,
  MediationTier,
  MediatorProfession,
  Performance,
  RiskFlag,
  SessionOutcome,
  StoredFile,
} from '@govflow/contracts';
import { terminalDisputeStatuses } from '@govflow/contracts';

/** Personal data as the domain holds it: masked for display, the original sealed (encrypted) by the app. */
export interface Sealed {
  masked: string;
  sealed?: string;
}

export interface Party {
  partyId: string;
  role: 'applicant' | 'respondent';
  kind: 'person' | 'organisation';
  name: Sealed;
  phone?: Sealed;
  idNumber?: Sealed;
  address?: Sealed;
  representative?: Sealed;
  channel: 'own-channel' | 'counter';
  /** Keyed hashes of the party's name, phone and ID number: for repeats and 回避, never reversible. */
  identities: string[];
  confirmedAt?: string;
  confirmedVia?: 'own-channel' | 'counter';
}

export interface Session {
  sessionId: string;
  at: string;
  place: string;
  held: boolean;
  outcome?: SessionOutcome;
  attendance: { partyId: string; present: boolean }[];
  evidence: string[];
}

export interface Agreement {
  terms: Sealed;
  partial: boolean;
  performanceDeadline?: string;
  reachedAt: string;
  /** When the last party confirmed: the agreement takes effect and the 司法确认 window opens. */
  effectiveAt?: string;
  judicialWindowClosesAt?: string;
  judicial?: JudicialOutcome;
  courtCaseNumber?: string;
  reminderSentAt?: string;
}

export interface FollowUp {
  dueAt: string;
  notifiedAt?: string;
  doneAt?: string;
  performance?: Performance;
}

export interface Actor {
  id: string;
  role: string;
  mediatorId?: string;
  committeeId?: string;
  partnerId?: string;
}

export interface HistoryEntry {
  at: string;
  action: string;
  by: { id: string; role: string };
  from?: DisputeStatus;
  to: DisputeStatus;
  note?: string;
}

export interface TeamMember {
  id: string;
  name: string;
  profession: MediatorProfession;
}

export interface Dispute {
  disputeId: string;
  code: string;
  /** The citizen case it came from, if any. */
  caseId?: string;
  caseNumber?: string;
  partnerId: string;
  traceId: string;
  source: DisputeSource;
  type: DisputeType;
  minor?: string;
  title: Sealed;
  narrative: Sealed;
  amount?: number;
  riskFlags: RiskFlag[];
  consentToMediate: boolean;
  courtReference?: string;
  parties: Party[];
  jurisdiction: Jurisdiction;
  tier: MediationTier;
  centreId: string;
  centreName: string;
  mediator?: { id: string; name: string };
  team: TeamMember[];
  status: DisputeStatus;
  /** One per step; consumers apply steps in this order. */
  sequence: number;
  version: number;
  openedAt: string;
  receivedAt: string;
  updatedAt: string;
  /** While queued: since when, and when the queue is next tried. */
  queuedAt?: string;
  queueCheckAt?: string;
  /** The running tier's time limit (人民调解: normally one month, longer if the parties agree). */
  tierDeadline?: string;
  sessions: Session[];
  agreement?: Agreement;
  followUps: FollowUp[];
  declined?: { reason: DeclineReason; guidance: string };
  referral?: { at: string; reason: string };
  /** 重复: the open dispute this one joined, and the ones that joined it. */
  linkedTo?: { disputeId: string; code: string };
  linkedDisputes: { disputeId: string; code: string }[];
  /** The key of the matter while open (same parties, or same kind of dispute at one place). */
  matterKey?: string;
  /** Documents issued so far (受理通知书, 协议书, …). */
  documents: string[];
  /**
   * Which write stored each issued document and each session's minutes: the step attempt that
   * put them, before the step itself, under keys of their own (see the repository). Absent for
   * those stored before attempts were named.
   */
  issuedBy?: { documents?: Record<string, string>; minutes?: Record<string, string> };
  /** Evidence and signed agreements attached, kept under `disputes/<disputeId>/`. */
  files?: StoredFile[];
  /** Centres and mediators that have held it: they may still read it. */
  centresSeen: string[];
  mediatorsSeen: string[];
  history: HistoryEntry[];
  /** When its sealed personal data was erased, the retention after closing having passed (ADR 0013). */
  personalDataErasedAt?: string;
}

export const isTerminal = (status: DisputeStatus) => terminalDisputeStatuses.includes(status);

/** The mediators a dispute occupies now: the lead and the team, while it is open and not waiting. */
export function heldBy(dispute: Pick<Dispute, 'status' | 'mediator' | 'team'>): string[] {
  if (isTerminal(dispute.status) || dispute.status === 'queued') return [];
  return [...(dispute.mediator ? [dispute.mediator.id] : []), ...dispute.team.map((t) => t.id)];
}

/** The facts one step adds to its event beyond the dispute's state. */
export interface StepDetail {
  reason?: string;
  escalation?: { fromTier: MediationTier; toTier: MediationTier; cause: EscalationCause };
  outcome?: SessionOutcome;
  performance?: Performance;
  nextSession?: { at: string; place: string };
}

/** One step taken: the event type it is reported as, and the payload (a snapshot at that step). */
export interface Step {
  type: DisputeEventType;
  payload: DisputeStep;
}

/** A step's event payload: the dispute as it stands after the step. */
export function stepPayload(d: Dispute, from: DisputeStatus | undefined, by: { id: string; role: string }, detail: StepDetail): DisputeStep {
  const nextSession = detail.nextSession ?? upcomingSession(d);
  return {
    disputeId: d.disputeId,
    code: d.code,
    partnerId: d.partnerId,
    caseNumber: d.caseNumber,
    sequence: d.sequence,
    from,
    to: d.status,
    by,
    tier: d.tier,
    centreId: d.centreId,
    centreName: d.centreName,
    mediatorId: d.mediator?.id,
    mediatorName: d.mediator?.name,
    disputeType: d.type,
    source: d.source,
    riskFlags: [...d.riskFlags],
    partyCount: d.parties.length,
    amount: d.amount,
    jurisdiction: d.jurisdiction,
    reason: detail.reason,
    escalation: detail.escalation,
    outcome: detail.outcome,
    nextSession,
    judicial: d.agreement?.judicial || d.agreement?.judicialWindowClosesAt ? { outcome: d.agreement.judicial, windowClosesAt: d.agreement.judicialWindowClosesAt } : undefined,
    performance: detail.performance,
    linkedTo: d.linkedTo,
    openedAt: d.openedAt,
    receivedAt: d.receivedAt,
  };
}

function upcomingSession(d: Dispute): { at: string; place: string } | undefined {
  const next = d.sessions.filter((s) => !s.held).sort((a, b) => a.at.localeCompare(b.at))[0];
  return next && !isTerminal(d.status) ? { at: next.at, place: next.place } : undefined;
}

/**
 * Records one step on a working copy: the status moves, the sequence grows by one, the
 * history gets its entry once, and the event's snapshot is taken.
 */
export function recordStep(
  d: Dispute,
  steps: Step[],
  type: DisputeEventType,
  to: DisputeStatus,
  by: { id: string; role: string },
  at: string,
  detail: StepDetail = {},
  note?: string,
): void {
  const from = d.sequence === 0 ? undefined : d.status;
  d.status = to;
  d.sequence += 1;
  d.updatedAt = at;
  d.history.push({ at, action: type.slice('mediation.'.length), by, from, to, note: note ?? detail.reason });
  steps.push({ type, payload: stepPayload(d, from, by, detail) });
}
