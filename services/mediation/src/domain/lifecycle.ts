import {
  disputeActionRoles,
  type DeclineReason,
  type EscalationCause,
  type JudicialOutcome,
  type MediationCommittee,
  type MediationSettings,
  type Performance,
  type RiskFlag,
  type SessionOutcome,
  type StoredFile,
} from '@govflow/contracts';
import { calendarDeadline, localDate } from './calendar-days';
import { heldBy, isTerminal, recordStep, type Actor, type Dispute, type Party, type Sealed, type Step } from './dispute';
import { chooseLead, chooseTeam, type Loads, type MediatorProfile } from './mediators';
import { committeeFrom, declineGuidance, escalationTarget, startingTier, tierRank } from './placement';

/** The actions a dispute's life is made of, as the domain receives them (personal data already sealed). */
export type DisputeAction =
  | { type: 'accept'; parties?: Party[]; note?: string }
  | { type: 'decline'; reason: DeclineReason; note?: string }
  | { type: 'schedule-session'; at: string; place: string }
  | {
      type: 'record-session';
      attendance: { partyId: string; present: boolean }[];
      evidence: string[];
      outcome: SessionOutcome;
      escalate: boolean;
      terms?: Sealed;
      performanceDeadline?: string;
    }
  | { type: 'confirm'; partyId: string; via: 'own-channel' | 'counter' }
  | { type: 'extend'; days: number; reason: string }
  | { type: 'escalate'; reason: string }
  | { type: 'flag-risk'; flag: RiskFlag; note?: string }
  | { type: 'reassign'; mediatorId?: string; reason: string }
  | { type: 'record-judicial'; outcome: JudicialOutcome; courtCaseNumber?: string }
  | { type: 'follow-up'; performance: Performance; note?: string }
  | { type: 'report-breach'; then: 'reopen' | 'refer-to-court'; note?: string }
  | { type: 'refer-to-court'; reason: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'close'; note?: string }
  /** Files already checked and copied under the dispute's prefix by the app. */
  | { type: 'attach'; purpose: 'dispute-evidence' | 'dispute-agreement'; files: StoredFile[] }
  // Taken by the system on its schedule, never through the API.
  | { type: 'time-limit' }
  | { type: 'assign-from-queue' }
  | { type: 'remind' };

export type DocumentName = 'acceptance-notice' | 'decline-notice' | 'agreement' | 'court-referral';

export interface LifeContext {
  now: Date;
  timeZone: string;
  settings: MediationSettings;
  committees: readonly MediationCommittee[];
  /** The roster of each committee the action may place the dispute at (see `placementFor`). */
  rosters: ReadonlyMap<string, readonly MediatorProfile[]>;
  loads: Loads;
}

/** A step the dispute's state allows now, and the roles that may take it. */
export interface AllowedAction {
  action: DisputeAction['type'];
  roles: string[];
}

export type Refusal = { refused: 'not-allowed-now' | 'forbidden' | 'invalid'; detail: string; allowedNow?: AllowedAction[] };
export interface Outcome {
  dispute: Dispute;
  steps: Step[];
  documents: DocumentName[];
}

const system = { id: 'system', role: 'system' } as const;

type Who = (a: Actor, d: Dispute) => boolean;
const holder: Who = (a, d) => a.role === 'mediator' && a.mediatorId !== undefined && a.mediatorId === d.mediator?.id;
const centre: Who = (a, d) => a.role === 'coordinator' && a.committeeId === d.centreId;
const operator: Who = (a) => a.role === 'operator';
const supervisor: Who = (a) => a.role === 'supervisor';
const citizenSide: Who = (a, d) => a.role === 'partner' && a.partnerId === d.partnerId;
const systemOnly: Who = (a) => a.role === 'system';
const anyOf =
  (...who: Who[]): Who =>
  (a, d) =>
    who.some((w) => w(a, d));
const handling = anyOf(holder, centre, operator);

const open = ['queued', 'assigned', 'accepted', 'agreed'] as const;
/** `roles`: who may ever take the action (any other role is refused with 403 whatever the state); `may`: which of them on this dispute. */
type Rule = { from: readonly Dispute['status'][]; roles: readonly string[]; may: Who; needsEffectiveAgreement?: boolean };
const systemRole = ['system'] as const;
const r = disputeActionRoles;

/** The state machine, explicit: which states each action leaves from, and who may take it (the roles are the API's, from the contracts). */
export const rules: Record<DisputeAction['type'], Rule> = {
  accept: { from: ['assigned'], roles: r.accept, may: handling },
  decline: { from: ['queued', 'assigned', 'accepted'], roles: r.decline, may: handling },
  'schedule-session': { from: ['accepted'], roles: r['schedule-session'], may: handling },
  'record-session': { from: ['accepted'], roles: r['record-session'], may: handling },
  // Who may confirm depends also on how: see `confirm` below.
  confirm: { from: ['agreed'], roles: r.confirm, may: anyOf(handling, citizenSide) },
  extend: { from: ['assigned', 'accepted'], roles: r.extend, may: handling },
  escalate: { from: ['queued', 'assigned', 'accepted'], roles: r.escalate, may: anyOf(handling, supervisor) },
  'flag-risk': { from: open, roles: r['flag-risk'], may: anyOf(handling, supervisor, citizenSide) },
  reassign: { from: ['assigned', 'accepted', 'agreed'], roles: r.reassign, may: anyOf(centre, supervisor, operator) },
  'record-judicial': { from: ['agreed', 'closed'], roles: r['record-judicial'], may: handling, needsEffectiveAgreement: true },
  'follow-up': { from: ['agreed', 'closed'], roles: r['follow-up'], may: handling, needsEffectiveAgreement: true },
  'report-breach': { from: ['agreed', 'closed'], roles: r['report-breach'], may: handling, needsEffectiveAgreement: true },
  'refer-to-court': { from: ['assigned', 'accepted', 'agreed'], roles: r['refer-to-court'], may: handling },
  withdraw: { from: ['queued', 'assigned', 'accepted'], roles: r.withdraw, may: anyOf(handling, citizenSide) },
  close: { from: ['agreed'], roles: r.close, may: handling, needsEffectiveAgreement: true },
  // Evidence while it is handled; the signed agreement once there is one (also after closing, a scan may come late).
  attach: { from: ['assigned', 'accepted', 'agreed', 'closed'], roles: r.attach, may: handling },
  'time-limit': { from: ['queued', 'assigned', 'accepted'], roles: systemRole, may: systemOnly },
  'assign-from-queue': { from: ['queued'], roles: systemRole, may: systemOnly },
  remind: { from: ['agreed', 'closed'], roles: systemRole, may: systemOnly },
};

/** The steps a caller may take on a dispute in this state (the system's own left out), each with the roles that may take it: what a 409 lists. */
export function allowedNow(d: Pick<Dispute, 'status' | 'agreement'>): AllowedAction[] {
  return (Object.entries(rules) as [DisputeAction['type'], Rule][])
    .filter(([, rule]) => rule.from.includes(d.status) && !rule.roles.includes('system') && (!rule.needsEffectiveAgreement || Boolean(d.agreement?.effectiveAt)))
    .map(([action, rule]) => ({ action, roles: [...rule.roles] }));
}

/** The committee whose roster an action needs to place the dispute, if any (the app loads it first). */
export function placementFor(d: Dispute, action: DisputeAction, committees: readonly MediationCommittee[], settings: MediationSettings): string | undefined {
  const up = () => escalationTarget(committees, d.tier, d.jurisdiction)?.id;
  switch (action.type) {
    case 'escalate':
    case 'time-limit':
      return up();
    case 'record-session':
      return action.outcome === 'no-agreement' && action.escalate ? up() : undefined;
    case 'flag-risk': {
      const needed = startingTier(settings, { ...d, partyCount: d.parties.length, riskFlags: [...d.riskFlags, action.flag] }).tier;
      return tierRank(needed) > tierRank(d.tier) ? committeeFrom(committees, needed, d.jurisdiction).id : undefined;
    }
    case 'reassign':
    case 'assign-from-queue':
      return d.centreId;
    case 'report-breach':
    case 'record-judicial':
      return d.status === 'closed' ? d.centreId : undefined;
    default:
      return undefined;
  }
}

/** Why this actor may not take this kind of action on the dispute now, or undefined when it may (checked before any side effect, e.g. copying files). */
export function refusalOf(d: Dispute, type: DisputeAction['type'], actor: Actor): Refusal | undefined {
  const rule = rules[type];
  if (!rule.from.includes(d.status)) return { refused: 'not-allowed-now', detail: `cannot ${type} a dispute that is ${d.status}` };
  if (!rule.may(actor, d)) return { refused: 'forbidden', detail: `${actor.role} may not ${type} this dispute` };
  if (rule.needsEffectiveAgreement && !d.agreement?.effectiveAt) return { refused: 'not-allowed-now', detail: 'the agreement has not taken effect: every party must confirm it first' };
  return undefined;
}

/**
 * One step of a dispute's life. Pure: returns the next dispute, the steps to report (one
 * event each, in sequence) and the documents to issue, or a refusal.
 */
export function applyDisputeAction(d: Dispute, action: DisputeAction, actor: Actor, ctx: LifeContext): Outcome | Refusal {
  const rule = rules[action.type];
  // In this order: a role that may never take the step, the wrong moment (with what may be done now), not this caller's dispute.
  if (!rule.roles.includes(actor.role)) return { refused: 'forbidden', detail: `a ${actor.role} may never ${action.type} a dispute; ${rule.roles.join(' or ')} may` };
  if (!rule.from.includes(d.status)) return { refused: 'not-allowed-now', detail: `cannot ${action.type} a dispute that is ${d.status}`, allowedNow: allowedNow(d) };
  if (rule.needsEffectiveAgreement && !d.agreement?.effectiveAt) {
    return { refused: 'not-allowed-now', detail: 'the agreement has not taken effect: every party must confirm it first', allowedNow: allowedNow(d) };
  }
  if (!rule.may(actor, d)) return { refused: 'forbidden', detail: `${actor.role} may not ${action.type} this dispute` };

  const w: Dispute = structuredClone(d);
  w.version = d.version + 1;
  const steps: Step[] = [];
  const documents: DocumentName[] = [];
  const at = ctx.now.toISOString();
  const by = actor.role === 'system' ? system : { id: actor.id, role: actor.role };
  const life = new Life(w, steps, by, at, ctx);

  switch (action.type) {
    case 'accept': {
      if (action.parties) w.parties = [...w.parties, ...action.parties];
      if (!w.parties.some((p) => p.role === 'applicant') || !w.parties.some((p) => p.role === 'respondent')) {
        return { refused: 'invalid', detail: 'register at least one applicant and one respondent to accept (受理)' };
      }
      recordStep(w, steps, 'mediation.accepted', 'accepted', by, at, {}, action.note);
      documents.push('acceptance-notice');
      break;
    }
    case 'decline':
      w.declined = { reason: action.reason, guidance: declineGuidance(w.type, action.reason) };
      recordStep(w, steps, 'mediation.declined', 'declined', by, at, { reason: action.reason }, action.note);
      documents.push('decline-notice');
      break;
    case 'schedule-session': {
      const session = { sessionId: `S${w.sessions.length + 1}`, at: action.at, place: action.place, held: false, attendance: [], evidence: [] };
      w.sessions.push(session);
      recordStep(w, steps, 'mediation.session-scheduled', w.status, by, at, { nextSession: { at: action.at, place: action.place } });
      break;
    }
    case 'record-session': {
      const agreed = action.outcome === 'agreement' || action.outcome === 'partial-agreement';
      if (agreed && !action.terms) return { refused: 'invalid', detail: 'an agreement needs its terms' };
      const unknown = action.attendance.find((a) => !w.parties.some((p) => p.partyId === a.partyId));
      if (unknown) return { refused: 'invalid', detail: `no party ${unknown.partyId}` };
      let session = w.sessions.filter((s) => !s.held).sort((a, b) => a.at.localeCompare(b.at))[0];
      if (!session) {
        session = { sessionId: `S${w.sessions.length + 1}`, at, place: '调解室', held: false, attendance: [], evidence: [] };
        w.sessions.push(session);
      }
      Object.assign(session, { held: true, outcome: action.outcome, attendance: action.attendance, evidence: action.evidence });
      recordStep(w, steps, 'mediation.session-held', w.status, by, at, { outcome: action.outcome });
      if (agreed) {
        w.agreement = { terms: action.terms!, partial: action.outcome === 'partial-agreement', performanceDeadline: action.performanceDeadline, reachedAt: at };
        w.parties = w.parties.map(({ confirmedAt: _c, confirmedVia: _v, ...p }) => p);
        recordStep(w, steps, 'mediation.agreed', 'agreed', by, at, { outcome: action.outcome });
        documents.push('agreement');
      } else if (action.outcome === 'withdrawn') {
        recordStep(w, steps, 'mediation.withdrawn', 'withdrawn', by, at, { reason: 'withdrawn at session' });
      } else if (action.escalate) {
        life.escalate('session-failed', 'parties agreed to go up after a failed session', documents);
      }
      break;
    }
    case 'confirm': {
      const party = w.parties.find((p) => p.partyId === action.partyId);
      if (!party) return { refused: 'invalid', detail: `no party ${action.partyId}` };
      if (party.confirmedAt) return { refused: 'not-allowed-now', detail: `party ${action.partyId} has already confirmed` };
      // At the counter the mediator attests; through its own channel only the partner it came through (or an operator) speaks for the party.
      const allowed = action.via === 'counter' ? handling(actor, d) : citizenSide(actor, d) || operator(actor, d);
      if (!allowed) return { refused: 'forbidden', detail: `${actor.role} may not confirm for a party via ${action.via}` };
      party.confirmedAt = at;
      party.confirmedVia = action.via;
      if (w.parties.every((p) => p.confirmedAt)) {
        const agreement = w.agreement!;
        agreement.effectiveAt = at;
        agreement.judicialWindowClosesAt = calendarDeadline(ctx.now, ctx.settings.judicialWindowDays, ctx.timeZone).toISOString();
        w.followUps = ctx.settings.followUpDays.map((days) => ({ dueAt: calendarDeadline(ctx.now, days, ctx.timeZone).toISOString() }));
      }
      recordStep(w, steps, 'mediation.party-confirmed', w.status, by, at, { reason: w.agreement?.effectiveAt ? 'agreement in effect' : undefined }, `${party.partyId} via ${action.via}`);
      break;
    }
    case 'extend':
      w.tierDeadline = new Date(Date.parse(w.tierDeadline ?? at) + action.days * 86_400_000).toISOString();
      recordStep(w, steps, 'mediation.extended', w.status, by, at, { reason: `${action.days} days` }, action.reason);
      break;
    case 'escalate':
      life.escalate('requested', action.reason, documents);
      break;
    case 'time-limit':
      if (ctx.now.toISOString() < (w.tierDeadline ?? '')) return { refused: 'not-allowed-now', detail: 'the time limit has not passed' };
      life.escalate('time-limit', 'time limit passed', documents);
      break;
    case 'flag-risk': {
      const fresh = !w.riskFlags.includes(action.flag);
      if (!fresh) return { refused: 'not-allowed-now', detail: `already flagged ${action.flag}` };
      w.riskFlags = [...w.riskFlags, action.flag];
      recordStep(w, steps, 'mediation.risk-alerted', w.status, by, at, { reason: action.flag }, action.note);
      const needed = startingTier(ctx.settings, { ...w, partyCount: w.parties.length }).tier;
      if (tierRank(needed) > tierRank(w.tier)) life.escalate('risk', `risk ${action.flag}`, documents, committeeFrom(ctx.committees, needed, w.jurisdiction));
      break;
    }
    case 'reassign': {
      // Stryker disable next-line ArrayDeclaration: any array without mediator profiles yields no pick, like the empty one
      const roster = ctx.rosters.get(w.centreId) ?? [];
      const current = w.mediator?.id;
      const pick = action.mediatorId
        ? roster.find((m) => m.id === action.mediatorId && m.profession === 'mediator' && m.active)
        : chooseLead(roster, w, { today: localDate(ctx.now, ctx.timeZone), loads: ctx.loads, exclude: current ? [current] : [] });
      if (!pick) return { refused: 'invalid', detail: action.mediatorId ? `${action.mediatorId} is not an active mediator of ${w.centreName}` : `nobody else at ${w.centreName} is free` };
      if (pick.id === current) return { refused: 'invalid', detail: 'that mediator already holds the dispute' };
      w.mediator = { id: pick.id, name: pick.name };
      w.mediatorsSeen = [...new Set([...w.mediatorsSeen, pick.id])];
      recordStep(w, steps, 'mediation.reassigned', w.status, by, at, { reason: action.mediatorId ? 'override' : 'reassigned' }, action.reason);
      break;
    }
    case 'record-judicial': {
      const agreement = w.agreement!;
      agreement.judicial = action.outcome;
      if (action.courtCaseNumber) agreement.courtCaseNumber = action.courtCaseNumber;
      recordStep(w, steps, 'mediation.judicial-recorded', w.status, by, at, { reason: action.outcome });
      // 人民调解法 art. 33: an agreement the court finds invalid may be mediated again.
      if (action.outcome === 'rejected') life.reopen('judicial confirmation rejected');
      break;
    }
    case 'follow-up': {
      const due = w.followUps.find((f) => !f.doneAt);
      if (due) Object.assign(due, { doneAt: at, performance: action.performance });
      else w.followUps.push({ dueAt: at, doneAt: at, performance: action.performance });
      recordStep(w, steps, 'mediation.followed-up', w.status, by, at, { performance: action.performance }, action.note);
      break;
    }
    case 'report-breach':
      recordStep(w, steps, 'mediation.breached', w.status, by, at, { performance: 'breached' }, action.note);
      if (action.then === 'reopen') life.reopen('agreement breached');
      else life.referToCourt('agreement breached', documents);
      break;
    case 'refer-to-court':
      life.referToCourt(action.reason, documents);
      break;
    case 'withdraw':
      recordStep(w, steps, 'mediation.withdrawn', 'withdrawn', by, at, {}, action.reason);
      break;
    case 'close':
      recordStep(w, steps, 'mediation.closed', 'closed', by, at, {}, action.note);
      break;
    case 'attach': {
      // Not a step of the dispute's life (no status change, no event), but an audited change of the record.
      const known = new Set((w.files ?? []).map((f) => f.uploadId));
      w.files = [...(w.files ?? []), ...action.files.filter((f) => !known.has(f.uploadId))];
      w.updatedAt = at;
      w.history.push({ at, action: 'attach', by, from: w.status, to: w.status, note: `${action.files.length} ${action.purpose} file(s)` });
      break;
    }
    case 'assign-from-queue':
      // Still nobody free: placing sets the next try.
      life.placeAt(committeeFrom(ctx.committees, w.tier, w.jurisdiction), { quietIfStillQueued: true });
      break;
    case 'remind': {
      const agreement = w.agreement;
      if (!agreement) return { refused: 'not-allowed-now', detail: 'no agreement to remind of' };
      const reminderAt = judicialReminderAt(w, ctx.settings);
      if (reminderAt && reminderAt <= at) {
        agreement.reminderSentAt = at;
        recordStep(w, steps, 'mediation.reminded', w.status, by, at, { reason: 'judicial-window-closing' });
      }
      for (const f of w.followUps.filter((f) => !f.doneAt && !f.notifiedAt && f.dueAt <= at)) {
        f.notifiedAt = at;
        recordStep(w, steps, 'mediation.reminded', w.status, by, at, { reason: 'follow-up-due' });
      }
      break;
    }
  }
  if (isTerminal(w.status)) {
    delete w.queuedAt;
    delete w.queueCheckAt;
    delete w.tierDeadline;
  }
  return { dispute: w, steps, documents };
}

/** When the 司法确认 reminder is due: a set number of days before the window closes, if nothing was recorded. */
export function judicialReminderAt(d: Dispute, settings: MediationSettings): string | undefined {
  const a = d.agreement;
  if (!a?.judicialWindowClosesAt || a.judicial || a.reminderSentAt) return undefined;
  return new Date(Date.parse(a.judicialWindowClosesAt) - settings.judicialReminderDays * 86_400_000).toISOString();
}

/** The moves that take a dispute elsewhere, shared by several actions. */
class Life {
  constructor(
    private readonly w: Dispute,
    private readonly steps: Step[],
    private readonly by: { id: string; role: string },
    private readonly at: string,
    private readonly ctx: LifeContext,
  ) {}

  /**
   * Puts the dispute in a committee's hands: a lead (and a team when complex) if someone
   * is free, else the centre's queue (with the time of its next try).
   */
  placeAt(committee: MediationCommittee, options: { quietIfStillQueued?: boolean } = {}): void {
    const { w, ctx } = this;
    const moved = committee.id !== w.centreId;
    w.tier = committee.tier;
    w.centreId = committee.id;
    w.centreName = committee.name;
    w.centresSeen = [...new Set([...w.centresSeen, committee.id])];
    if (moved || w.status !== 'queued') w.tierDeadline = calendarDeadline(ctx.now, ctx.settings.tierTimeLimitDays, ctx.timeZone).toISOString();
    // Stryker disable next-line ArrayDeclaration: any array without mediator profiles yields no lead, like the empty one
    const roster = ctx.rosters.get(committee.id) ?? [];
    const assignment = { today: localDate(ctx.now, ctx.timeZone), loads: ctx.loads };
    const lead = chooseLead(roster, w, assignment);
    if (!lead) {
      const alreadyQueued = w.status === 'queued' && !moved;
      w.mediator = undefined;
      w.team = [];
      w.queuedAt = alreadyQueued ? w.queuedAt : this.at;
      w.queueCheckAt = new Date(ctx.now.getTime() + ctx.settings.queueRetryMinutes * 60_000).toISOString();
      if (!(alreadyQueued && options.quietIfStillQueued)) recordStep(w, this.steps, 'mediation.queued', 'queued', this.by, this.at, { reason: 'no mediator free' });
      return;
    }
    w.mediator = { id: lead.id, name: lead.name };
    w.team = chooseTeam(roster, w, ctx.settings, assignment);
    w.mediatorsSeen = [...new Set([...w.mediatorsSeen, lead.id, ...w.team.map((t) => t.id)])];
    delete w.queuedAt;
    delete w.queueCheckAt;
    recordStep(w, this.steps, 'mediation.assigned', 'assigned', this.by, this.at, {}, w.team.length > 0 ? `team: ${w.team.map((t) => t.profession).join(', ')}` : undefined);
  }

  /** Up one tier (or to `target`); at the top, to the court (诉调对接). */
  escalate(cause: EscalationCause, reason: string, documents: DocumentName[], target?: MediationCommittee): void {
    const { w, ctx } = this;
    const to = target ?? escalationTarget(ctx.committees, w.tier, w.jurisdiction);
    if (!to) {
      this.referToCourt(`${reason}; no tier above ${w.centreName}`, documents);
      return;
    }
    const fromTier = w.tier;
    recordStep(w, this.steps, 'mediation.escalated', w.status, this.by, this.at, { reason, escalation: { fromTier, toTier: to.tier, cause } });
    // The event above names the centre it leaves; placing reports the centre that takes it.
    this.placeAt(to);
  }

  referToCourt(reason: string, documents: DocumentName[]): void {
    this.w.referral = { at: this.at, reason };
    recordStep(this.w, this.steps, 'mediation.referred-to-court', 'referred-to-court', this.by, this.at, { reason });
    documents.push('court-referral');
  }

  /** Mediate again: with the same mediator if they still hold it, else placed afresh at the centre. */
  reopen(reason: string): void {
    const { w } = this;
    w.followUps = w.followUps.filter((f) => f.doneAt);
    if (heldBy(w).length > 0) {
      recordStep(w, this.steps, 'mediation.reopened', 'accepted', this.by, this.at, { reason });
      w.tierDeadline = calendarDeadline(this.ctx.now, this.ctx.settings.tierTimeLimitDays, this.ctx.timeZone).toISOString();
      return;
    }
    // Nobody holds it any more: it waits at its centre until placing finds a mediator.
    w.queuedAt = this.at;
    w.tierDeadline = calendarDeadline(this.ctx.now, this.ctx.settings.tierTimeLimitDays, this.ctx.timeZone).toISOString();
    recordStep(w, this.steps, 'mediation.reopened', 'queued', this.by, this.at, { reason });
    this.placeAt(committeeFrom(this.ctx.committees, w.tier, w.jurisdiction), { quietIfStillQueued: true });
  }
}

/** Places a freshly opened dispute at its first committee (see `Life.placeAt`). */
export function placeDispute(d: Dispute, steps: Step[], by: { id: string; role: string }, ctx: LifeContext, committee: MediationCommittee): void {
  new Life(d, steps, by, ctx.now.toISOString(), ctx).placeAt(committee);
}
