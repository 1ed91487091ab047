import { createHmac, randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type DisputeRegistered, disputeStepEvents, type Envelope, makeEvent, type PartyInput, type RegionConfig } from '@govflow/contracts';
import { maskIdNumber, maskName, maskPersonalData, maskPhone, regionDay, sweepBudgetMs, sweepShards, type PersonalDataSealer } from '@govflow/platform';
import { heldBy, isTerminal, type Actor, type Dispute, type Party, type Sealed } from '../domain/dispute';
import { renderDocument, documentTitles } from '../domain/documents';
import { dueAction } from '../domain/duties';
import { applyDisputeAction, placementFor, type AllowedAction, type DisputeAction, type LifeContext, type Outcome } from '../domain/lifecycle';
import { findRepeatOf, matterKeyOf } from '../domain/matters';
import { profileFromRegion, type MediatorProfile } from '../domain/mediators';
import { openDispute, type OpeningInput } from '../domain/opening';
import { committeeFrom, startingTier } from '../domain/placement';
import { ConcurrentChange, type DisputeChange, type MediationRepository, type StoredDocument } from '../adapters/repository';

export interface MediationDeps {
  region: RegionConfig;
  repository: MediationRepository;
  /** Keys the parties' identity hashes. */
  piiKey: string;
  /** Seals and opens personal data; its data key is fetched (`ready`) before the service is built. */
  sealer: PersonalDataSealer;
  logger: Logger;
  now: () => Date;
}

/** The domain refused an action: not now, not this caller, or bad input. */
export class ActionRefused extends Error {
  override name = 'ActionRefused';
  constructor(
    readonly refused: 'not-allowed-now' | 'forbidden' | 'invalid',
    detail: string,
    /** For the wrong moment: what may be done now, and by whom. */
    readonly allowedNow?: AllowedAction[],
  ) {
    super(detail);
  }
}

export class DisputeNotFound extends Error {
  override name = 'DisputeNotFound';
}

/** Attempts at an optimistic write before the caller is told to retry (409). */
const attempts = 6;
const contractOf = new Map(disputeStepEvents.map((c) => [c.type, c]));

/**
 * The mediation centre's work, between the API, the queue consumer and the schedule and
 * the pure domain: it loads what a step needs (rosters, loads), seals personal data,
 * renders documents, and commits each step with its events in one write (what it issues put first).
 */
export class MediationService {
  readonly settings;
  readonly committees;

  constructor(private readonly deps: MediationDeps) {
    this.settings = deps.region.mediation.settings;
    this.committees = deps.region.mediation.committees;
  }

  // ---- personal data ----

  seal(text: string): Sealed {
    const masked = maskPersonalData(text);
    return masked === text ? { masked } : { masked, sealed: this.deps.sealer.seal(text) };
  }

  private sealAlways(text: string, masked: string): Sealed {
    return { masked, sealed: this.deps.sealer.seal(text) };
  }

  /** Opens sealed values whose data keys were loaded ({@link loadKeys}); sealed this cold start, they are. */
  reveal = (value: Sealed): string => (value.sealed ? this.deps.sealer.unseal(value.sealed) : value.masked);

  /** Unwraps the data keys of the sealed values in `value` (a dispute, minutes), once each per cold start. */
  loadKeys(value: unknown): Promise<void> {
    return this.deps.sealer.load(value);
  }

  /** A keyed hash: the same person matches across disputes; nobody without the key can reverse it. */
  identity(value: string): string {
    const normal = value.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '').toUpperCase();
    return createHmac('sha256', this.deps.piiKey).update(normal).digest('base64url');
  }

  parties(inputs: readonly PartyInput[], existing = 0): Party[] {
    return inputs.map((p, i) => ({
      partyId: `P${existing + i + 1}`,
      role: p.role,
      kind: p.kind,
      name: p.kind === 'person' ? this.sealAlways(p.name, maskName(p.name)) : { masked: p.name },
      phone: p.phone ? this.sealAlways(p.phone, maskPhone(p.phone)) : undefined,
      idNumber: p.idNumber ? this.sealAlways(p.idNumber, maskIdNumber(p.idNumber)) : undefined,
      address: p.address ? this.sealAlways(p.address, '***') : undefined,
      representative: p.representative ? this.sealAlways(p.representative, maskName(p.representative)) : undefined,
      channel: p.channel,
      identities: [p.phone, p.idNumber, p.name].filter((v): v is string => Boolean(v)).map((v) => this.identity(v)),
    }));
  }

  // ---- the directory ----

  /** Every mediator of the region (or one committee) as assignment sees them, with their loads. */
  async roster(committeeId?: string): Promise<{ roster: MediatorProfile[]; loads: Map<string, number> }> {
    const stored = await this.deps.repository.directory(committeeId);
    const fromRegion = this.deps.region.mediation.mediators.filter((m) => !committeeId || m.committeeId === committeeId).map((m) => profileFromRegion(m, this.committees));
    const byId = new Map(fromRegion.map((p) => [p.id, p]));
    for (const [id, entry] of stored) if (entry.profile) byId.set(id, entry.profile);
    const roster = [...byId.values()].filter((p) => !committeeId || p.committeeId === committeeId);
    return { roster, loads: new Map([...stored].map(([id, entry]) => [id, entry.load])) };
  }

  private async context(committeeIds: readonly (string | undefined)[], now = this.deps.now()): Promise<LifeContext> {
    const rosters = new Map<string, MediatorProfile[]>();
    const loads = new Map<string, number>();
    for (const id of new Set(committeeIds.filter((c): c is string => Boolean(c)))) {
      const found = await this.roster(id);
      rosters.set(id, found.roster);
      for (const [m, load] of found.loads) loads.set(m, load);
    }
    return { now, timeZone: this.deps.region.timeZone, settings: this.settings, committees: this.committees, rosters, loads };
  }

  // ---- opening ----

  async nextCode(at: Date): Promise<string> {
    const day = regionDay(at, this.deps.region.timeZone);
    const sequence = await this.deps.repository.nextSequence(`${this.deps.region.caseNumberPrefix}TJ`, day);
    return `${this.deps.region.caseNumberPrefix}TJ-${day}-${String(sequence).padStart(6, '0')}`;
  }

  /**
   * Everything opening a dispute writes, for one transaction: the dispute (or its link to
   * an open one about the same matter), its code, loads and events.
   */
  async openingEffect(input: Omit<OpeningInput, 'matterKey' | 'repeatOf' | 'code'>): Promise<{ change: DisputeChange; events: Envelope[]; outcome: Outcome }> {
    const key = matterKeyOf(input);
    // A redelivered hand-over finds its own dispute under the key: that is not a repeat, and the write will say it exists.
    const open = key ? (await this.deps.repository.openMatters(key)).filter((m) => m.disputeId !== input.disputeId) : [];
    const repeat = key ? findRepeatOf(key, `${input.title.masked} ${input.narrative.masked}`, open, this.deps.region.settings.repeatSimilarity) : undefined;
    const start = startingTier(this.settings, { ...input, partyCount: input.parties.length });
    const ctx = await this.context([committeeFrom(this.committees, start.tier, input.jurisdiction).id]);
    const code = await this.nextCode(ctx.now);
    const outcome = openDispute({ ...input, code, matterKey: key, repeatOf: repeat && { disputeId: repeat.disputeId, code: repeat.code } }, ctx);
    const change = this.changeOf(undefined, outcome, ctx);
    if (repeat) change.linkOriginal = { disputeId: repeat.disputeId, link: { disputeId: outcome.dispute.disputeId, code } };
    return { change, events: this.eventsOf(outcome, ctx.now), outcome };
  }

  /** Opens a dispute registered through the API, idempotently on the caller's key. */
  async register(input: Omit<OpeningInput, 'matterKey' | 'repeatOf' | 'code'>, idempotency?: { partnerId: string; key: string; fingerprint: string }): Promise<DisputeRegistered> {
    for (let attempt = 1; ; attempt++) {
      const { change, events, outcome } = await this.openingEffect(input);
      const d = outcome.dispute;
      const answer: DisputeRegistered = { disputeId: d.disputeId, code: d.code, status: d.status, tier: d.tier, centreName: d.centreName, linkedTo: d.linkedTo };
      if (idempotency) change.idempotency = { ...idempotency, answer, now: this.deps.now() };
      try {
        await this.deps.repository.save(change, events);
      } catch (error) {
        if (error instanceof ConcurrentChange && attempt < attempts) continue;
        throw error;
      }
      this.deps.logger.info('dispute registered', { disputeId: d.disputeId, code: d.code, tier: d.tier, status: d.status });
      return answer;
    }
  }

  // ---- every later step ----

  /**
   * Takes one action: loads the dispute and what placing it needs, applies the domain
   * rules, commits, sends the events, then lets a freed mediator take the oldest queued dispute.
   */
  async act(disputeId: string, action: DisputeAction, actor: Actor, extra: { minutes?: string; skipIfNothingHappened?: boolean; now?: Date } = {}): Promise<Dispute> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.deps.repository.get(disputeId);
      if (!before) throw new DisputeNotFound(disputeId);
      // Its documents are rendered from its sealed values.
      await this.loadKeys(before);
      const ctx = await this.context([placementFor(before, action, this.committees, this.settings), before.centreId], extra.now);
      const outcome = applyDisputeAction(before, action, actor, ctx);
      if ('refused' in outcome) throw new ActionRefused(outcome.refused, outcome.detail, outcome.allowedNow);
      // A queued dispute that still finds nobody changes only its next try: worth a write for the sweep, not here.
      if (outcome.steps.length === 0 && extra.skipIfNothingHappened) return before;
      const change = this.changeOf(before, outcome, ctx);
      if (action.type === 'record-session' && extra.minutes) {
        const held = outcome.dispute.sessions.find((s) => s.held && !before.sessions.find((b) => b.sessionId === s.sessionId)?.held);
        if (held) {
          change.minutes.push({ sessionId: held.sessionId, sealed: this.deps.sealer.seal(extra.minutes) });
          change.after.issuedBy = { ...change.after.issuedBy, minutes: { ...change.after.issuedBy?.minutes, [held.sessionId]: change.attempt } };
        }
      }
      const events = this.eventsOf(outcome, ctx.now);
      try {
        await this.deps.repository.save(change, events);
      } catch (error) {
        if (error instanceof ConcurrentChange && attempt < attempts) {
          await new Promise((r) => setTimeout(r, Math.random() * 5 * 2 ** attempt));
          continue;
        }
        throw error;
      }
      if (change.release.length > 0 && before.centreId) await this.fillQueue(before.centreId);
      return outcome.dispute;
    }
  }

  /** A mediator at the centre freed up: the oldest queued disputes there try again, until one stays queued. */
  async fillQueue(centreId: string): Promise<number> {
    let assigned = 0;
    try {
      const { items } = await this.deps.repository.list({ index: 'centre', key: `CENTRE#${centreId}`, sortPrefix: 'queued#', oldestFirst: true, limit: 5 });
      for (const queued of items) {
        const after = await this.act(queued.disputeId, { type: 'assign-from-queue' }, { id: 'system', role: 'system' }, { skipIfNothingHappened: true });
        if (after.status === 'queued') break;
        assigned++;
      }
    } catch (error) {
      // The duty sweep tries queued disputes on its own schedule; this is only the fast path.
      this.deps.logger.warn('queue not filled; the sweep will retry', { centreId, error: error instanceof Error ? error.name : 'unknown' });
    }
    return assigned;
  }

  /**
   * The scheduled sweep over the duties index, its shards side by side, each to its end:
   * time limits, queued disputes, 司法确认 reminders and follow-ups due by `now` (the
   * schedule's own time). It stops starting pages at `deadline`; the next run goes on.
   */
  async sweep(now: Date, options: { pageSize?: number; deadline?: number } = {}): Promise<{ acted: number; retried: number; skipped: number; finished: boolean }> {
    let acted = 0;
    let retried = 0;
    let skipped = 0;
    const { finished } = await sweepShards({
      shards: this.deps.repository.shards,
      deadline: options.deadline ?? Date.now() + sweepBudgetMs,
      page: (shard, cursor) => this.deps.repository.due(shard, now, options.pageSize ?? 100, cursor),
      handle: async (id) => {
        const d = await this.deps.repository.get(id);
        const action = d && dueAction(d, now, this.settings);
        if (!action) return;
        try {
          const after = await this.act(id, action, { id: 'system', role: 'system' }, { now });
          // A queued dispute that still finds nobody only moves its next try.
          if (after.sequence > d.sequence) acted++;
          else retried++;
        } catch (error) {
          if (!(error instanceof ConcurrentChange || error instanceof ActionRefused)) throw error;
          skipped++;
        }
      },
    });
    return { acted, retried, skipped, finished };
  }

  async document(d: Dispute, name: string, revealed: boolean): Promise<string | undefined> {
    const stored = await this.deps.repository.document(d, name);
    if (!stored) return undefined;
    // Once erased (retention passed), every reader gets the masked body.
    if (!revealed || !stored.bodySealed) return stored.bodyMasked;
    await this.loadKeys(stored.bodySealed);
    return this.deps.sealer.unseal(stored.bodySealed);
  }

  // ---- from a step to its writes and events ----

  private changeOf(before: Dispute | undefined, outcome: Outcome, ctx: LifeContext): DisputeChange {
    const after = outcome.dispute;
    const was = new Set(before ? heldBy(before) : []);
    const now = new Set(heldBy(after));
    const capacity = (id: string) => ctx.rosters.get(after.centreId)?.find((m) => m.id === id)?.capacity ?? 1;
    const issuedAt = ctx.now.toISOString();
    // Each attempt stores what it issues under keys of its own (see the repository's `beforeStep`).
    const attempt = randomUUID().slice(0, 8);
    after.documents = [...new Set([...after.documents, ...outcome.documents])];
    if (outcome.documents.length > 0) {
      after.issuedBy = { ...after.issuedBy, documents: { ...after.issuedBy?.documents, ...Object.fromEntries(outcome.documents.map((name) => [name, attempt])) } };
    }
    const documents: StoredDocument[] = outcome.documents.map((name) => ({
      name,
      title: documentTitles[name],
      issuedAt,
      bodySealed: this.deps.sealer.seal(renderDocument(name, after, this.reveal, issuedAt)),
      bodyMasked: renderDocument(name, after, (v) => v.masked, issuedAt),
    }));
    const opensMatter = !before && after.matterKey && !isTerminal(after.status);
    const closesMatter = before?.matterKey && !isTerminal(before.status) && isTerminal(after.status);
    return {
      attempt,
      before,
      after,
      take: [...now].filter((id) => !was.has(id)).map((id) => ({ mediatorId: id, committeeId: after.centreId, capacity: capacity(id) })),
      release: [...was].filter((id) => !now.has(id)).map((id) => ({ mediatorId: id, committeeId: before!.centreId })),
      matterPut: opensMatter ? { key: after.matterKey!, entry: { disputeId: after.disputeId, code: after.code, text: `${after.title.masked} ${after.narrative.masked}`.slice(0, 500) } } : undefined,
      matterRemove: closesMatter ? { key: before.matterKey!, disputeId: before.disputeId } : undefined,
      documents,
      minutes: [],
    };
  }

  private eventsOf(outcome: Outcome, now: Date): Envelope[] {
    const d = outcome.dispute;
    return outcome.steps.map((step) =>
      makeEvent(contractOf.get(step.type)!, {
        region: this.deps.region.id,
        caseId: d.caseId ?? d.disputeId,
        traceId: d.traceId,
        occurredAt: now,
        payload: step.payload,
      }),
    );
  }

  newDisputeId(): string {
    return randomUUID();
  }
}
