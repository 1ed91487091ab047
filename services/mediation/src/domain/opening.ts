import {
  mediationOpenedV1,
  type MediationCommittee,
  type MediationOpened,
  type MediationRequested,
  type MediationTier,
  type Mediator,
  type RegionConfig,
} from '@govflow/contracts';
import { makeEvent } from '@govflow/platform/events';

/**
 * 小事不出村、大事不出镇、矛盾不上交: a dispute opens at the lowest tier that has a
 * committee for its place — village/community, else town/street, else district, else city.
 */
export function openingCommittee(region: RegionConfig, where: MediationRequested['payload']['jurisdiction']): MediationCommittee {
  const committees = region.mediation.committees;
  const at = (tier: MediationTier, areaId: string | undefined) => (areaId ? committees.find((c) => c.tier === tier && c.areaId === areaId) : undefined);
  const committee =
    at('village', where.villageId) ?? at('town', where.townId) ?? at('district', where.districtId) ?? committees.find((c) => c.tier === 'city');
  if (!committee) throw new Error(`region ${region.id} has no city mediation committee`);
  return committee;
}

/**
 * The mediator who takes the case: a specialist in its category before a generalist,
 * then the lightest load relative to capacity; nobody at capacity. Undefined when all
 * are full — the case opens and waits for one.
 */
export function chooseMediator(
  region: RegionConfig,
  committee: MediationCommittee,
  minorCode: string,
  openCases: ReadonlyMap<string, number>,
): Mediator | undefined {
  return region.mediation.mediators
    .filter((m) => m.committeeId === committee.id && (m.specialties.includes(minorCode) || m.specialties.includes('*')))
    .filter((m) => (openCases.get(m.id) ?? 0) < m.capacity)
    .map((m) => ({ m, specialist: m.specialties.includes(minorCode) ? 0 : 1, load: (openCases.get(m.id) ?? 0) / m.capacity }))
    .sort((a, b) => a.specialist - b.specialist || a.load - b.load || a.m.id.localeCompare(b.m.id))[0]?.m;
}

export interface MediationCase {
  mediationId: string;
  caseId: string;
  caseNumber: string;
  partnerId: string;
  tier: MediationTier;
  committeeId: string;
  mediatorId?: string;
  minor: string;
  status: 'opened';
  openedAt: string;
  history: { at: string; action: string; by: string; note?: string }[];
}

export interface Opening {
  mediation: MediationCase;
  event: MediationOpened;
}

export function openMediation(region: RegionConfig, request: MediationRequested, openCases: ReadonlyMap<string, number>, now: Date): Opening {
  const { payload } = request;
  const committee = openingCommittee(region, payload.jurisdiction);
  const mediator = chooseMediator(region, committee, payload.minor, openCases);
  const openedAt = now.toISOString();
  const mediation: MediationCase = {
    mediationId: `MED-${payload.caseNumber}`,
    caseId: request.caseId,
    caseNumber: payload.caseNumber,
    partnerId: payload.partnerId,
    tier: committee.tier,
    committeeId: committee.id,
    mediatorId: mediator?.id,
    minor: payload.minor,
    status: 'opened',
    openedAt,
    history: [
      { at: openedAt, action: 'opened', by: 'system', note: committee.name },
      ...(mediator ? [{ at: openedAt, action: 'assigned', by: 'system', note: mediator.name }] : []),
    ],
  };
  const event = makeEvent(mediationOpenedV1, {
    region: request.region,
    caseId: request.caseId,
    traceId: request.traceId,
    occurredAt: now,
    payload: {
      mediationId: mediation.mediationId,
      partnerId: payload.partnerId,
      tier: committee.tier,
      committeeId: committee.id,
      committeeName: committee.name,
      mediatorId: mediator?.id,
      mediatorName: mediator?.name,
      jurisdiction: payload.jurisdiction,
      receivedAt: payload.receivedAt,
    },
  });
  return { mediation, event };
}
