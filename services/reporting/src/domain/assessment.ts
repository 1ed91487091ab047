import type { AssessmentReport, RegionConfig } from '@govflow/contracts';
import { majorCategories } from '@govflow/contracts';
import type { Counts } from './figures';
import { figuresOf, groupName, rate, type KpiFigures, type Rate } from './kpis';

type Unit = AssessmentReport['departments'][number];

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * 考核: a unit's score is its weighted rates (only those it has cases for, re-weighted to
 * 100) minus points per 通报 notice and per unjustified return. Everything it uses is
 * listed beside it, so anyone can recompute it.
 */
export function assessUnit(region: RegionConfig, unitType: Unit['unitType'], key: string, figures: KpiFigures): Omit<Unit, 'rank'> {
  const settings = region.reporting.assessment;
  const weighted = Object.entries(settings.weights).flatMap(([figure, weight]) => {
    const r = figures[figure as keyof KpiFigures] as Rate;
    return (weight ?? 0) > 0 && r.denominator > 0 ? [{ figure, weight, rate: r }] : [];
  });
  const totalWeight = weighted.reduce((sum, c) => sum + c.weight, 0);
  const components = weighted.map((c) => ({ ...c, points: round2((100 * c.weight * c.rate.numerator) / c.rate.denominator / totalWeight) }));
  const deductions = [
    { reason: 'notice' as const, count: figures.notices, pointsEach: settings.pointsPerNotice, points: round2(figures.notices * settings.pointsPerNotice) },
    { reason: 'unjustified-return' as const, count: figures.unjustifiedReturns, pointsEach: settings.pointsPerUnjustifiedReturn, points: round2(figures.unjustifiedReturns * settings.pointsPerUnjustifiedReturn) },
  ];
  const earned = components.reduce((sum, c) => sum + c.points, 0);
  const lost = deductions.reduce((sum, d) => sum + d.points, 0);
  return {
    unitType,
    key,
    name: groupName(region, unitType === 'town' ? 'town' : 'department', key),
    components,
    deductions,
    score: round2(Math.max(0, earned - lost)),
  };
}

/** Units with something to judge (a rate with a denominator, or a deduction), best first; ties share a rank. */
export function rankUnits(region: RegionConfig, unitType: Unit['unitType'], groups: Map<string, Counts>, excluded: readonly string[]): Unit[] {
  const units = [...groups.entries()]
    .filter(([key]) => !excluded.includes(key))
    .map(([key, counts]) => assessUnit(region, unitType, key, figuresOf(counts)))
    .filter((u) => u.components.length > 0 || u.deductions.some((d) => d.count > 0))
    // Stryker disable next-line EqualityOperator: unit keys are distinct, so no two are equal
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  return units.map((u) => ({ ...u, rank: units.findIndex((v) => v.score === u.score) + 1 }));
}

export function assessment(region: RegionConfig, month: string, byDepartment: Map<string, Counts>, byTown: Map<string, Counts>, generatedAt: string): AssessmentReport {
  const departments = rankUnits(region, 'department', byDepartment, ['none']);
  const towns = rankUnits(region, 'town', byTown, ['unknown']);
  const n = region.reporting.assessment.rankSize;
  const best = (units: Unit[]) => units.slice(0, n).map((u) => u.key);
  const worst = (units: Unit[]) => units.slice(-n).reverse().map((u) => u.key);
  return {
    region: region.id,
    month,
    weights: Object.fromEntries(Object.entries(region.reporting.assessment.weights).filter((e): e is [string, number] => e[1] !== undefined)),
    departments,
    towns,
    rankings: { bestDepartments: best(departments), worstDepartments: worst(departments), bestTowns: best(towns), worstTowns: worst(towns) },
    generatedAt,
  };
}

export interface Topic {
  townId: string;
  townName: string;
  major: string;
  majorName: string;
  received: number;
  satisfactionRate: Rate;
  score: number;
}

/** 每月一题: category × town pairs weighed by volume and dissatisfaction; the heaviest first. */
export function topics(region: RegionConfig, byTopic: Map<string, Counts>, limit = 10): Topic[] {
  return [...byTopic.entries()]
    .map(([key, counts]) => {
      const [townId, major] = key.split('|') as [string, string];
      const satisfaction = rate(counts.satisfied ?? 0, counts.rated ?? 0);
      const received = counts.received ?? 0;
      return {
        townId,
        townName: groupName(region, 'town', townId),
        major,
        majorName: majorCategories.find((m) => m.code === major)?.name ?? major,
        received,
        satisfactionRate: satisfaction,
        score: round2(received * (satisfaction.value === null ? 0.5 : 1 - satisfaction.value)),
      };
    })
    .filter((t) => t.received > 0 && t.townId !== 'unknown')
    .sort((a, b) => b.score - a.score || b.received - a.received)
    .slice(0, limit);
}
