import * as z from 'zod';
import { majorCodes } from './majors';
import { AreaLevel, Channel, MajorCode, MediationTier, RequestKind, requestKinds } from './vocabulary';
import type { disputeTypes } from './disputes';
import { DisputeType, MediatorProfession } from './disputes';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lower-case kebab-case');
const LocalDate = z.iso.date();
/** [lng, lat] pairs, closed or open ring. */
const Polygon = z.array(z.tuple([z.number(), z.number()])).min(3);

export const Area = z.object({
  id: Id,
  name: z.string().min(1),
  level: AreaLevel,
  /** Absent only for the single city area. */
  parentId: Id.optional(),
  /** Other names people use for the place (old names, short names). */
  aliases: z.array(z.string()).default([]),
});
export type Area = z.infer<typeof Area>;

export const Grid = z.object({
  id: Id,
  name: z.string().min(1),
  villageId: Id,
  polygon: Polygon,
  workerName: z.string().optional(),
});
export type Grid = z.infer<typeof Grid>;

/** A road, estate or landmark people name in addresses, pinned to an area or grid. */
export const Place = z.object({
  name: z.string().min(1),
  kind: z.enum(['road', 'estate', 'landmark', 'market', 'school', 'hospital', 'park', 'other']),
  areaId: Id,
  gridId: Id.optional(),
});
export type Place = z.infer<typeof Place>;

export const Department = z.object({
  id: Id,
  name: z.string().min(1),
  /** Functional kind shared across regions, e.g. `housing-bureau` (majors.csv lead_department_kind). */
  kind: z.string().min(1),
  level: z.enum(['city', 'district', 'town']),
  /** The area it serves: the city, a district or a town/street. */
  areaId: Id,
});
export type Department = z.infer<typeof Department>;

const ResolveDays = z.object(
  Object.fromEntries(requestKinds.map((k) => [k, z.number().positive()])) as Record<
    (typeof requestKinds)[number],
    z.ZodNumber
  >,
);

export const MinorCategory = z.object({
  code: Id,
  major: MajorCode,
  name: z.string().min(1),
  description: z.string().min(1),
  /** Words and phrases that signal this category in a citizen's text. */
  keywords: z.array(z.string().min(1)).min(1),
  /** Example requests we wrote in citizens' words: training text for the classifier. */
  examples: z.array(z.string().min(1)).default([]),
  leadDepartmentKind: z.string().min(1),
  coHandlerKinds: z.array(z.string()).default([]),
  /** Which level of the lead department handles it: city bureau, district branch or town office. */
  handlingLevel: z.enum(['city', 'district', 'town']),
  urgency: z.enum(['normal', 'urgent', 'emergency']),
  limits: z.object({
    signHours: z.number().positive(),
    resolveWorkingDays: ResolveDays,
  }),
});
export type MinorCategory = z.infer<typeof MinorCategory>;

export const MediationCommittee = z.object({
  id: Id,
  name: z.string().min(1),
  tier: MediationTier,
  areaId: Id,
});
export type MediationCommittee = z.infer<typeof MediationCommittee>;

export const Mediator = z.object({
  id: Id,
  name: z.string().min(1),
  committeeId: Id,
  /** A people's mediator, or one of the 三官三师 on a district centre's team. */
  profession: MediatorProfession.default('mediator'),
  /** Dispute types or minor category codes (or `*`) this mediator takes. */
  specialties: z.array(z.string()).min(1),
  /** Open mediation cases at once. */
  capacity: z.number().int().positive(),
  /** 回避: above the village tier a mediator does not take disputes from their home village. */
  homeVillageId: Id.optional(),
});
export type Mediator = z.infer<typeof Mediator>;

/** How disputes start, wait and are followed up: region settings with the usual defaults. */
export const MediationSettings = z.object({
  /** Days a tier has before the dispute escalates (人民调解: normally one month). */
  tierTimeLimitDays: z.number().int().positive().default(30),
  /** 司法确认: days after the agreement takes effect to apply, and the reminder before that. */
  judicialWindowDays: z.number().int().positive().default(30),
  judicialReminderDays: z.number().int().positive().default(5),
  /** 回访: days after the agreement takes effect. */
  followUpDays: z.array(z.number().int().positive()).min(1).default([7, 30]),
  /** A queued dispute is retried and reported as backlog this often. */
  queueRetryMinutes: z.number().positive().default(15),
  /** Amount in dispute (yuan) from which a dispute starts at the town or district tier. */
  amountForTown: z.number().positive().default(100_000),
  amountForDistrict: z.number().positive().default(500_000),
  /** Parties from which it is a group dispute starting at the town or district tier. */
  partiesForTown: z.number().int().positive().default(5),
  partiesForDistrict: z.number().int().positive().default(10),
  /** The lowest tier each type starts at (medical and traffic disputes need expertise found higher up). */
  startTierByType: z.partialRecord(DisputeType, MediationTier).default({ medical: 'district', 'traffic-accident': 'town' }),
});
export type MediationSettings = z.infer<typeof MediationSettings>;

/** How a region assesses (考核) its units and when it warns (预警): region settings with the usual defaults. */
export const ReportingSettings = z.object({
  assessment: z
    .object({
      /** Weight of each rate in a unit's score (三率 and 按期办结); only rates the unit has cases for count. */
      weights: z.partialRecord(z.enum(['signedOnTimeRate', 'resolvedOnTimeRate', 'resolutionRate', 'satisfactionRate', 'followUpRate']), z.number().nonnegative()).default({
        signedOnTimeRate: 20,
        resolvedOnTimeRate: 30,
        resolutionRate: 20,
        satisfactionRate: 30,
      }),
      /** Points off per 通报 notice and per unjustified return. */
      pointsPerNotice: z.number().nonnegative().default(2),
      pointsPerUnjustifiedReturn: z.number().nonnegative().default(1),
      /** How many best and worst units the 四类排名 names. */
      rankSize: z.number().int().positive().default(3),
    })
    .default({ weights: { signedOnTimeRate: 20, resolvedOnTimeRate: 30, resolutionRate: 20, satisfactionRate: 30 }, pointsPerNotice: 2, pointsPerUnjustifiedReturn: 1, rankSize: 3 }),
  warnings: z
    .object({
      /** Trailing weeks the volume baseline is taken over (same weekday and hour); fewer than `minBaselineWeeks` and no surge is judged. */
      baselineWeeks: z.number().int().positive().default(8),
      minBaselineWeeks: z.number().int().positive().default(2),
      /** A surge: at least this many times the baseline, at least `surgeMinCount` cases, and less likely than `surgeSignificance` under the baseline (Poisson). */
      surgeRatio: z.number().gt(1).default(1.5),
      surgeMinCount: z.number().int().positive().default(5),
      surgeSignificance: z.number().gt(0).lt(1).default(0.001),
      /** A cluster: this many requests of one minor category in one grid on one day. */
      clusterMinCases: z.number().int().min(2).default(3),
      /** Repeat calls: a matter linked this many repeats. */
      repeatCalls: z.number().int().min(2).default(3),
    })
    .default({ baselineWeeks: 8, minBaselineWeeks: 2, surgeRatio: 1.5, surgeMinCount: 5, surgeSignificance: 0.001, clusterMinCases: 3, repeatCalls: 3 }),
});
export type ReportingSettings = z.infer<typeof ReportingSettings>;

/** Minor categories of the dispute major as dispute types. */
export const disputeTypeOfMinor: Record<string, (typeof disputeTypes)[number]> = {
  'dispute-neighbour': 'neighbour',
  'dispute-family': 'family',
  'dispute-elderly-support': 'family',
  'dispute-inheritance': 'family',
  'dispute-property-fee': 'property-management',
  'dispute-tenancy': 'property-management',
  'dispute-wage': 'labour',
  'dispute-land': 'land-contract',
  'dispute-homestead': 'land-contract',
  'dispute-grassland-boundary': 'land-contract',
  'dispute-expropriation': 'land-contract',
  'dispute-partnership': 'land-contract',
  'dispute-medical': 'medical',
  'dispute-traffic': 'traffic-accident',
  'dispute-consumer': 'consumer',
};

export const Partner = z.object({
  id: Id,
  name: z.string().min(1),
  channels: z.array(Channel).min(1),
  /** Root of the jurisdiction this partner serves (usually the city): it submits only cases located inside it. */
  areaId: Id,
});
export type Partner = z.infer<typeof Partner>;

export const Calendar = z.object({
  /** Working hours in the region's time zone, HH:MM. */
  workStart: z.string().regex(/^\d\d:\d\d$/),
  workEnd: z.string().regex(/^\d\d:\d\d$/),
  /** Statutory holidays that fall on weekdays or weekends. */
  holidays: z.array(LocalDate),
  /** 调休: weekend days that are working days. */
  makeUpWorkdays: z.array(LocalDate),
});
export type Calendar = z.infer<typeof Calendar>;

export const RegionConfig = z
  .object({
    id: Id,
    name: z.string().min(1),
    /** Prefix of human case numbers, e.g. `WH` → `WH-20261123-000042`. */
    caseNumberPrefix: z.string().regex(/^[A-Z]{2,4}$/),
    timeZone: z.string().min(1),
    /** Days after a case or dispute closes until its sealed personal data is erased (ADR 0013). */
    personalDataRetentionDays: z.number().int().min(0).default(1095),
    areas: z.array(Area).min(1),
    grids: z.array(Grid),
    places: z.array(Place).default([]),
    departments: z.array(Department).min(1),
    taxonomy: z.object({
      majors: z.array(z.object({ code: MajorCode, name: z.string().min(1) })),
      minors: z.array(MinorCategory).min(1),
    }),
    mediation: z.object({
      committees: z.array(MediationCommittee).min(1),
      mediators: z.array(Mediator).min(1),
      settings: MediationSettings.default(MediationSettings.parse({})),
    }),
    partners: z.array(Partner).min(1),
    /**
     * Where staff sign in: an OIDC issuer whose tokens carry role and jurisdiction claims. Absent,
     * the region's stack makes a Cognito user pool (where Cognito user pools are offered).
     */
    staffIdentity: z
      .object({
        issuer: z.string().url(),
        /** The `aud` of the issuer's tokens for this system. */
        audience: z.string().min(1),
        /** Default `<issuer>/.well-known/jwks.json`. */
        jwksUrl: z.string().url().optional(),
      })
      .optional(),
    calendar: Calendar,
    reporting: ReportingSettings.default(ReportingSettings.parse({})),
    settings: z
      .object({
        /** Below this classifier confidence a case waits for manual triage. */
        classificationThreshold: z.number().min(0).max(1).default(0.2),
        /** 督办: warn when this share of the time to a deadline is used up. */
        dueSoonFraction: z.number().gt(0).lt(1).default(0.8),
        /** 通报: a public notice when an order is this many working days past its deadline. */
        noticeAfterWorkingDays: z.number().positive().default(5),
        /** 重复件: a request within this many days of an open case about the same matter is linked to it. */
        repeatWindowDays: z.number().positive().default(30),
        /** How alike two descriptions must be (0–1, character-bigram overlap) to be one matter. */
        repeatSimilarity: z.number().gt(0).lte(1).default(0.25),
      })
      .default({ classificationThreshold: 0.2, dueSoonFraction: 0.8, noticeAfterWorkingDays: 5, repeatWindowDays: 30, repeatSimilarity: 0.25 }),
  })
  .superRefine((region, ctx) => {
    const issue = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
    const areaIds = new Map(region.areas.map((a) => [a.id, a]));
    if (areaIds.size !== region.areas.length) issue('area ids must be unique', ['areas']);
    const cities = region.areas.filter((a) => a.level === 'city');
    if (cities.length !== 1) issue('exactly one city area is required', ['areas']);
    const parentLevel: Record<string, string | undefined> = { district: 'city', town: 'district', village: 'town' };
    region.areas.forEach((a, i) => {
      if (a.level === 'city') return;
      const parent = a.parentId ? areaIds.get(a.parentId) : undefined;
      if (!parent || parent.level !== parentLevel[a.level]) {
        issue(`area ${a.id}: parent must be a ${parentLevel[a.level]}`, ['areas', i, 'parentId']);
      }
    });
    const gridIds = new Set<string>();
    region.grids.forEach((g, i) => {
      if (gridIds.has(g.id)) issue(`duplicate grid ${g.id}`, ['grids', i, 'id']);
      gridIds.add(g.id);
      if (areaIds.get(g.villageId)?.level !== 'village') issue(`grid ${g.id}: unknown village`, ['grids', i]);
    });
    region.places.forEach((p, i) => {
      if (!areaIds.has(p.areaId)) issue(`place ${p.name}: unknown area`, ['places', i]);
      if (p.gridId && !gridIds.has(p.gridId)) issue(`place ${p.name}: unknown grid`, ['places', i]);
    });
    const majorsInRegion = region.taxonomy.majors.map((m) => m.code).sort();
    if (JSON.stringify(majorsInRegion) !== JSON.stringify([...majorCodes].sort())) {
      issue('taxonomy must list exactly the 12 fixed major categories', ['taxonomy', 'majors']);
    }
    const departmentKinds = new Set(region.departments.map((d) => d.kind));
    region.departments.forEach((d, i) => {
      if (!areaIds.has(d.areaId)) issue(`department ${d.id}: unknown area`, ['departments', i]);
    });
    const minorCodes = new Set<string>();
    region.taxonomy.minors.forEach((m, i) => {
      if (minorCodes.has(m.code)) issue(`duplicate minor ${m.code}`, ['taxonomy', 'minors', i]);
      minorCodes.add(m.code);
      for (const kind of [m.leadDepartmentKind, ...m.coHandlerKinds]) {
        if (!departmentKinds.has(kind)) issue(`minor ${m.code}: no department of kind ${kind}`, ['taxonomy', 'minors', i]);
      }
    });
    const committeeIds = new Set(region.mediation.committees.map((c) => c.id));
    region.mediation.committees.forEach((c, i) => {
      if (!areaIds.has(c.areaId)) issue(`committee ${c.id}: unknown area`, ['mediation', 'committees', i]);
    });
    region.mediation.mediators.forEach((m, i) => {
      if (!committeeIds.has(m.committeeId)) issue(`mediator ${m.id}: unknown committee`, ['mediation', 'mediators', i]);
    });
    // A partner's figures are read by channel (reporting keeps no per-partner counters), so no two partners share one.
    const channelOwners = new Map<string, string>();
    region.partners.forEach((p, i) => {
      if (!areaIds.has(p.areaId)) issue(`partner ${p.id}: unknown area`, ['partners', i]);
      for (const channel of p.channels) {
        const owner = channelOwners.get(channel);
        if (owner && owner !== p.id) issue(`partner ${p.id}: channel ${channel} is already partner ${owner}'s`, ['partners', i]);
        channelOwners.set(channel, p.id);
      }
    });
  });
export type RegionConfig = z.infer<typeof RegionConfig>;

export { RequestKind };
