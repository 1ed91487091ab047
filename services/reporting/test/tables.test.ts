import { describe, expect, it } from 'vitest';
import type { WarningView } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { assessment, assessUnit, rankUnits, topics } from '../src/domain/assessment';
import { toCsv } from '../src/domain/csv';
import { dailyReport } from '../src/domain/daily-report';
import type { Counts } from '../src/domain/figures';
import { figuresOf, groupName, groupRows, kpiGroups, p90Hours, rate, timeKey, type CounterRow } from '../src/domain/kpis';
import { daysBetween, SummaryTally, type SummaryRow, type SummaryScope } from '../src/domain/summary';
import { assessmentCsv, kpiCsv, topicsCsv, warningsCsv } from '../src/domain/tables';
import { addDays, addHours, daysFrom, isoWeek, localDay, localHour, monthDays } from '../src/domain/time';

/* The reports as people read them: tables, the daily report, the assessment, the legacy summary, region-time buckets. */

const region = loadRegion('wuhai');
const rows = (csv: string) => csv.slice(1).split('\r\n').slice(0, -1).map((line) => line.split(','));

describe('CSV', () => {
  it('opens in spreadsheet programs: a byte-order mark, CRLF lines, quoted cells where needed, empty for nothing', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"'], [1, null], [undefined, 'line\nbreak']])).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n1,\r\n,"line\nbreak"\r\n');
    expect(toCsv(['a'], [['cr\r']])).toBe('\uFEFFa\r\n"cr\r"\r\n');
  });

  it('writes a KPI table with every rate’s numerator and denominator beside it', () => {
    const figures = figuresOf({ received: 5, dispatched: 4, signedOnTime: 3, notices: 2, signed: 2, signMinutes: 150 });
    const csv = rows(kpiCsv([{ key: 'hbw', name: '海勃湾区', ...figures }]));
    expect(csv[0]!.slice(0, 8)).toEqual(['分组编码', '名称', '受理量', '未办结', '超期未办结', '签收及时率', '签收及时率分子', '签收及时率分母']);
    expect(csv[0]).toHaveLength(2 + 7 + 11 * 3);
    expect(csv[0]).toContain('平均签收时长(工作小时)');
    expect(csv[0]).not.toContain('平均签收时长(工作小时)分子');
    expect(csv[1]!.slice(0, 8)).toEqual(['hbw', '海勃湾区', '5', '0', '0', '0.75', '3', '4']);
    expect(csv[1]![csv[0]!.indexOf('平均签收时长(工作小时)')]).toBe('1.25');
    expect(csv[1]![csv[0]!.indexOf('通报次数')]).toBe('2');
    expect(csv[1]![csv[0]!.indexOf('满意率')]).toBe('');
  });

  it('writes warnings and topics', () => {
    const warning = {
      warningId: 'W-1',
      kind: 'surge',
      raisedAt: '2026-11-26T02:00:00.000Z',
      summary: '激增',
      why: { observed: 9, expected: 3, threshold: 8, window: '1h' },
      acknowledged: { by: 'op', at: '2026-11-26T03:00:00.000Z' },
    } as unknown as WarningView;
    const csv = rows(warningsCsv([warning, { ...warning, warningId: 'W-2', acknowledged: undefined }]));
    expect(csv[0]).toEqual(['编号', '类型', '时间', '说明', '观测值', '期望值', '阈值', '窗口', '已确认', '确认人', '确认时间']);
    expect(csv[1]).toEqual(['W-1', 'surge', '2026-11-26T02:00:00.000Z', '激增', '9', '3', '8', '1h', '是', 'op', '2026-11-26T03:00:00.000Z']);
    expect(csv[2]!.slice(8)).toEqual(['否', '', '']);
    const topic = { townId: 't', townName: '镇', major: 'urban', majorName: '城市管理', received: 4, satisfactionRate: rate(1, 2), score: 2 };
    expect(rows(topicsCsv([topic]))[0]).toEqual(['镇街编码', '镇街', '大类编码', '大类', '受理量', '满意率', '满意数', '评价数', '选题得分']);
    expect(rows(topicsCsv([topic]))[1]).toEqual(['t', '镇', 'urban', '城市管理', '4', '0.5', '1', '2', '2']);
  });
});

describe('the assessment (考核)', () => {
  // Weights: signed on time 20, resolved on time 30, resolution 20, satisfaction 30; 2 points a notice, 1 an unjustified return.
  const a: Counts = { dispatched: 4, signedOnTime: 3, due: 2, resolvedOnTime: 1, notices: 2, unjustifiedReturns: 1 };
  const b: Counts = { dispatched: 2, signedOnTime: 2 };
  const c: Counts = { notices: 1 };

  it('weighs only the rates a unit has cases for, re-weighted to 100, less its deductions, and never below 0', () => {
    const unit = assessUnit(region, 'department', 'dept-a', figuresOf(a));
    expect(unit.components).toEqual([
      { figure: 'signedOnTimeRate', weight: 20, rate: rate(3, 4), points: 30 },
      { figure: 'resolvedOnTimeRate', weight: 30, rate: rate(1, 2), points: 30 },
    ]);
    expect(unit.deductions).toEqual([
      { reason: 'notice', count: 2, pointsEach: 2, points: 4 },
      { reason: 'unjustified-return', count: 1, pointsEach: 1, points: 1 },
    ]);
    expect(unit.score).toBe(55);
    expect(assessUnit(region, 'department', 'dept-c', figuresOf(c)).score).toBe(0);
    expect(assessUnit(region, 'town', 'hbw-xinhua', figuresOf(b))).toMatchObject({ unitType: 'town', name: groupName(region, 'town', 'hbw-xinhua'), score: 100 });
    // Rounded to cents: 1 of 3 on time is 33.33 points.
    expect(assessUnit(region, 'department', 'd', figuresOf({ dispatched: 3, signedOnTime: 1 })).score).toBe(33.33);
  });

  it('ranks units with something to judge, best first, ties sharing a rank, and leaves out the excluded', () => {
    const groups = new Map<string, Counts>([
      ['dept-c', c],
      ['dept-a', a],
      ['dept-e', a],
      ['dept-b', b],
      ['dept-empty', {}],
      ['none', b],
    ]);
    const ranked = rankUnits(region, 'department', groups, ['none']);
    expect(ranked.map((u) => [u.key, u.rank, u.score])).toEqual([
      ['dept-b', 1, 100],
      ['dept-a', 2, 55],
      ['dept-e', 2, 55],
      ['dept-c', 4, 0],
    ]);
  });

  it('names the best and the worst three of departments and towns, and lists the weights it used', () => {
    const byDepartment = new Map<string, Counts>([
      ['d1', { dispatched: 1, signedOnTime: 1 }],
      ['d2', { dispatched: 2, signedOnTime: 1 }],
      ['d3', { dispatched: 4, signedOnTime: 1 }],
      ['d4', { dispatched: 5, signedOnTime: 0 }],
      ['none', { dispatched: 1, signedOnTime: 1 }],
    ]);
    const byTown = new Map<string, Counts>([
      ['unknown', { dispatched: 1, signedOnTime: 1 }],
      ['t1', { dispatched: 1, signedOnTime: 1 }],
    ]);
    const report = assessment(region, '2026-11', byDepartment, byTown, '2026-12-01T00:00:00.000Z');
    expect(report).toMatchObject({ region: 'wuhai', month: '2026-11', generatedAt: '2026-12-01T00:00:00.000Z' });
    expect(report.weights).toEqual({ signedOnTimeRate: 20, resolvedOnTimeRate: 30, resolutionRate: 20, satisfactionRate: 30 });
    expect(report.rankings).toEqual({ bestDepartments: ['d1', 'd2', 'd3'], worstDepartments: ['d4', 'd3', 'd2'], bestTowns: ['t1'], worstTowns: ['t1'] });
    expect(report.towns.map((t) => t.key)).toEqual(['t1']);

    const csv = rows(assessmentCsv(report));
    expect(csv[0]!.slice(0, 8)).toEqual(['类别', '排名', '编码', '名称', '得分', 'signedOnTimeRate权重', 'signedOnTimeRate比率', 'signedOnTimeRate得分']);
    expect(csv[0]!.slice(-4)).toEqual(['通报次数', '通报扣分', '不当退单', '退单扣分']);
    expect(csv[1]!.slice(0, 8)).toEqual(['部门', '1', 'd1', 'd1', '100', '20', '1', '100']);
    expect(csv[1]!.slice(8, 11)).toEqual(['30', '', '']);
    expect(csv.at(-1)!.slice(0, 3)).toEqual(['镇街', '1', 't1']);
  });

  it('leaves out a figure weighted 0 or not weighted, and charges each deduction at its own rate', () => {
    const settings = region.reporting.assessment;
    const custom = { ...region, reporting: { ...region.reporting, assessment: { ...settings, weights: { signedOnTimeRate: 0, resolvedOnTimeRate: 50, resolutionRate: undefined }, pointsPerUnjustifiedReturn: 3 } } };
    const unit = assessUnit(custom, 'department', 'hbw-city-management-bureau', figuresOf({ ...a, closed: 1, resolvedVerified: 1 }));
    expect(unit.name).toBe('海勃湾区城市管理综合执法局');
    expect(unit.components.map((c) => c.figure)).toEqual(['resolvedOnTimeRate']);
    expect(unit.deductions[1]).toEqual({ reason: 'unjustified-return', count: 1, pointsEach: 3, points: 3 });
    expect(unit.score).toBe(43); // 50 points less 4 for two notices and 3 for one unjustified return
    const report = assessment(custom, '2026-11', new Map([['d1', a]]), new Map([['hbw-xinhua', a]]), 'now');
    expect(report.weights).toStrictEqual({ signedOnTimeRate: 0, resolvedOnTimeRate: 50 });
    expect(report.towns[0]).toMatchObject({ unitType: 'town', name: '新华街道' });
    const csv = rows(assessmentCsv(report));
    expect(csv[1]!.slice(-4)).toEqual(['2', '4', '1', '3']);
    expect(csv[2]![0]).toBe('镇街');
  });

  it('orders units of one score by key, whatever order they came in', () => {
    const groups = new Map<string, Counts>([['dept-z', b], ['dept-e', b], ['dept-a', b], ['dept-m', b]]);
    expect(rankUnits(region, 'department', groups, []).map((u) => [u.key, u.rank])).toEqual([['dept-a', 1], ['dept-e', 1], ['dept-m', 1], ['dept-z', 1]]);
  });

  it('picks the month’s topics (每月一题) by volume and dissatisfaction, unrated counting half', () => {
    const byTopic = new Map<string, Counts>([
      ['hbw-xinhua|urban', { received: 10, satisfied: 2, rated: 4 }],
      ['hbw-xinhua|traffic', { received: 4 }],
      ['hbw-qianlishan|urban', { received: 6, satisfied: 0, rated: 3 }],
      ['unknown|urban', { received: 50 }],
      ['hbw-xinhua|health', { received: 0, rated: 1 }],
    ]);
    const all = topics(region, byTopic);
    expect(all.map((t) => [t.townId, t.major, t.score])).toEqual([
      ['hbw-qianlishan', 'urban', 6],
      ['hbw-xinhua', 'urban', 5],
      ['hbw-xinhua', 'traffic', 2],
    ]);
    expect(all[1]).toMatchObject({ townName: groupName(region, 'town', 'hbw-xinhua'), majorName: groupName(region, 'major', 'urban'), received: 10, satisfactionRate: rate(2, 4) });
    expect(topics(region, byTopic, 1)).toHaveLength(1);
    // Equal scores: the larger volume first.
    const tie = topics(region, new Map<string, Counts>([['a|urban', { received: 2, satisfied: 0, rated: 1 }], ['b|urban', { received: 4 }]]));
    expect(tie.map((t) => t.townId)).toEqual(['b', 'a']);
  });
});

describe('KPI figures', () => {
  it('round rates to four places and have none without a denominator', () => {
    expect(rate(1, 3)).toEqual({ value: 0.3333, numerator: 1, denominator: 3 });
    expect(rate(2, 3).value).toBe(0.6667);
    expect(rate(0, 0)).toEqual({ value: null, numerator: 0, denominator: 0 });
  });

  it('name groups as people know them, and time groups in Chinese', () => {
    expect(groupName(region, 'channel', 'hotline-12345')).toBe('12345热线');
    expect(groupName(region, 'channel', 'unknown')).toBe('未知渠道（含直接登记的纠纷）');
    expect(groupName(region, 'district', 'unknown')).toBe('未明确');
    expect(groupName(region, 'kind', 'complaint')).toBe('投诉');
    expect(groupName(region, 'kind', 'other')).toBe('other');
    expect(groupName(region, 'week', '2026-W08')).toBe('2026年第8周');
    expect(groupName(region, 'month', '2026-03')).toBe('2026年3月');
    expect(groupName(region, 'day', '2026-03-01')).toBe('2026-03-01');
    expect(groupName(region, 'department', 'nowhere')).toBe('nowhere');
    expect(groupName(region, 'grid', 'nowhere')).toBe('nowhere');
    expect(groupName(region, 'minor', 'urban-streetlight')).not.toBe('urban-streetlight');
    expect(timeKey('day', '2026-11-26')).toBe('2026-11-26');
    expect(timeKey('week', '2026-11-26')).toBe('2026-W48');
    expect(timeKey('month', '2026-11-26')).toBe('2026-11');
  });

  it('sum counter rows by value or by the week or month of their day, leaving out groups that are all zeros', () => {
    const counterRows: CounterRow[] = [
      { value: 'a', day: '2026-11-02', counts: { received: 1 } },
      { value: 'b', day: '2026-11-03', counts: { received: 2 } },
      { value: 'a', day: '2026-12-01', counts: { received: 4, open: 1 } },
      { value: 'c', day: '2026-12-01', counts: { received: 0 } },
    ];
    expect([...groupRows(counterRows, 'month')]).toEqual([
      ['2026-11', { received: 3 }],
      ['2026-12', { received: 4, open: 1 }],
    ]);
    const { groups, total } = kpiGroups(region, counterRows, 'district');
    expect(groups.map((g) => [g.key, g.received])).toEqual([
      ['a', 5],
      ['b', 2],
    ]);
    expect(total.received).toBe(7);
  });

  it('give the 90th-percentile resolution time as the first histogram bound holding 90% of closed cases', () => {
    expect(p90Hours({})).toBeNull();
  });
});

describe('the daily report (日报)', () => {
  const total = figuresOf({ received: 12, repeats: 2, open: 5, overdue: 1, dispatched: 4, signedOnTime: 3, signed: 4, signMinutes: 480, agreements: 2, concluded: 4 });
  const input = {
    regionName: '乌海市',
    day: '2026-11-26',
    total,
    byDistrict: [{ key: 'hbw', name: '海勃湾区', ...figuresOf({ received: 7, open: 3, overdue: 1 }) }],
    overdueUnits: [
      { name: '城管局', overdue: 3, notices: 1 },
      { name: '水务', overdue: 1, notices: 0 },
    ],
    warnings: ['新华街道路灯诉求激增'],
    generatedAt: '2026-11-27T00:20:00.000Z',
  };

  it('states volume, rates with their counts, overdue units and warnings, numbered', () => {
    const text = dailyReport(input);
    expect(text.startsWith('# 乌海市社会治理日报（2026-11-26）\n')).toBe(true);
    expect(text).toContain('当日受理诉求 12 件，其中重复诉求 2 件；截至发布时仍未办结 5 件，超期 1 件。');
    expect(text).toContain('| 海勃湾区 | 7 | 3 | 1 |');
    expect(text).toContain('- 签收及时率：75.0%（3/4）');
    expect(text).toContain('- 满意率：—');
    expect(text).toContain('- 平均签收时长：2 工作小时');
    expect(text).toContain('1. 城管局：超期 3 件，当日通报 1 次\n2. 水务：超期 1 件，当日通报 0 次');
    expect(text).toContain('1. 新华街道路灯诉求激增');
    expect(text).toContain('- 调解成功率：50.0%（2/4）');
    expect(text).toContain('（生成时间：2026-11-27T00:20:00.000Z；');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('reads, line for line, as the centre publishes it', () => {
    const full = figuresOf({
      ...{ received: 12, repeats: 2, open: 5, overdue: 1, dispatched: 4, signedOnTime: 3, signed: 4, signMinutes: 480, agreements: 2, concluded: 4 },
      ...{ due: 8, resolvedOnTime: 6, closed: 5, resolvedVerified: 4, rated: 2, satisfied: 1, returned: 1, settledAtOrBelowTown: 1, judicialConfirmed: 1 },
    });
    expect(dailyReport({ ...input, total: full, warnings: ['新华街道路灯诉求激增', '迎宾社区出现聚集'] }).split('\n')).toEqual([
      '# 乌海市社会治理日报（2026-11-26）',
      '',
      '## 一、受理情况',
      '当日受理诉求 12 件，其中重复诉求 2 件；截至发布时仍未办结 5 件，超期 1 件。',
      '',
      '| 区县 | 受理 | 未办结 | 超期 |',
      '|---|---|---|---|',
      '| 海勃湾区 | 7 | 3 | 1 |',
      '',
      '## 二、办理质效',
      '- 签收及时率：75.0%（3/4）',
      '- 按期办结率：75.0%（6/8）',
      '- 解决率：80.0%（4/5）',
      '- 满意率：50.0%（1/2）',
      '- 退单率：25.0%（1/4）',
      '- 平均签收时长：2 工作小时',
      '',
      '## 三、超期单位',
      '1. 城管局：超期 3 件，当日通报 1 次',
      '2. 水务：超期 1 件，当日通报 0 次',
      '',
      '## 四、新增预警',
      '1. 新华街道路灯诉求激增',
      '2. 迎宾社区出现聚集',
      '',
      '## 五、矛盾纠纷调解',
      '- 调解成功率：50.0%（2/4）',
      '- 矛盾不上交率（村、镇两级化解）：50.0%（1/2）',
      '- 司法确认率：50.0%（1/2）',
      '',
      '（生成时间：2026-11-27T00:20:00.000Z；口径见 /v1/openapi.json 中 KpiReport 各指标说明。）',
      '',
    ]);
  });

  it('says so when nothing is overdue and nothing was raised', () => {
    const text = dailyReport({ ...input, total: figuresOf({}), overdueUnits: [], warnings: [] });
    expect(text).toContain('无超期单位。');
    expect(text).toContain('当日无新增预警。');
    expect(text).toContain('- 平均签收时长：—');
  });
});

describe('the legacy summary', () => {
  const row = (over: Partial<SummaryRow>): SummaryRow => ({ partnerId: 'p1', status: 'received', receivedAt: '2026-11-26T02:00:00.000Z', ...over });
  const scope = { region: 'wuhai', from: '2026-11-26T00:00:00.000Z', to: '2026-11-26T23:59:59.999Z', generatedAt: 'now' };
  const cases = [
    row({ major: 'urban', districtId: 'hbw', departmentId: 'd1', channel: 'web', supervision: 'overdue' }),
    row({ status: 'closed', major: 'urban', departmentId: 'none' }),
    row({ partnerId: 'p2', departmentId: 'd1' }),
    row({ receivedAt: '2026-11-25T23:59:59.999Z' }),
    row({ receivedAt: '2026-11-27T00:00:00.000Z' }),
    row({ receivedAt: scope.from }),
    row({ receivedAt: scope.to }),
  ];

  const summarize = (rows: SummaryRow[], asked: SummaryScope) => {
    const counted = new SummaryTally(asked);
    counted.add(rows);
    return counted.result();
  };

  it('counts the cases in the range by status and dimension, unknown where a case has no value', () => {
    const summary = summarize(cases, scope);
    expect(summary).toMatchObject({ region: 'wuhai', from: scope.from, to: scope.to, generatedAt: 'now', total: 5 });
    expect(summary.byStatus).toEqual({ received: 4, closed: 1 });
    expect(summary.byMajor).toEqual({ urban: 2, unknown: 3 });
    expect(summary.byDistrict).toEqual({ hbw: 1, unknown: 4 });
    expect(summary.byDepartment).toEqual({ d1: 2 });
    expect(summary.byChannel).toEqual({ web: 1, unknown: 4 });
    expect(summary.bySupervision).toEqual({ overdue: 1 });
  });

  it('counts page by page as it would all at once', () => {
    const counted = new SummaryTally(scope);
    for (const page of [cases.slice(0, 2), [], cases.slice(2, 5), cases.slice(5)]) counted.add(page);
    expect(counted.result()).toEqual(summarize(cases, scope));
  });

  it('keeps to a partner’s or a department’s own cases when asked', () => {
    expect(summarize(cases, { ...scope, partnerId: 'p2' }).total).toBe(1);
    expect(summarize(cases, { ...scope, departmentId: 'd1' }).total).toBe(2);
  });

  it('lists the UTC days a range touches', () => {
    expect(daysBetween(new Date('2026-11-26T23:00:00Z'), new Date('2026-11-28T01:00:00Z'))).toEqual(['2026-11-26', '2026-11-27', '2026-11-28']);
    expect(daysBetween(new Date('2026-11-26T23:00:00Z'), new Date('2026-11-26T23:30:00Z'))).toEqual(['2026-11-26']);
    expect(daysBetween(new Date('2026-11-26T00:00:00Z'), new Date('2026-11-27T00:00:00Z'))).toEqual(['2026-11-26', '2026-11-27']);
  });
});

describe('region time', () => {
  it('buckets an instant by the region’s hour and day, half-hour zones included', () => {
    expect(localHour('2026-11-26T15:59:59Z', 'Asia/Shanghai')).toBe('2026-11-26T23');
    expect(localHour(new Date('2026-11-26T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-11-27T00');
    expect(localDay('2026-11-26T16:00:00Z', 'Asia/Shanghai')).toBe('2026-11-27');
    expect(localHour('2026-11-26T18:29:59Z', 'Asia/Kolkata')).toBe('2026-11-26T23');
    expect(localHour('2026-11-26T18:30:00Z', 'Asia/Kolkata')).toBe('2026-11-27T00');
    expect(localHour('2026-07-01T03:59:00Z', 'America/New_York')).toBe('2026-06-30T23');
    expect(localHour('2026-12-01T04:59:00Z', 'America/New_York')).toBe('2026-11-30T23');
  });

  it('steps days and hours across months and years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addHours('2026-12-31T23', 2)).toBe('2027-01-01T01');
    expect(addHours('2026-12-31T01', -2)).toBe('2026-12-30T23');
    expect(daysFrom('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysFrom('2026-12-30', '2026-12-30')).toEqual(['2026-12-30']);
    expect(daysFrom('2026-12-31', '2026-12-30')).toEqual([]);
  });

  it('names ISO weeks, Monday first, the year’s edges belonging to the week’s Thursday', () => {
    expect(isoWeek('2026-11-26')).toBe('2026-W48');
    expect(isoWeek('2026-11-23')).toBe('2026-W48');
    expect(isoWeek('2026-11-29')).toBe('2026-W48');
    expect(isoWeek('2026-11-30')).toBe('2026-W49');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2024-12-30')).toBe('2025-W01');
    expect(isoWeek('2026-03-02')).toBe('2026-W10');
  });

  it('gives a month’s first and last day', () => {
    expect(monthDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
