import { describe, expect, it } from 'vitest';
import type { Dispute } from '../src/domain/dispute';
import { findRepeatOf, matterKeyOf, textSimilarity } from '../src/domain/matters';
import { amountInText, committeeFrom, declineGuidance, disputeTypeOf, escalationTarget, startingTier } from '../src/domain/placement';
import { closedAt, erasePersonalData, erasureDue } from '../src/domain/retention';
import { committees, party, settings, village, World } from './world';

describe('startingTier names each reason that raised the tier, and only those', () => {
  const facts = { type: 'neighbour' as const, partyCount: 2, riskFlags: [] as never[] };
  it.each<[string, Record<string, unknown>, string, string[]]>([
    ['a plain one', {}, 'village', []],
    ['by type', { type: 'traffic-accident' }, 'town', ['type traffic-accident']],
    ['the district amount exactly', { amount: 500_000 }, 'district', ['amount 500000']],
    ['the town amount exactly', { amount: 100_000 }, 'town', ['amount 100000']],
    ['under the town amount', { amount: 99_999 }, 'village', []],
    ['the district party count', { partyCount: 10 }, 'district', ['10 parties']],
    ['the town party count', { partyCount: 5 }, 'town', ['5 parties']],
    ['one party fewer', { partyCount: 4 }, 'village', []],
    ['violence', { riskFlags: ['violence'] }, 'district', ['risk violence']],
    ['a group', { riskFlags: ['group'] }, 'district', ['risk group']],
    ['vulnerable', { riskFlags: ['vulnerable'] }, 'town', ['risk vulnerable']],
    // A reason that raises nothing further is not named; the higher tier stays.
    ['medical and a town amount', { type: 'medical', amount: 200_000 }, 'district', ['type medical']],
    ['town amount then district parties', { amount: 200_000, partyCount: 12 }, 'district', ['amount 200000', '12 parties']],
    ['two town reasons', { amount: 200_000, riskFlags: ['petition'] }, 'town', ['amount 200000']],
  ])('%s', (_, over, tier, because) => {
    expect(startingTier(settings, { ...facts, ...over } as never)).toEqual({ tier, because });
  });
});

describe('committees', () => {
  it('from a tier at the place, else the nearest above; the city has no area', () => {
    expect(committeeFrom(committees, 'village', village).id).toBe('hbw-xinhua-1-committee');
    expect(committeeFrom(committees, 'town', village).id).toBe('hbw-xinhua-centre');
    expect(committeeFrom(committees, 'city', village).id).toBe('city-centre');
    expect(committeeFrom(committees, 'village', { resolvedBy: 'unresolved' }).id).toBe('city-centre');
    expect(committeeFrom(committees, 'village', { ...village, villageId: 'nowhere' }).id).toBe('hbw-xinhua-centre');
    expect(escalationTarget(committees, 'district', village)?.id).toBe('city-centre');
    expect(escalationTarget(committees, 'city', village)).toBeUndefined();
    expect(() => committeeFrom(committees.filter((c) => c.tier !== 'city'), 'city', village)).toThrow('the region has no city mediation centre');
    // Found by tier and area, wherever they stand in the list.
    const list = [
      { id: 'v', name: 'v', tier: 'village', areaId: 'X' },
      { id: 't', name: 't', tier: 'town', areaId: 'X' },
      { id: 'c', name: 'c', tier: 'city' },
    ] as never[];
    expect(committeeFrom(list, 'town', { villageId: 'X', townId: 'X', resolvedBy: 'grid-id' } as never).id).toBe('t');
    expect(committeeFrom(list, 'city', { villageId: 'X', townId: 'X', resolvedBy: 'grid-id' } as never).id).toBe('c');
  });
});

describe('text and codes', () => {
  it('the dispute type of a minor code, else other', () => {
    expect(disputeTypeOf('dispute-neighbour')).toBe('neighbour');
    expect(disputeTypeOf('dispute-inheritance')).toBe('family');
    expect(disputeTypeOf('no-such-code')).toBe('other');
    expect(disputeTypeOf(undefined)).toBe('other');
  });

  it.each([
    ['欠款12000元', 12000],
    ['3.5万元', 35000],
    ['赔 8 块', 8],
    ['12 万 元', 120000],
    ['先付2000元，再付1.25万块', 12500],
    ['没有金额', undefined],
  ])('amount in %s → %s', (text, expected) => {
    expect(amountInText(text)).toBe(expected);
  });

  it.each([
    ['criminal', 'neighbour', '涉嫌刑事犯罪，不属于人民调解范围，请向公安机关报案。'],
    ['before-court', 'neighbour', '该纠纷已由人民法院受理，请按法院程序处理。'],
    ['administrative', 'neighbour', '属于对行政行为的异议，可依法申请行政复议或提起行政诉讼。'],
    ['labour-arbitration', 'labour', '属于劳动争议，可向劳动人事争议仲裁委员会申请劳动仲裁。'],
    ['not-civil', 'labour', '可向劳动人事争议仲裁委员会申请劳动仲裁，或向人民法院提起诉讼。'],
    ['not-civil', 'neighbour', '可依法向人民法院提起诉讼。'],
    ['other', 'family', '可依法向人民法院提起诉讼。'],
  ] as const)('decline %s of a %s dispute', (reason, type, guidance) => {
    expect(declineGuidance(type, reason)).toBe(guidance);
  });
});

describe('matters (重复)', () => {
  it('registered parties key by type and the parties’ first identities, in any order', () => {
    const a = matterKeyOf({ type: 'neighbour', parties: [party('P1', 'applicant', 'h-a'), party('P2', 'respondent', 'h-b')], jurisdiction: village });
    const b = matterKeyOf({ type: 'neighbour', parties: [party('Q2', 'respondent', 'h-b'), party('Q1', 'applicant', 'h-a')], jurisdiction: village });
    expect(a).toBe(b);
    expect(a).toMatch(/^P#neighbour#[\w-]{43}$/);
    // Joined with a separator: ('ab','c') is not ('a','bc').
    const c = matterKeyOf({ type: 'neighbour', parties: [party('P1', 'applicant', 'ab'), party('P2', 'respondent', 'c')], jurisdiction: village });
    const d = matterKeyOf({ type: 'neighbour', parties: [party('P1', 'applicant', 'a'), party('P2', 'respondent', 'bc')], jurisdiction: village });
    expect(c).not.toBe(d);
    expect(matterKeyOf({ type: 'family', parties: [party('P1', 'applicant', 'h-a'), party('P2', 'respondent', 'h-b')], jurisdiction: village })).not.toBe(a);
    expect(matterKeyOf({ type: 'neighbour', parties: [], jurisdiction: village })).toBe('M#neighbour#hbw-xinhua-1');
    expect(matterKeyOf({ type: 'neighbour', parties: [], jurisdiction: { resolvedBy: 'unresolved' } })).toBeUndefined();
  });

  it('similarity of character bigrams, punctuation and spaces ignored', () => {
    expect(textSimilarity('楼上漏水', '楼上 漏水！')).toBe(1);
    // {楼上,上漏,漏水} and {楼上,上渗,渗水}: 1 shared of 5.
    expect(textSimilarity('楼上漏水', '楼上渗水')).toBe(0.2);
    expect(textSimilarity('漏', '漏')).toBe(0);
    expect(textSimilarity('', '楼上')).toBe(0);
    expect(textSimilarity('楼上', '')).toBe(0);
    expect(textSimilarity('ab', 'ab')).toBe(1);
  });

  it('the most alike account at or above the threshold', () => {
    const open = [
      { disputeId: 'a', code: 'A', text: '楼上渗水' },
      { disputeId: 'b', code: 'B', text: '楼上漏水了' },
      { disputeId: 'c', code: 'C', text: '楼上漏水' },
    ];
    expect(findRepeatOf('M#x', '楼上漏水', open, 0.2)?.disputeId).toBe('c');
    expect(findRepeatOf('M#x', '楼上漏水', [open[0]!], 0.2)?.disputeId).toBe('a');
    expect(findRepeatOf('M#x', '楼上漏水', [open[0]!], 0.21)).toBeUndefined();
    expect(findRepeatOf('P#x', 'anything', open, 0.99)?.disputeId).toBe('a');
  });
});

describe('retention', () => {
  const entry = (at: string, from: Dispute['status'] | undefined, to: Dispute['status']) => ({ at, action: 'x', by: { id: 's', role: 'system' }, from, to });
  it('closedAt: the last step from open to final, not later steps on a closed dispute', () => {
    const history = [entry('t1', undefined, 'queued'), entry('t2', 'queued', 'assigned'), entry('t3', 'agreed', 'closed'), entry('t4', 'closed', 'closed')];
    expect(closedAt({ status: 'closed', history })).toBe('t3');
    expect(closedAt({ status: 'assigned', history })).toBeUndefined();
    // Opened straight into a final status.
    expect(closedAt({ status: 'referred-to-court', history: [entry('t0', undefined, 'referred-to-court'), entry('t5', 'referred-to-court', 'referred-to-court')] })).toBe('t0');
    // Reopened and closed again: the later close.
    expect(closedAt({ status: 'closed', history: [...history, entry('t6', 'closed', 'accepted'), entry('t7', 'agreed', 'closed')] })).toBe('t7');
    expect(closedAt({ status: 'closed', history: [entry('t8', 'closed', 'closed')] })).toBe('t8');
    expect(closedAt({ status: 'closed', history: [] })).toBeUndefined();
  });

  it('erasureDue on the due day, not before, and not again unless closed again after the erasure', () => {
    const d = structuredClone(new World().open({ consentToMediate: false }));
    const ended = closedAt(d)!;
    expect(erasureDue(d, '2027-01-01', '2027-01-01')).toBe(true);
    expect(erasureDue(d, '2027-01-02', '2027-01-01')).toBe(false);
    expect(erasureDue(d, undefined, '2027-01-01')).toBe(false);
    expect(erasureDue({ ...d, personalDataErasedAt: ended }, '2027-01-01', '2027-01-01')).toBe(false);
    expect(erasureDue({ ...d, personalDataErasedAt: '2000-01-01T00:00:00.000Z' }, '2027-01-01', '2027-01-01')).toBe(true);
    expect(erasureDue({ ...d, status: 'assigned' }, '2027-01-01', '2027-01-01')).toBe(false);
  });
});

describe('erasing personal data drops sealed originals only', () => {
  it('keeps the masked form, anything not a sealed pair, and nulls', () => {
    const d = structuredClone(new World().open());
    const odd = {
      pair: { masked: 'm', sealed: 's' },
      maskedOnly: { masked: 'm', extra: 'e' },
      sealedOnly: { sealed: 's', other: 1 },
      nothing: null,
      list: [{ masked: 'a', sealed: 'b' }, 'plain'],
    };
    const erased = erasePersonalData({ ...d, extra: odd } as Dispute, '2027-01-01T00:00:00.000Z') as Dispute & { extra: typeof odd };
    expect(erased.extra).toEqual({ pair: { masked: 'm' }, maskedOnly: { masked: 'm', extra: 'e' }, sealedOnly: { sealed: 's', other: 1 }, nothing: null, list: [{ masked: 'a' }, 'plain'] });
    expect(erased).toMatchObject({ personalDataErasedAt: '2027-01-01T00:00:00.000Z', version: d.version + 1 });
  });
});
