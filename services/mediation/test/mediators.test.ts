import { describe, expect, it } from 'vitest';
import type { Dispute } from '../src/domain/dispute';
import { chooseLead, chooseTeam, hasConflict, needsTeam, onLeave, profileFromRegion, teamProfessions, type MediatorProfile } from '../src/domain/mediators';
import { committees, party, settings, World } from './world';

const profile = (id: string, over: Partial<MediatorProfile> = {}): MediatorProfile => ({
  id,
  name: id,
  committeeId: 'hbw-centre',
  tier: 'district',
  profession: 'mediator',
  specialties: ['*'],
  capacity: 4,
  leave: [],
  active: true,
  relations: [],
  ...over,
});
const dispute = (over: Partial<Dispute> = {}): Dispute => ({ ...structuredClone(new World().open()), tier: 'district', ...over });
const ctx = (loads: Record<string, number> = {}, exclude?: string[]) => ({ today: '2026-11-26', loads: new Map(Object.entries(loads)), exclude });

describe('profiles from the region', () => {
  it('take the committee’s tier, start active with no leave and no ties; an unknown committee counts as the city', () => {
    const m = { id: 'x', name: '某', committeeId: 'hbw-xinhua-centre', profession: 'mediator' as const, specialties: ['*'], capacity: 3 };
    expect(profileFromRegion(m, committees)).toEqual({ id: 'x', name: '某', committeeId: 'hbw-xinhua-centre', tier: 'town', profession: 'mediator', specialties: ['*'], capacity: 3, leave: [], active: true, homeVillageId: undefined, relations: [] });
    expect(profileFromRegion({ ...m, committeeId: 'hbw-centre' }, committees).tier).toBe('district');
    expect(profileFromRegion({ ...m, committeeId: 'nowhere' }, committees).tier).toBe('city');
  });
});

describe('leave and 回避', () => {
  it.each([
    ['2026-11-24', false],
    ['2026-11-25', true],
    ['2026-11-26', true],
    ['2026-11-27', true],
    ['2026-11-28', false],
  ])('on %s on leave: %s (leave 25–27 inclusive)', (today, expected) => {
    expect(onLeave(profile('a', { leave: [{ from: '2026-11-25', to: '2026-11-27' }] }), today)).toBe(expected);
  });

  it('a declared tie or the home village above the village tier', () => {
    const d = dispute({ parties: [party('P1', 'applicant', 'h-1'), party('P2', 'respondent', 'h-2')] });
    expect(hasConflict(profile('a', { relations: ['h-2'] }), d)).toBe(true);
    expect(hasConflict(profile('a', { relations: ['h-9'] }), d)).toBe(false);
    expect(hasConflict(profile('a', { homeVillageId: 'hbw-xinhua-1' }), d)).toBe(true);
    expect(hasConflict(profile('a', { homeVillageId: 'hbw-xinhua-2' }), d)).toBe(false);
    expect(hasConflict(profile('a', { tier: 'village', homeVillageId: 'hbw-xinhua-1' }), d)).toBe(false);
  });
});

describe('chooseLead', () => {
  const d = dispute({ type: 'neighbour' });
  it('a specialist before a generalist, then the lighter load relative to capacity, then the id', () => {
    expect(chooseLead([profile('b'), profile('a', { specialties: ['neighbour'] })], d, ctx())?.id).toBe('a');
    expect(chooseLead([profile('a'), profile('b', { specialties: ['n1'] })], { ...d, minor: 'n1' }, ctx())?.id).toBe('b');
    // 2 of 8 is lighter than 1 of 2.
    expect(chooseLead([profile('a', { capacity: 2 }), profile('b', { capacity: 8 })], d, ctx({ a: 1, b: 2 }))?.id).toBe('b');
    expect(chooseLead([profile('b'), profile('a')], d, ctx())?.id).toBe('a');
    expect(chooseLead([profile('a', { specialties: ['labour'] })], d, ctx())).toBeUndefined();
  });
  it('never one inactive, on leave, full, conflicted, excluded, or not a mediator', () => {
    expect(chooseLead([profile('a', { active: false })], d, ctx())).toBeUndefined();
    expect(chooseLead([profile('a', { leave: [{ from: '2026-11-26', to: '2026-11-26' }] })], d, ctx())).toBeUndefined();
    expect(chooseLead([profile('a', { capacity: 2 })], d, ctx({ a: 2 }))).toBeUndefined();
    expect(chooseLead([profile('a', { capacity: 2 })], d, ctx({ a: 1 }))?.id).toBe('a');
    expect(chooseLead([profile('a', { relations: ['P1'] })], d, ctx())).toBeUndefined();
    expect(chooseLead([profile('a')], d, ctx({}, ['a']))).toBeUndefined();
    expect(chooseLead([profile('a')], d, ctx({}, ['b']))?.id).toBe('a');
    expect(chooseLead([profile('a', { profession: 'lawyer' })], d, ctx())).toBeUndefined();
  });
});

describe('needsTeam: complex disputes at the district or city only', () => {
  const base = { tier: 'district' as const, riskFlags: [], amount: undefined, parties: [party('P1', 'applicant')], type: 'neighbour' as const };
  it.each<[string, Record<string, unknown>, boolean]>([
    ['a plain one', {}, false],
    ['a risk', { riskFlags: ['vulnerable'] }, true],
    ['the district amount exactly', { amount: 500_000 }, true],
    ['just under it', { amount: 499_999 }, false],
    ['the district party count exactly', { parties: Array.from({ length: 10 }, (_, i) => party(`P${i}`, 'applicant')) }, true],
    ['one party fewer', { parties: Array.from({ length: 9 }, (_, i) => party(`P${i}`, 'applicant')) }, false],
    ['medical', { type: 'medical' }, true],
    ['land contract', { type: 'land-contract' }, true],
    ['at the city', { tier: 'city', type: 'medical' }, true],
    ['at the town', { tier: 'town', type: 'medical' }, false],
    ['at the village', { tier: 'village', riskFlags: ['violence'] }, false],
  ])('%s', (_, over, expected) => {
    expect(needsTeam({ ...base, ...over } as never, settings)).toBe(expected);
  });
});

describe('teamProfessions: always a lawyer, the others by the facts', () => {
  const base = { riskFlags: [], amount: undefined, type: 'neighbour', source: 'counter' };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['plain', {}, ['lawyer']],
    ['the town amount exactly', { amount: 100_000 }, ['lawyer', 'judge']],
    ['just under it', { amount: 99_999 }, ['lawyer']],
    ['from a court', { source: 'court-referral' }, ['lawyer', 'judge']],
    ['violence', { riskFlags: ['violence'] }, ['lawyer', 'police']],
    ['a group', { riskFlags: ['group'] }, ['lawyer', 'police']],
    ['petition', { riskFlags: ['petition'] }, ['lawyer', 'prosecutor']],
    ['family', { type: 'family' }, ['lawyer', 'psychologist']],
    ['vulnerable', { riskFlags: ['vulnerable'] }, ['lawyer', 'psychologist']],
    ['medical', { type: 'medical' }, ['lawyer', 'counsellor']],
    ['labour', { type: 'labour' }, ['lawyer', 'counsellor']],
  ])('%s', (_, over, expected) => {
    expect(teamProfessions({ ...base, ...over } as never, settings)).toEqual(expected);
  });
});

describe('chooseTeam', () => {
  it('the least loaded free member of each profession, none when the dispute is simple', () => {
    const roster = [
      profile('lead'),
      profile('law-b', { profession: 'lawyer', capacity: 2 }),
      profile('law-a', { profession: 'lawyer', capacity: 8 }),
      profile('law-c', { profession: 'lawyer', capacity: 8 }),
      profile('cou', { profession: 'counsellor', active: false }),
    ];
    const medical = dispute({ type: 'medical' });
    expect(chooseTeam(roster, medical, settings, ctx({ 'law-b': 1, 'law-a': 2, 'law-c': 2 }))).toEqual([{ id: 'law-a', name: 'law-a', profession: 'lawyer' }]);
    expect(chooseTeam(roster, medical, settings, ctx({ 'law-b': 0, 'law-a': 2, 'law-c': 2 }))).toEqual([{ id: 'law-b', name: 'law-b', profession: 'lawyer' }]);
    expect(chooseTeam(roster, dispute({ type: 'neighbour' }), settings, ctx())).toEqual([]);
    expect(chooseTeam([profile('lead')], medical, settings, ctx())).toEqual([]);
  });
});
