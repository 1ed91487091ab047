import * as z from 'zod';
import { majorCodes } from './majors';

/** Where a request enters the system. */
export const channels = ['hotline-12345', 'mini-program', 'grid-worker-app', 'petition', 'mayor-mailbox', 'web', 'wechat'] as const;
export const Channel = z.enum(channels);
export type Channel = z.infer<typeof Channel>;

/** 咨询 / 求助 / 投诉 / 举报 / 建议 / 纠纷 */
export const requestKinds = ['inquiry', 'help', 'complaint', 'report', 'suggestion', 'dispute'] as const;
export const RequestKind = z.enum(requestKinds);
export type RequestKind = z.infer<typeof RequestKind>;

export const MajorCode = z.enum(majorCodes);
export type MajorCode = z.infer<typeof MajorCode>;

export const areaLevels = ['city', 'district', 'town', 'village'] as const;
export const AreaLevel = z.enum(areaLevels);
export type AreaLevel = z.infer<typeof AreaLevel>;

/** 村/社区 → 镇/街道 → 区/县 → 市: 小事不出村、大事不出镇、矛盾不上交 */
export const mediationTiers = ['village', 'town', 'district', 'city'] as const;
export const MediationTier = z.enum(mediationTiers);
export type MediationTier = z.infer<typeof MediationTier>;

/** The case's progress as the partner sees it, in the order a case normally moves. */
export const caseStatuses = [
  'received',
  'classified',
  'triage',
  'dispatched',
  'mediation-requested',
  'mediation-opened',
  'mediating',
  'mediation-agreed',
  'mediation-declined',
  'referred-to-court',
  'mediation-withdrawn',
  'signed',
  'returned',
  'extension-requested',
  'resolved',
  'verified',
  'closed',
  'linked',
] as const;
export const CaseStatus = z.enum(caseStatuses);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Rank used to keep the most advanced status when events arrive out of order. */
export const caseStatusRank: Record<CaseStatus, number> = {
  received: 0,
  classified: 1,
  triage: 2,
  dispatched: 3,
  'mediation-requested': 3,
  'mediation-opened': 4,
  // A dispute's own states follow its sequence number, like a work order's.
  mediating: 5,
  'mediation-agreed': 5,
  'mediation-declined': 5,
  'referred-to-court': 5,
  'mediation-withdrawn': 5,
  // A work order's own states follow its sequence number, not this rank; they all rank
  // above `dispatched` so a late `workorder.dispatched` never undoes them.
  signed: 5,
  returned: 5,
  'extension-requested': 5,
  resolved: 5,
  verified: 5,
  closed: 5,
  // A repeat (重复件) is handled by the case it was linked to.
  linked: 6,
};

/** A work order's states: 派遣 → 签收 → (延期) → 办结 → 验 → 评, with 退单 and 重办. */
export const workOrderStatuses = ['dispatched', 'signed', 'returned', 'extension-requested', 'resolved', 'verified', 'closed'] as const;
export const WorkOrderStatus = z.enum(workOrderStatuses);
export type WorkOrderStatus = z.infer<typeof WorkOrderStatus>;

export const ratings = ['satisfied', 'basically-satisfied', 'unsatisfied'] as const;
export const Rating = z.enum(ratings);
export type Rating = z.infer<typeof Rating>;

export const GeoPoint = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type GeoPoint = z.infer<typeof GeoPoint>;

/** A place as the reporter gave it: at least one of grid id, point or address text. */
export const Location = z
  .object({
    gridId: z.string().min(1).max(64).optional(),
    point: GeoPoint.optional(),
    address: z.string().min(1).max(500).optional(),
  })
  .strict()
  .refine((l) => l.gridId !== undefined || l.point !== undefined || l.address !== undefined, {
    message: 'location needs a gridId, a point or an address',
  });
export type Location = z.infer<typeof Location>;

/** Where a case was placed in the jurisdiction tree, as far as it could be resolved. */
export const Jurisdiction = z.object({
  gridId: z.string().optional(),
  villageId: z.string().optional(),
  townId: z.string().optional(),
  districtId: z.string().optional(),
  resolvedBy: z.enum(['grid-id', 'point', 'address', 'unresolved']),
});
export type Jurisdiction = z.infer<typeof Jurisdiction>;

export const IsoDateTime = z.iso.datetime({ offset: true });

/** 督办 levels: a warning before the deadline, supervision at it, a notice long after. */
export const supervisionLevels = ['due-soon', 'overdue', 'notice'] as const;
export const SupervisionLevel = z.enum(supervisionLevels);
export type SupervisionLevel = z.infer<typeof SupervisionLevel>;
