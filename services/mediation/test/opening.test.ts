import { describe, expect, it } from 'vitest';
import { mediationOpenedV1, mediationRequestedV1, parseEvent, type MediationRequested } from '@govflow/contracts';
import { makeEvent } from '@govflow/platform/events';
import { loadRegion } from '@govflow/regions';
import { chooseMediator, openingCommittee, openMediation } from '../src/domain/opening';

const region = loadRegion('wuhai');
const village = 'hbw-xinhua-1';

function request(jurisdiction: MediationRequested['payload']['jurisdiction'], minor = 'dispute-wage'): MediationRequested {
  return makeEvent(mediationRequestedV1, {
    region: 'wuhai',
    caseId: 'case-9',
    traceId: 'trace-9',
    occurredAt: new Date('2026-11-24T03:00:00Z'),
    payload: {
      caseNumber: 'WH-20261124-000009',
      partnerId: 'grid-app',
      minor,
      minorName: '劳资纠纷',
      title: '拖欠工资',
      description: '包工头拖欠工资',
      jurisdiction,
      receivedAt: '2026-11-24T03:00:00.000Z',
    },
  });
}

describe('opening tier: 小事不出村、大事不出镇、矛盾不上交', () => {
  it('opens in the village/community when the place is known that precisely', () => {
    expect(openingCommittee(region, { villageId: village, townId: 'hbw-xinhua', districtId: 'hbw', resolvedBy: 'grid-id' })).toMatchObject({ tier: 'village', areaId: village });
  });

  it('opens in the town/street when only the town is known', () => {
    expect(openingCommittee(region, { townId: 'hn-lasengmiao', districtId: 'hn', resolvedBy: 'address' })).toMatchObject({ tier: 'town', areaId: 'hn-lasengmiao' });
  });

  it('opens at the district, else the city, when less is known', () => {
    expect(openingCommittee(region, { districtId: 'wd', resolvedBy: 'address' })).toMatchObject({ tier: 'district' });
    expect(openingCommittee(region, { resolvedBy: 'unresolved' })).toMatchObject({ tier: 'city' });
  });
});

describe('choosing a mediator', () => {
  const town = openingCommittee(region, { townId: 'hn-lasengmiao', resolvedBy: 'address' });
  const [generalist, specialist] = region.mediation.mediators.filter((m) => m.committeeId === town.id);

  it('prefers a specialist in the category', () => {
    expect(chooseMediator(region, town, 'dispute-wage', new Map())?.id).toBe(specialist!.id);
    expect(chooseMediator(region, town, 'dispute-medical', new Map())?.id).toBe(generalist!.id);
  });

  it('skips a mediator at capacity and takes the lighter load', () => {
    expect(chooseMediator(region, town, 'dispute-wage', new Map([[specialist!.id, specialist!.capacity]]))?.id).toBe(generalist!.id);
  });

  it('returns nobody when every mediator is full', () => {
    const full = new Map([[generalist!.id, generalist!.capacity], [specialist!.id, specialist!.capacity]]);
    expect(chooseMediator(region, town, 'dispute-wage', full)).toBeUndefined();
  });
});

describe('openMediation', () => {
  it('records the opening and emits an event the consumers accept', () => {
    const { mediation, event } = openMediation(region, request({ villageId: village, resolvedBy: 'grid-id' }), new Map(), new Date('2026-11-24T03:00:01Z'));
    expect(mediation).toMatchObject({ mediationId: 'MED-WH-20261124-000009', tier: 'village', status: 'opened' });
    expect(mediation.mediatorId).toBeDefined();
    expect(mediation.history.map((h) => h.action)).toEqual(['opened', 'assigned']);
    const parsed = parseEvent(JSON.stringify(event), [mediationOpenedV1]);
    expect(parsed.payload).toMatchObject({ tier: 'village', partnerId: 'grid-app', mediatorId: mediation.mediatorId });
    expect(parsed.traceId).toBe('trace-9');
  });

  it('opens unassigned when nobody has room', () => {
    const committee = openingCommittee(region, { villageId: village, resolvedBy: 'grid-id' });
    const full = new Map(region.mediation.mediators.filter((m) => m.committeeId === committee.id).map((m) => [m.id, m.capacity]));
    const { mediation, event } = openMediation(region, request({ villageId: village, resolvedBy: 'grid-id' }), full, new Date());
    expect(mediation.mediatorId).toBeUndefined();
    expect(event.payload.mediatorId).toBeUndefined();
  });
});
