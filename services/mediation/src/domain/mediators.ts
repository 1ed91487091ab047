import type { MediationCommittee, MediationSettings, MediationTier, Mediator, MediatorProfession } from '@govflow/contracts';
import type { Dispute, TeamMember } from './dispute';

/** A mediator as assignment sees them: the region's directory entry with the administrator's changes. */
export interface MediatorProfile {
  id: string;
  name: string;
  committeeId: string;
  tier: MediationTier;
  profession: MediatorProfession;
  /** Dispute types or minor codes, or `*`. */
  specialties: string[];
  capacity: number;
  leave: { from: string; to: string }[];
  active: boolean;
  homeVillageId?: string;
  /** Keyed hashes of the people the mediator declared a tie to (回避). */
  relations: string[];
}

/** Numbers of disputes each mediator holds now. */
export type Loads = ReadonlyMap<string, number>;

/** The region's data as profiles: the directory before any change through the API. */
export function profileFromRegion(mediator: Mediator, committees: readonly MediationCommittee[]): MediatorProfile {
  const committee = committees.find((c) => c.id === mediator.committeeId);
  return {
    id: mediator.id,
    name: mediator.name,
    committeeId: mediator.committeeId,
    tier: committee?.tier ?? 'city',
    profession: mediator.profession,
    specialties: mediator.specialties,
    capacity: mediator.capacity,
    leave: [],
    active: true,
    homeVillageId: mediator.homeVillageId,
    relations: [],
  };
}

export const onLeave = (m: MediatorProfile, today: string) => m.leave.some((l) => l.from <= today && today <= l.to);

/**
 * 回避: a mediator who declared a tie to a party, or who comes from the dispute's village
 * when it is heard above the village (where a neighbour is the point, not a conflict).
 */
export function hasConflict(m: MediatorProfile, dispute: Pick<Dispute, 'parties' | 'jurisdiction'>): boolean {
  const ties = new Set(m.relations);
  if (dispute.parties.some((p) => p.identities.some((id) => ties.has(id)))) return true;
  return m.tier !== 'village' && m.homeVillageId !== undefined && m.homeVillageId === dispute.jurisdiction.villageId;
}

function specialtyRank(m: MediatorProfile, dispute: Pick<Dispute, 'type' | 'minor'>): number | undefined {
  if (m.specialties.includes(dispute.type) || (dispute.minor && m.specialties.includes(dispute.minor))) return 0;
  return m.specialties.includes('*') ? 1 : undefined;
}

export interface AssignmentContext {
  today: string;
  loads: Loads;
  /** Mediators not to pick (the one being replaced). */
  exclude?: readonly string[];
}

function free(m: MediatorProfile, dispute: Pick<Dispute, 'parties' | 'jurisdiction'>, ctx: AssignmentContext): boolean {
  return m.active && !onLeave(m, ctx.today) && (ctx.loads.get(m.id) ?? 0) < m.capacity && !hasConflict(m, dispute) && !(ctx.exclude ?? []).includes(m.id);
}

/**
 * The mediator who leads: a specialist in the dispute's type before a generalist, then
 * the lightest load relative to capacity, then the id (so the choice is reproducible);
 * never one on leave, at capacity or with a conflict. Undefined when nobody is free.
 */
export function chooseLead(roster: readonly MediatorProfile[], dispute: Pick<Dispute, 'type' | 'minor' | 'parties' | 'jurisdiction'>, ctx: AssignmentContext): MediatorProfile | undefined {
  return roster
    .filter((m) => m.profession === 'mediator' && free(m, dispute, ctx))
    .map((m) => ({ m, rank: specialtyRank(m, dispute), load: (ctx.loads.get(m.id) ?? 0) / m.capacity }))
    .filter((x): x is { m: MediatorProfile; rank: number; load: number } => x.rank !== undefined)
    .sort((a, b) => a.rank - b.rank || a.load - b.load || a.m.id.localeCompare(b.m.id))[0]?.m;
}

/**
 * A complex dispute at the district or city centre gets a 三官三师 team beside its lead:
 * one with risk flags, a large amount or many parties, or a medical or land dispute.
 */
export function needsTeam(dispute: Pick<Dispute, 'tier' | 'riskFlags' | 'amount' | 'parties' | 'type'>, settings: MediationSettings): boolean {
  if (dispute.tier !== 'district' && dispute.tier !== 'city') return false;
  return (
    dispute.riskFlags.length > 0 ||
    (dispute.amount ?? 0) >= settings.amountForDistrict ||
    dispute.parties.length >= settings.partiesForDistrict ||
    dispute.type === 'medical' ||
    dispute.type === 'land-contract'
  );
}

/** Which professions a complex dispute calls for: always a lawyer, the others by its facts. */
export function teamProfessions(dispute: Pick<Dispute, 'riskFlags' | 'amount' | 'type' | 'source'>, settings: MediationSettings): MediatorProfession[] {
  const wanted = new Set<MediatorProfession>(['lawyer']);
  if ((dispute.amount ?? 0) >= settings.amountForTown || dispute.source === 'court-referral') wanted.add('judge');
  if (dispute.riskFlags.includes('violence') || dispute.riskFlags.includes('group')) wanted.add('police');
  if (dispute.riskFlags.includes('petition')) wanted.add('prosecutor');
  if (dispute.type === 'family' || dispute.riskFlags.includes('vulnerable')) wanted.add('psychologist');
  if (dispute.type === 'medical' || dispute.type === 'labour') wanted.add('counsellor');
  return [...wanted];
}

/** The least-loaded free member of each wanted profession; a profession nobody can cover is left out. */
export function chooseTeam(roster: readonly MediatorProfile[], dispute: Dispute, settings: MediationSettings, ctx: AssignmentContext): TeamMember[] {
  if (!needsTeam(dispute, settings)) return [];
  return teamProfessions(dispute, settings).flatMap((profession) => {
    const pick = roster
      .filter((m) => m.profession === profession && free(m, dispute, ctx))
      .sort((a, b) => (ctx.loads.get(a.id) ?? 0) / a.capacity - (ctx.loads.get(b.id) ?? 0) / b.capacity || a.id.localeCompare(b.id))[0];
    return pick ? [{ id: pick.id, name: pick.name, profession }] : [];
  });
}
