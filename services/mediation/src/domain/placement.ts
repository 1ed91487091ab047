import {
  disputeTypeOfMinor,
  mediationTiers,
  type DeclineReason,
  type DisputeType,
  type Jurisdiction,
  type MediationCommittee,
  type MediationSettings,
  type MediationTier,
  type RiskFlag,
} from '@govflow/contracts';

/** 小事不出村、大事不出镇、矛盾不上交: the tiers from the bottom up. */
export const tierRank = (tier: MediationTier) => mediationTiers.indexOf(tier);
// Stryker disable next-line EqualityOperator: on equal ranks a and b are the same tier, so `>` picks the same
const higher = (a: MediationTier, b: MediationTier) => (tierRank(a) >= tierRank(b) ? a : b);

export interface DisputeFacts {
  type: DisputeType;
  amount?: number;
  partyCount: number;
  riskFlags: readonly RiskFlag[];
}

/**
 * The tier a dispute starts at: the village unless its type, amount, number of parties
 * or risk flags call for more. Violence and group disputes go straight to the district
 * centre (with its 三官三师 team); any other flag to at least the town.
 */
export function startingTier(settings: MediationSettings, facts: DisputeFacts): { tier: MediationTier; because: string[] } {
  let tier: MediationTier = 'village';
  const because: string[] = [];
  const raise = (to: MediationTier, why: string) => {
    if (tierRank(to) > tierRank(tier)) because.push(why);
    tier = higher(tier, to);
  };
  const byType = settings.startTierByType[facts.type];
  if (byType) raise(byType, `type ${facts.type}`);
  if (facts.amount !== undefined && facts.amount >= settings.amountForDistrict) raise('district', `amount ${facts.amount}`);
  else if (facts.amount !== undefined && facts.amount >= settings.amountForTown) raise('town', `amount ${facts.amount}`);
  if (facts.partyCount >= settings.partiesForDistrict) raise('district', `${facts.partyCount} parties`);
  else if (facts.partyCount >= settings.partiesForTown) raise('town', `${facts.partyCount} parties`);
  for (const flag of facts.riskFlags) raise(flag === 'violence' || flag === 'group' ? 'district' : 'town', `risk ${flag}`);
  return { tier, because };
}

/** The area a tier's committee serves for a place; the city needs none. */
function areaFor(tier: MediationTier, where: Jurisdiction): string | undefined {
  return { village: where.villageId, town: where.townId, district: where.districtId, city: undefined }[tier];
}

function committeeAt(committees: readonly MediationCommittee[], tier: MediationTier, where: Jurisdiction): MediationCommittee | undefined {
  if (tier === 'city') return committees.find((c) => c.tier === 'city');
  const area = areaFor(tier, where);
  return area ? committees.find((c) => c.tier === tier && c.areaId === area) : undefined;
}

/** The committee at `from` for the place, else the nearest one above it. */
export function committeeFrom(committees: readonly MediationCommittee[], from: MediationTier, where: Jurisdiction): MediationCommittee {
  for (const tier of mediationTiers.slice(tierRank(from))) {
    const committee = committeeAt(committees, tier, where);
    if (committee) return committee;
  }
  throw new Error('the region has no city mediation centre');
}

/** The next committee up from the current tier; undefined at the top (the city). */
export function escalationTarget(committees: readonly MediationCommittee[], current: MediationTier, where: Jurisdiction): MediationCommittee | undefined {
  const above = mediationTiers[tierRank(current) + 1];
  return above ? committeeFrom(committees, above, where) : undefined;
}

export function disputeTypeOf(minor: string | undefined): DisputeType {
  return (minor && disputeTypeOfMinor[minor]) || 'other';
}

/** Words in a citizen's account that signal a risk; a flag raises an alert and the starting tier. */
const riskWords: Record<RiskFlag, RegExp> = {
  violence: /(杀了|砍人|砍死|打死|弄死|拼命|同归于尽|报复|持刀|动刀|炸了|放火|跳楼|喝农药|寻死)/,
  group: /(集体|群体|几十(个|名|位)?人|上百人|数十人|全村|村民们联名|工友们一起|堵路|围堵)/,
  petition: /(上访|进京|到北京|去省里|越级|信访局门口|市政府门口)/,
  vulnerable: /(残疾|孕妇|未成年|瘫痪|孤寡|重病|精神障碍|留守儿童)/,
};

export function risksInText(text: string): RiskFlag[] {
  return (Object.keys(riskWords) as RiskFlag[]).filter((flag) => riskWords[flag].test(text));
}

/** The amount in dispute written in digits (`3.5万元`, `12000元`); the largest one named. */
export function amountInText(text: string): number | undefined {
  const amounts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(万)?\s*(?:元|块)/g)].map((m) => Number(m[1]) * (m[2] ? 10_000 : 1));
  return amounts.length > 0 ? Math.max(...amounts) : undefined;
}

/**
 * What a declined party is told to do instead (不予受理 with guidance): labour disputes go
 * to arbitration, administrative acts to review, the rest to the courts or the police.
 */
export function declineGuidance(type: DisputeType, reason: DeclineReason): string {
  switch (reason) {
    case 'criminal':
      return '涉嫌刑事犯罪，不属于人民调解范围，请向公安机关报案。';
    case 'before-court':
      return '该纠纷已由人民法院受理，请按法院程序处理。';
    case 'administrative':
      return '属于对行政行为的异议，可依法申请行政复议或提起行政诉讼。';
    case 'labour-arbitration':
      return '属于劳动争议，可向劳动人事争议仲裁委员会申请劳动仲裁。';
    case 'not-civil':
    case 'other':
      return type === 'labour' ? '可向劳动人事争议仲裁委员会申请劳动仲裁，或向人民法院提起诉讼。' : '可依法向人民法院提起诉讼。';
  }
}
