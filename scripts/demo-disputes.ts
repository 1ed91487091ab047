/**
 * The dispute half of `npm run demo`: whole lives of disputes at the one-door centres,
 * from the disputes the demo's citizens reported and more registered at centre counters.
 * Most settle at the village or town, some go up, one goes to court; it prints where each
 * ended and the share settled at each tier (小事不出村、大事不出镇、矛盾不上交).
 */
import type { MediationTier } from '@govflow/contracts';
import { clientsFor, type Schemas } from './api-client';
import { waitFor, type LocalInfo } from './local-client';
import { progress } from './progress';
import { formatTable } from './table';

type DisputeView = Schemas['Dispute'];
type DisputeAction = Schemas['DisputeAction'];

type Path = 'village' | 'town' | 'district' | 'court' | 'withdrawn';

const counterDisputes: { title: string; narrative: string; type: string; grid: string; amount?: number; path: Path }[] = [
  { title: '宠物狗扰民', narrative: '邻居家的狗每天半夜叫，说了几次也不管，影响休息。', type: 'neighbour', grid: 'hbw-xinhua-1-g1', path: 'village' },
  { title: '楼道堆放杂物', narrative: '对门在公共楼道里堆了很多纸箱子，有消防隐患，协商不成。', type: 'neighbour', grid: 'hbw-xinhua-2-g1', path: 'village' },
  { title: '物业费纠纷', narrative: '物业公司服务不到位，业主拒交物业费，物业要起诉。', type: 'property-management', grid: 'hbw-binhe-1-g1', path: 'village' },
  { title: '赡养老人纠纷', narrative: '三个子女对老母亲的赡养费分担有分歧，老人生活困难。', type: 'family', grid: 'wd-sandaokan-1-g1', path: 'village' },
  { title: '宅基地界线', narrative: '两家宅基地之间的围墙位置有争议，已经吵了好几次。', type: 'land-contract', grid: 'hn-lasengmiao-1-g1', path: 'town' },
  { title: '装修损坏楼下', narrative: '楼上装修砸坏了楼下的管道，造成损失约8000元，双方就赔偿金额争执不下。', type: 'neighbour', grid: 'hbw-haibei-1-g1', amount: 8000, path: 'village' },
  { title: '网购退货纠纷', narrative: '在本地商户买的家电有质量问题，商家不给退换。', type: 'consumer', grid: 'wd-wuhushan-1-g1', path: 'village' },
  { title: '承包地流转纠纷', narrative: '土地流转合同到期后对方不退地，也不付流转费。', type: 'land-contract', grid: 'hn-bayintaohai-1-g1', amount: 60000, path: 'town' },
  { title: '离婚财产分割', narrative: '夫妻双方对房产和存款的分割有争议，希望调解。', type: 'family', grid: 'hbw-fenghuangling-1-g1', path: 'village' },
  { title: '工程款纠纷', narrative: '装修队完工后业主以质量问题为由拒付尾款12万元。', type: 'labour', grid: 'wd-xinda-1-g1', amount: 120000, path: 'town' },
  { title: '租房押金纠纷', narrative: '租期到了房东不退押金，说墙面有损坏。', type: 'property-management', grid: 'hbw-chengguan-1-g1', path: 'village' },
  { title: '合伙生意散伙', narrative: '两人合伙开饭店，散伙时对设备和欠款如何分配争执不下。', type: 'other', grid: 'hn-gongwusu-1-g1', amount: 150000, path: 'court' },
  { title: '噪音扰民', narrative: '楼下商铺装了大功率空调外机，噪音很大，协商无果。', type: 'neighbour', grid: 'hbw-linyin-1-g1', path: 'withdrawn' },
];

const parties = (i: number): Schemas['RegisterDispute']['parties'] => [
  { role: 'applicant', kind: 'person', name: `申请人${i}`, phone: `1390000${String(1000 + i).slice(-4)}`, channel: 'counter' },
  { role: 'respondent', kind: 'person', name: `被申请人${i}`, channel: 'counter' },
];

export async function playDisputes(info: LocalInfo, fromCases: { caseId: string }[]): Promise<void> {
  const petitionKey = info.partnerKeys?.petition ?? info.apiKey;
  const operatorKey = info.staffTokens?.operator ?? info.apiKey;
  const as = clientsFor(info.apiUrl);
  const lives: { id: string; path: Path; title: string }[] = fromCases.map((c, i) => ({ id: c.caseId, path: i % 3 === 2 ? 'town' : 'village', title: '' }));
  for (const [i, d] of counterDisputes.entries()) {
    const { data, error, response } = await as(petitionKey).POST('/v1/disputes', {
      body: {
      source: 'counter',
      type: d.type as Schemas['RegisterDispute']['type'],
      title: d.title,
      narrative: d.narrative,
      amount: d.amount,
      parties: parties(i),
      location: { gridId: d.grid },
      consentToMediate: true,
      },
    });
    if (!data) {
      console.log(`  ✗ ${d.title}: HTTP ${response.status} ${JSON.stringify(error)}`);
      continue;
    }
    lives.push({ id: data.disputeId, path: d.path, title: d.title });
  }

  console.log(`\nMediating ${lives.length} disputes to the end…`);
  const keyOf = (d: DisputeView) => (d.mediator && info.staffTokens?.mediators?.[d.mediator.id]) ?? operatorKey;
  const get = async (id: string) => (await as(operatorKey).GET('/v1/disputes/{disputeId}', { params: { path: { disputeId: id } } })).data;
  const step = async (id: string, body: DisputeAction) => {
    const d = await waitFor(async () => {
      const view = await get(id);
      return view && view.status !== 'queued' ? view : undefined;
    }, 10_000);
    if (!d) return undefined;
    return (await as(keyOf(d)).POST('/v1/disputes/{disputeId}/actions', { params: { path: { disputeId: id } }, body })).data;
  };
  const settled: DisputeView[] = [];
  const ending = progress('mediated to the end', lives.length);
  for (const [n, life] of lives.entries()) {
    let d = await waitFor(async () => {
      const view = await get(life.id);
      return view && view.status !== 'queued' ? view : undefined;
    }, 20_000);
    if (!d) continue;
    const needsParties = d.parties.length === 0;
    await step(life.id, { type: 'accept', ...(needsParties ? { parties: parties(100 + n) } : {}) });
    const climbs = { village: 0, town: 1, district: 2, court: 1, withdrawn: 0 }[life.path];
    for (let k = 0; k < climbs; k++) {
      await step(life.id, { type: 'record-session', attendance: [], minutes: '双方分歧较大，同意提级调解。', outcome: 'no-agreement', escalate: true });
      await step(life.id, { type: 'accept' });
    }
    if (life.path === 'court') {
      await step(life.id, { type: 'record-session', attendance: [], minutes: '被申请人拒绝继续调解。', outcome: 'no-agreement' });
      d = await step(life.id, { type: 'refer-to-court', reason: '调解不成，当事人同意诉讼解决' });
    } else if (life.path === 'withdrawn') {
      d = await step(life.id, { type: 'withdraw', reason: '双方已自行和解' });
    } else {
      await step(life.id, { type: 'record-session', attendance: [], minutes: '经调解双方达成一致。', outcome: 'agreement', terms: '双方按调解方案履行，互不追究。' });
      await step(life.id, { type: 'confirm', partyId: 'P1', via: 'counter' });
      await step(life.id, { type: 'confirm', partyId: 'P2', via: 'counter' });
      await step(life.id, { type: 'record-judicial', outcome: n % 2 === 0 ? 'confirmed' : 'not-applied' });
      await step(life.id, { type: 'follow-up', performance: 'performed' });
      d = await step(life.id, { type: 'close' });
    }
    if (d) settled.push(d);
    ending.tick();
  }
  ending.done();
  const tierNames: Record<MediationTier, string> = { village: '村/社区', town: '镇/街道', district: '区/县', city: '市' };
  console.log(
    '\n' +
      formatTable(
        ['dispute code', 'status', 'tier', 'centre (id name)', 'title'],
        settled.map((d) => [d.code, d.status, `${d.tier} ${tierNames[d.tier]}`, `${d.centre.id} ${d.centre.name}`, d.title]),
      ),
  );
  const agreed = settled.filter((d) => d.status === 'closed');
  console.log(`\nSettled by agreement: ${agreed.length} of ${settled.length} (others: ${settled.filter((d) => d.status !== 'closed').map((d) => d.status).join(', ') || 'none'})`);
  console.log(
    formatTable(
      ['tier', 'settled', 'share'],
      (['village', 'town', 'district', 'city'] as const).map((tier) => {
        const count = agreed.filter((d) => d.tier === tier).length;
        return [`${tier} ${tierNames[tier]}`, String(count), `${agreed.length ? ((100 * count) / agreed.length).toFixed(0) : 0}%`];
      }),
    ),
  );
  const low = agreed.filter((d) => d.tier === 'village' || d.tier === 'town').length;
  console.log(`  矛盾不上交 (settled at village or town): ${agreed.length ? ((100 * low) / agreed.length).toFixed(0) : 0}%`);
}
