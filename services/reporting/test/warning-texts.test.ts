import { describe, expect, it } from 'vitest';
import { majorCategories, type AnyEvent, type WarningFields } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import type { CaseRecord } from '../src/domain/case-record';
import { clusterWarning, describeWarning, surgeWarning, warningId, warningsFromEvent } from '../src/domain/warnings';

/* Warnings as filed and as read: their subjects, their numbers, their one Chinese sentence. */

const region = loadRegion('wuhai');
const at = '2026-11-26T16:30:00.000Z'; // 00:30 on 27 November in Beijing

describe('warnings raised by an event', () => {
  const record = (flags: string[][], extra: Partial<CaseRecord> = {}) =>
    ({ caseId: 'c1', disputeId: 'D-1', place: { value: { gridId: 'hbw-xinhua-1-g1', villageId: 'hbw-xinhua-1', townId: 'hbw-xinhua', districtId: 'hbw' } }, disputeSteps: flags.map((riskFlags) => ({ riskFlags })), ...extra }) as unknown as CaseRecord;
  const step = { type: 'mediation.risk-alerted', occurredAt: at } as unknown as AnyEvent;

  it('flag each risk a dispute newly carries, once, filed under the region’s day', () => {
    const warnings = warningsFromEvent(record([['violence']]), record([['violence'], ['group', 'petition']]), step, region);
    expect(warnings.map((w) => w.why.note)).toEqual(['group', 'petition']);
    expect(warnings[0]).toEqual({
      warningId: warningId('dispute-risk', '2026-11-27', 'c1|group'),
      kind: 'dispute-risk',
      raisedAt: at,
      subject: { caseId: 'c1', disputeId: 'D-1', areaId: 'hbw-xinhua-1', gridId: 'hbw-xinhua-1-g1' },
      why: { observed: 1, expected: 0, threshold: 1, window: 'dispute', note: 'group' },
    });
    expect(warnings[0]!.warningId.startsWith('20261127-risk-')).toBe(true);
    expect(warningsFromEvent(undefined, record([['violence']], { disputeId: undefined, place: { value: { townId: 'hbw-xinhua' } } } as never), step, region)[0]!.subject).toEqual({ caseId: 'c1', areaId: 'hbw-xinhua' });
    expect(warningsFromEvent(undefined, record([['violence']], { place: undefined } as never), step, region)[0]!.subject).toEqual({ caseId: 'c1', disputeId: 'D-1' });
    expect(warningsFromEvent(undefined, record([['violence']], { place: { value: { districtId: 'hbw' } } } as never), step, region)[0]!.subject).toMatchObject({ areaId: 'hbw' });
    expect(warningsFromEvent(record([['violence']]), record([['violence']]), step, region)).toEqual([]);
  });

  it('flag a matter called in for the third time, and only then', () => {
    const repeat = (repeatCount: number) =>
      ({ type: 'case.linked-as-repeat', occurredAt: at, payload: { originalCaseId: 'c0', originalCaseNumber: 'WH-20261120-000001', repeatCount, major: 'urban', minor: 'urban-streetlight' } }) as unknown as AnyEvent;
    const after = record([]);
    expect(warningsFromEvent(after, after, repeat(2), region)).toEqual([]);
    expect(warningsFromEvent(after, after, repeat(4), region)).toEqual([]);
    expect(warningsFromEvent(after, after, repeat(3), region)).toEqual([
      {
        warningId: warningId('repeat-calls', '2026-11-27', 'c0'),
        kind: 'repeat-calls',
        raisedAt: at,
        subject: { caseId: 'c0', major: 'urban', minor: 'urban-streetlight', areaId: 'hbw-xinhua-1', gridId: 'hbw-xinhua-1-g1' },
        why: { observed: 3, expected: 0, threshold: 3, window: 'open matter', note: 'WH-20261120-000001' },
      },
    ]);
  });
});

describe('warnings from the sweeps', () => {
  it('file a surge per area cell and region day, with its window in hours', () => {
    const w = surgeWarning('hbw-xinhua|urban', { hours: 2, observed: 12, expected: 3.5, threshold: 9 }, new Date(at), region.timeZone);
    expect(w).toEqual({
      warningId: warningId('volume-surge', '2026-11-27', 'hbw-xinhua|urban|2026-11-27'),
      kind: 'volume-surge',
      raisedAt: at,
      subject: { areaId: 'hbw-xinhua', major: 'urban' },
      why: { observed: 12, expected: 3.5, threshold: 9, window: '2小时', note: 'baseline: same weekday and hours, trailing weeks' },
    });
    expect(surgeWarning('hbw|*', { hours: 1, observed: 6, expected: 1, threshold: 5 }, new Date(at), region.timeZone).subject).toEqual({ areaId: 'hbw' });
  });

  it('file a cluster per grid, minor category and day', () => {
    expect(clusterWarning('hbw-xinhua-1-g1|urban-streetlight', '2026-11-27', 4, 3, new Date(at))).toEqual({
      warningId: warningId('cluster', '2026-11-27', 'hbw-xinhua-1-g1|urban-streetlight|2026-11-27'),
      kind: 'cluster',
      raisedAt: at,
      subject: { gridId: 'hbw-xinhua-1-g1', minor: 'urban-streetlight' },
      why: { observed: 4, expected: 0, threshold: 3, window: '2026-11-27', note: 'same minor category, same grid, same day' },
    });
  });
});

describe('a warning in one sentence', () => {
  const warning = (kind: WarningFields['kind'], subject: WarningFields['subject'], why: Partial<WarningFields['why']> = {}): WarningFields => ({
    warningId: 'w',
    kind,
    raisedAt: at,
    subject,
    why: { observed: 12, expected: 3.5, threshold: 9, window: '2小时', note: '', ...why },
  });

  it('names the area, grid and category people know', () => {
    expect(describeWarning(region, warning('volume-surge', { areaId: 'hbw-xinhua', major: 'urban' }))).toBe(`新华街道${describeMajor('urban')}诉求激增：2小时内12件，同期基线3.5件，预警阈值9件。`);
    expect(describeWarning(region, warning('volume-surge', {}))).toBe('未明确区域各类诉求激增：2小时内12件，同期基线3.5件，预警阈值9件。');
    expect(describeWarning(region, warning('volume-surge', { areaId: 'elsewhere', major: 'other-major' as never }))).toBe('elsewhereother-major诉求激增：2小时内12件，同期基线3.5件，预警阈值9件。');
    expect(describeWarning(region, warning('cluster', { gridId: 'hbw-xinhua-1-g1', minor: 'urban-streetlight' }, { observed: 4, threshold: 3 }))).toBe(`迎宾社区第1网格当日${minorName('urban-streetlight')}诉求聚集：4件（阈值3件）。`);
    expect(describeWarning(region, warning('cluster', { areaId: 'hbw', gridId: 'nowhere', minor: 'nothing' }, { observed: 4, threshold: 3 }))).toBe('nowhere当日nothing诉求聚集：4件（阈值3件）。');
    expect(describeWarning(region, warning('cluster', { areaId: 'hbw', major: 'urban' }, { observed: 4, threshold: 3 }))).toBe(`海勃湾区当日${describeMajor('urban')}诉求聚集：4件（阈值3件）。`);
    expect(describeWarning(region, warning('dispute-risk', { areaId: 'hbw' }, { note: 'violence' }))).toBe('海勃湾区矛盾纠纷出现风险标记：有暴力倾向。');
    expect(describeWarning(region, warning('dispute-risk', { areaId: 'hbw' }, { note: 'group' }))).toBe('海勃湾区矛盾纠纷出现风险标记：群体性。');
    expect(describeWarning(region, warning('dispute-risk', { areaId: 'hbw' }, { note: 'petition' }))).toBe('海勃湾区矛盾纠纷出现风险标记：扬言越级上访。');
    expect(describeWarning(region, warning('dispute-risk', { areaId: 'hbw' }, { note: 'vulnerable' }))).toBe('海勃湾区矛盾纠纷出现风险标记：涉及弱势群体。');
    expect(describeWarning(region, warning('dispute-risk', {}, { note: 'new-flag' }))).toBe('未明确区域矛盾纠纷出现风险标记：new-flag。');
    expect(describeWarning(region, warning('repeat-calls', { areaId: 'hbw' }, { observed: 3, threshold: 3, note: 'WH-20261120-000001' }))).toBe('同一事项（WH-20261120-000001）重复来电3次（阈值3次），海勃湾区。');
  });
});

function describeMajor(code: string): string {
  return majorCategories.find((m) => m.code === code)!.name;
}
function minorName(code: string): string {
  return region.taxonomy.minors.find((m) => m.code === code)!.name;
}
