import { describe, expect, it } from 'vitest';
import type { DisputeType, Jurisdiction, MediationTier, RiskFlag } from '@govflow/contracts';
import { chooseLead, chooseTeam, hasConflict, type MediatorProfile } from '../src/domain/mediators';
import { amountInText, committeeFrom, declineGuidance, escalationTarget, risksInText, startingTier } from '../src/domain/placement';
import { findRepeatOf, matterKeyOf } from '../src/domain/matters';
import { committees, openingInput, party, settings, village, World } from './world';

describe('tier routing: type × amount × parties × flags × place', () => {
  const table: [DisputeType, number | undefined, number, RiskFlag[], MediationTier][] = [
    ['neighbour', undefined, 2, [], 'village'],
    ['neighbour', 99_999, 2, [], 'village'],
    ['neighbour', 100_000, 2, [], 'town'],
    ['neighbour', 500_000, 2, [], 'district'],
    ['family', undefined, 5, [], 'town'],
    ['labour', undefined, 10, [], 'district'],
    ['traffic-accident', undefined, 2, [], 'town'],
    ['medical', undefined, 2, [], 'district'],
    ['neighbour', undefined, 2, ['petition'], 'town'],
    ['neighbour', undefined, 2, ['vulnerable'], 'town'],
    ['neighbour', undefined, 2, ['violence'], 'district'],
    ['consumer', 1_000, 2, ['group'], 'district'],
    // A lower reason never lowers what a higher one asked for.
    ['medical', 100_000, 5, ['petition'], 'district'],
    ['neighbour', 500_000, 5, ['vulnerable'], 'district'],
  ];
  it.each(table)('%s, amount %s, %i parties, flags %j → %s', (type, amount, partyCount, riskFlags, tier) => {
    expect(startingTier(settings, { type, amount, partyCount, riskFlags }).tier).toBe(tier);
  });

  const places: [string, Jurisdiction, MediationTier, MediationTier, string][] = [
    ['a village', village, 'village', 'village', 'hbw-xinhua-1-committee'],
    ['a village, town tier', village, 'town', 'town', 'hbw-xinhua-centre'],
    ['only a town', { townId: 'hn-lasengmiao', districtId: 'hn', resolvedBy: 'address' }, 'village', 'town', 'hn-lasengmiao-centre'],
    ['only a district', { districtId: 'wd', resolvedBy: 'address' }, 'village', 'district', 'wd-centre'],
    ['nowhere known', { resolvedBy: 'unresolved' }, 'village', 'city', 'city-centre'],
  ];
  it.each(places)('%s, starting at %s → %s committee', (_label, where, from, tier, id) => {
    expect(committeeFrom(committees, from, where)).toMatchObject({ tier, id });
  });

  it('escalates one tier at a time and stops at the city', () => {
    expect(escalationTarget(committees, 'village', village)?.id).toBe('hbw-xinhua-centre');
    expect(escalationTarget(committees, 'town', village)?.id).toBe('hbw-centre');
    expect(escalationTarget(committees, 'district', village)?.id).toBe('city-centre');
    expect(escalationTarget(committees, 'city', village)).toBeUndefined();
  });

  it('reads risks and amounts from a citizen’s words', () => {
    expect(risksInText('他说再不给钱就跟他同归于尽，我们几十个人要去市政府门口')).toEqual(['violence', 'group', 'petition']);
    expect(risksInText('邻居装修噪音扰民')).toEqual([]);
    expect(amountInText('拖欠工资3.5万元，另有借款12000元')).toBe(35_000);
    expect(amountInText('拖欠工资三万多')).toBeUndefined();
  });

  it('a flagged dispute opens higher with a risk alert at once', () => {
    const world = new World();
    const d = world.open({ narrativeText: '对方扬言要砍人' });
    expect(d).toMatchObject({ tier: 'district', riskFlags: ['violence'] });
    expect(d.history.map((h) => h.action)).toEqual(['opened', 'risk-alerted', 'assigned']);
    // A complex dispute at the district centre gets a 三官三师 team: a lawyer and a police officer for violence.
    expect(d.team.map((t) => t.profession).sort()).toEqual(['lawyer', 'police']);
  });

  it('tells a declined party where to go', () => {
    expect(declineGuidance('labour', 'other')).toContain('劳动仲裁');
    expect(declineGuidance('neighbour', 'administrative')).toContain('行政复议');
    expect(declineGuidance('neighbour', 'criminal')).toContain('公安机关');
  });
});

const generalist = (id: string, extra: Partial<MediatorProfile> = {}): MediatorProfile => ({
  id,
  name: id,
  committeeId: 'c',
  tier: 'town',
  profession: 'mediator',
  specialties: ['*'],
  capacity: 1000,
  leave: [],
  active: true,
  relations: [],
  ...extra,
});

describe('assignment', () => {
  it('over 1,000 disputes keeps loads within one of each other at equal specialty', () => {
    const roster = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => generalist(id));
    const loads = new Map<string, number>();
    for (let i = 0; i < 1000; i++) {
      const lead = chooseLead(roster, { type: 'neighbour', parties: [], jurisdiction: village }, { today: '2026-11-26', loads })!;
      loads.set(lead.id, (loads.get(lead.id) ?? 0) + 1);
      const all = roster.map((m) => loads.get(m.id) ?? 0);
      expect(Math.max(...all) - Math.min(...all)).toBeLessThanOrEqual(1);
    }
  });

  it('prefers a specialist, weighs load by capacity, and never picks one on leave, full, inactive or conflicted', () => {
    const dispute = { type: 'labour' as const, parties: [party('P1', 'applicant', 'id-zhang'), party('P2', 'respondent', 'id-li')], jurisdiction: village };
    const today = '2026-11-26';
    const roster = [
      generalist('general'),
      generalist('labour', { specialties: ['labour'] }),
      generalist('labour-on-leave', { specialties: ['labour'], leave: [{ from: '2026-11-20', to: '2026-11-30' }] }),
      generalist('labour-related', { specialties: ['labour'], relations: ['id-li'] }),
      generalist('labour-home', { specialties: ['labour'], homeVillageId: 'hbw-xinhua-1' }),
      generalist('labour-inactive', { specialties: ['labour'], active: false }),
      generalist('labour-small', { specialties: ['dispute-wage'], capacity: 2 }),
    ];
    expect(chooseLead(roster, dispute, { today, loads: new Map() })?.id).toBe('labour');
    expect(chooseLead(roster, { ...dispute, minor: 'dispute-wage' }, { today, loads: new Map([['labour', 1]]) })?.id).toBe('labour-small');
    expect(chooseLead(roster, dispute, { today, loads: new Map([['labour', 1000]]) })?.id).toBe('general');
    expect(chooseLead(roster, dispute, { today, loads: new Map([['labour', 1000], ['general', 1000]]) })).toBeUndefined();
    expect(hasConflict(roster[3]!, dispute)).toBe(true);
    expect(hasConflict(roster[4]!, dispute)).toBe(true);
    expect(hasConflict({ ...roster[4]!, tier: 'village' }, dispute)).toBe(false);
  });

  it('never assigns a conflicted mediator, however the loads fall', () => {
    for (let i = 0; i < 200; i++) {
      const roster = Array.from({ length: 5 }, (_, k) => generalist(`m${k}`, { relations: k === i % 5 ? ['tie'] : [] }));
      const loads = new Map(roster.map((m, k) => [m.id, (i * 7 + k * 3) % 11]));
      const lead = chooseLead(roster, { type: 'other', parties: [party('P1', 'applicant', 'tie')], jurisdiction: village }, { today: '2026-11-26', loads });
      expect(lead?.relations).toEqual([]);
    }
  });

  it('forms a team from free members of each profession wanted', () => {
    const world = new World();
    const d = world.open({ type: 'family', narrativeText: '家暴', riskFlags: ['vulnerable', 'violence'], jurisdiction: { districtId: 'hbw', resolvedBy: 'address' } });
    const team = chooseTeam(world.context().rosters.get('hbw-centre')!, d, settings, { today: '2026-11-26', loads: new Map() });
    expect(team.map((t) => t.profession).sort()).toEqual(['lawyer', 'police', 'psychologist']);
  });
});

describe('repeats: the same parties and matter join the open dispute', () => {
  it('matches the same parties in any order, not different ones', () => {
    const a = matterKeyOf({ ...openingInput(), parties: [party('P1', 'applicant', 'x'), party('P2', 'respondent', 'y')] });
    const b = matterKeyOf({ ...openingInput(), parties: [party('P1', 'applicant', 'y'), party('P2', 'respondent', 'x')] });
    const c = matterKeyOf({ ...openingInput(), parties: [party('P1', 'applicant', 'x'), party('P2', 'respondent', 'z')] });
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(findRepeatOf(a!, 'whatever', [{ disputeId: 'd-0', code: 'C0', text: '' }], 0.25)?.disputeId).toBe('d-0');
  });

  it('for disputes from cases, needs the account to be alike at the same place', () => {
    const key = matterKeyOf({ ...openingInput(), parties: [] })!;
    expect(key).toBe('M#neighbour#hbw-xinhua-1');
    const open = [{ disputeId: 'd-0', code: 'C0', text: '楼上邻居家卫生间漏水到我家，协商多次无果' }];
    expect(findRepeatOf(key, '楼上邻居卫生间漏水到我家，协商无果', open, 0.25)?.disputeId).toBe('d-0');
    expect(findRepeatOf(key, '邻居家的狗半夜叫个不停', open, 0.25)).toBeUndefined();
  });

  it('links a repeat instead of opening it twice', () => {
    const world = new World();
    const linked = world.open({ repeatOf: { disputeId: 'd-0', code: 'WHTJ-20261126-000000' } });
    expect(linked).toMatchObject({ status: 'linked', linkedTo: { code: 'WHTJ-20261126-000000' } });
    expect(world.loads.size).toBe(0);
  });
});
