/**
 * Writes regions/wuhai/*.json from the source lists beside this file. Run after editing
 * them: `npx tsx regions/scripts/generate-wuhai.ts`. The output is committed; Lambda
 * bundles and tests read the JSON, never this script.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { majorCategories, requestKinds } from '@govflow/contracts';
import { districts, landmarks } from './wuhai-places';
import { minorLines } from './wuhai-taxonomy';
import { examples } from './wuhai-examples';
import { registerExamples } from './wuhai-registers';
import { cityExamples } from './wuhai-training-city';
import { ruralSafetyDisputeExamples } from './wuhai-training-rural-safety-disputes';
import { servicesExamples } from './wuhai-training-services';

const out = join(import.meta.dirname, '..', 'wuhai');
mkdirSync(out, { recursive: true });
const write = (name: string, data: unknown) => writeFileSync(join(out, name), `${JSON.stringify(data, null, 2)}\n`);

// Jurisdiction: city → districts → towns/streets → villages/communities → grids.
const areas: object[] = [{ id: 'wuhai', name: '乌海市', level: 'city', aliases: ['乌海'] }];
const grids: object[] = [];
const villageIds = new Map<string, string[]>();
const surnames = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const given = ['建国', '秀英', '桂兰', '志强', '海燕', '丽娟', '文华', '永红', '春梅', '国庆', '晓东', '玉兰', '德明', '凤英', '振华', '淑珍', '军', '敏', '静', '磊', '洋', '艳', '勇', '杰', '娜', '涛', '超', '霞', '平', '刚'];
let nameSeed = 0;
const personName = () => {
  const n = nameSeed++;
  return `${surnames[(n * 7) % surnames.length]}${given[(n * 11) % given.length]}`;
};

let gridCounter = 0;
for (const district of districts) {
  areas.push({ id: district.id, name: district.name, level: 'district', parentId: 'wuhai', aliases: [...district.aliases] });
  const { west, east, south, north } = district.box;
  const columnWidth = (east - west) / district.towns.length;
  district.towns.forEach((town, t) => {
    const townId = `${district.id}-${town.id}`;
    areas.push({ id: townId, name: town.name, level: 'town', parentId: district.id, aliases: [town.name.replace(/(街道|镇)$/, '')] });
    const ids: string[] = [];
    const rowHeight = (north - south) / town.villages.length;
    town.villages.forEach((village, v) => {
      const villageId = `${townId}-${v + 1}`;
      ids.push(villageId);
      areas.push({ id: villageId, name: village, level: 'village', parentId: townId, aliases: [] });
      const cells = 2 + ((gridCounter + v) % 2);
      const cellWidth = columnWidth / cells;
      for (let g = 0; g < cells; g++) {
        const x0 = round(west + t * columnWidth + g * cellWidth);
        const x1 = round(west + t * columnWidth + (g + 1) * cellWidth);
        const y0 = round(south + v * rowHeight);
        const y1 = round(south + (v + 1) * rowHeight);
        grids.push({
          id: `${villageId}-g${g + 1}`,
          name: `${village}第${g + 1}网格`,
          villageId,
          polygon: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]],
          workerName: personName(),
        });
        gridCounter++;
      }
    });
    villageIds.set(town.id, ids);
  });
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

const places = landmarks.map((l) => {
  const district = districts.find((d) => d.towns.some((t) => t.id === l.town))!;
  const townId = `${district.id}-${l.town}`;
  const villageId = l.village === undefined ? undefined : villageIds.get(l.town)![l.village];
  return { name: l.name, kind: l.kind, areaId: villageId ?? townId, ...(villageId ? { gridId: `${villageId}-g1` } : {}) };
});

// Departments: every functional kind at city level; the district-handled kinds in each district; a street/town office per town.
const bureauNames: Record<string, { city: string; district?: string }> = {
  'housing-bureau': { city: '住房和城乡建设局', district: '住房和城乡建设局' },
  'city-management-bureau': { city: '城市管理综合执法局', district: '城市管理综合执法局' },
  'ecology-environment-bureau': { city: '生态环境局', district: '生态环境分局' },
  'transport-bureau': { city: '交通运输局', district: '交通运输局' },
  'education-bureau': { city: '教育局', district: '教育局' },
  'human-resources-social-security-bureau': { city: '人力资源和社会保障局', district: '人力资源和社会保障局' },
  'market-regulation-bureau': { city: '市场监督管理局', district: '市场监督管理局' },
  'health-commission': { city: '卫生健康委员会', district: '卫生健康委员会' },
  'civil-affairs-bureau': { city: '民政局', district: '民政局' },
  'agriculture-rural-bureau': { city: '农牧局', district: '农牧局' },
  'public-security-bureau': { city: '公安局', district: '公安分局' },
  'mediation-centre': { city: '社会矛盾纠纷调处化解中心', district: '社会矛盾纠纷调处化解中心' },
  'natural-resources-bureau': { city: '自然资源局', district: '自然资源分局' },
  'medical-security-bureau': { city: '医疗保障局' },
  'culture-tourism-bureau': { city: '文化旅游体育局' },
  'fire-rescue': { city: '消防救援支队', district: '消防救援大队' },
  'emergency-management-bureau': { city: '应急管理局', district: '应急管理局' },
  'water-utility': { city: '供水总公司' },
  'heating-utility': { city: '热力有限责任公司' },
  'gas-utility': { city: '燃气有限公司' },
  'power-utility': { city: '供电公司' },
  'hotline-centre': { city: '12345政务服务便民热线中心' },
  'postal-bureau': { city: '邮政管理局' },
  'telecom-office': { city: '通信发展管理办公室' },
  'finance-office': { city: '金融工作办公室' },
  'veterans-affairs-bureau': { city: '退役军人事务局', district: '退役军人事务局' },
  'water-conservancy-bureau': { city: '水务局', district: '水务局' },
};
const departments: object[] = [];
for (const [kind, names] of Object.entries(bureauNames)) {
  departments.push({ id: `city-${kind}`, name: `乌海市${names.city}`, kind, level: 'city', areaId: 'wuhai' });
  if (names.district) {
    for (const d of districts) departments.push({ id: `${d.id}-${kind}`, name: `${d.name}${names.district}`, kind, level: 'district', areaId: d.id });
  }
}
for (const d of districts) {
  for (const t of d.towns) {
    departments.push({ id: `${d.id}-${t.id}-office`, name: t.kind === 'street' ? `${t.name}办事处` : `${t.name}人民政府`, kind: 'town-office', level: 'town', areaId: `${d.id}-${t.id}` });
  }
}

// Taxonomy.
const trainingSets = [examples, registerExamples, cityExamples, servicesExamples, ruralSafetyDisputeExamples];
const unknownExamples = trainingSets.flatMap((set) => Object.keys(set)).filter((code) => !minorLines.includes(`\n${code}|`));
if (unknownExamples.length) throw new Error(`examples for unknown categories: ${unknownExamples.join(', ')}`);
const baseDays = { inquiry: 2, help: 10, complaint: 15, report: 15, suggestion: 10, dispute: 15 };
const minors = minorLines
  .trim()
  .split('\n')
  .map((line) => {
    const [code, name, keywords, level, urgency, lead, co] = line.split('|') as [string, string, string, string, string, string, string];
    const major = majorCategories.find((m) => code.startsWith(`${m.code}-`))!;
    const townHandled = level === 'town' && major.code !== 'dispute';
    const leadKind = townHandled ? 'town-office' : lead || major.leadDepartmentKind;
    const coKinds = [...(townHandled ? [lead || major.leadDepartmentKind] : []), ...(co ? co.split(',') : [])];
    const scale = urgency === 'emergency' ? 0.1 : urgency === 'urgent' ? 0.5 : 1;
    return {
      code,
      major: major.code,
      name,
      description: `${major.name}类诉求：${name}。`,
      keywords: keywords.split(' '),
      leadDepartmentKind: leadKind,
      coHandlerKinds: coKinds,
      handlingLevel: level,
      urgency,
      limits: {
        signHours: urgency === 'emergency' ? 0.5 : urgency === 'urgent' ? 2 : 24,
        resolveWorkingDays: Object.fromEntries(requestKinds.map((k) => [k, Math.max(0.25, baseDays[k] * scale)])),
      },
    };
  });

write('areas.json', areas);
write('grids.json', grids);
write('places.json', places);
write('departments.json', departments);
write('taxonomy.json', { majors: majorCategories.map((m) => ({ code: m.code, name: m.name })), minors });
// The classifier's training text, apart: only training reads it (`npm run train`), so no function bundle carries it.
write('training.json', Object.fromEntries(minors.map((m) => [m.code, trainingSets.flatMap((set) => set[m.code] ?? [])])));

// Mediation: a committee at every tier (小事不出村、大事不出镇、矛盾不上交), mediators by specialty and capacity.
const committees: object[] = [{ id: 'city-centre', name: '乌海市社会矛盾纠纷调处化解中心', tier: 'city', areaId: 'wuhai' }];
const mediators: object[] = [];
const disputeCodes = minors.filter((m) => m.major === 'dispute').map((m) => m.code);
const addMediators = (committeeId: string, count: number, capacity: number, specialties: (i: number) => string[]) => {
  for (let i = 0; i < count; i++) mediators.push({ id: `${committeeId}-m${i + 1}`, name: personName(), committeeId, specialties: specialties(i), capacity });
};
addMediators('city-centre', 6, 10, (i) => (i === 0 ? ['*'] : [disputeCodes[i % disputeCodes.length]!, disputeCodes[(i + 5) % disputeCodes.length]!]));
for (const d of districts) {
  const districtCommittee = `${d.id}-centre`;
  committees.push({ id: districtCommittee, name: `${d.name}社会矛盾纠纷调处化解中心`, tier: 'district', areaId: d.id });
  addMediators(districtCommittee, 4, 8, (i) => (i === 0 ? ['*'] : [disputeCodes[(i * 3) % disputeCodes.length]!, 'dispute-other']));
  for (const t of d.towns) {
    const townId = `${d.id}-${t.id}`;
    committees.push({ id: `${townId}-centre`, name: `${t.name}矛盾纠纷调处化解中心`, tier: 'town', areaId: townId });
    addMediators(`${townId}-centre`, 2, 6, (i) => (i === 0 ? ['*'] : ['dispute-wage', 'dispute-land', 'dispute-family']));
    for (const villageId of villageIds.get(t.id)!) {
      const village = (areas as { id: string; name: string }[]).find((a) => a.id === villageId)!;
      committees.push({ id: `${villageId}-committee`, name: `${village.name}人民调解委员会`, tier: 'village', areaId: villageId });
      addMediators(`${villageId}-committee`, 1, 4, () => ['*']);
    }
  }
}
// 三官三师: each district and the city centre has a police officer, a judge, a prosecutor, a lawyer,
// a counsellor and a psychologist who join complex disputes as a team (added last so earlier names stay put).
const professions = ['police', 'judge', 'prosecutor', 'lawyer', 'counsellor', 'psychologist'] as const;
for (const centre of ['city-centre', ...districts.map((d) => `${d.id}-centre`)]) {
  professions.forEach((profession) => mediators.push({ id: `${centre}-${profession}`, name: personName(), committeeId: centre, profession, specialties: ['*'], capacity: 12 }));
}
write('mediation.json', { committees, mediators, settings: { tierTimeLimitDays: 30, judicialWindowDays: 30, judicialReminderDays: 5, followUpDays: [7, 30] } });

write('partners.json', [
  { id: 'hotline-12345', name: '乌海市12345政务服务便民热线', channels: ['hotline-12345', 'mayor-mailbox', 'web'], areaId: 'wuhai' },
  { id: 'mini-program-minyi', name: '民意快递小程序', channels: ['mini-program'], areaId: 'wuhai' },
  { id: 'grid-app', name: '网格员App', channels: ['grid-worker-app'], areaId: 'wuhai' },
  { id: 'petition', name: '信访信息系统', channels: ['petition'], areaId: 'wuhai' },
  // A district's own service account (随手拍): it serves 海勃湾区 only.
  { id: 'hbw-wechat', name: '海勃湾区政务服务微信公众号', channels: ['wechat'], areaId: 'hbw' },
]);

write('region.json', {
  id: 'wuhai',
  name: '乌海市',
  caseNumberPrefix: 'WH',
  timeZone: 'Asia/Shanghai',
  calendar: {
    workStart: '09:00',
    workEnd: '17:30',
    holidays: [
      '2026-01-01', '2026-01-02', '2026-01-03',
      '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
      '2026-04-04', '2026-04-05', '2026-04-06',
      '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
      '2026-06-19', '2026-06-20', '2026-06-21',
      '2026-09-25', '2026-09-26', '2026-09-27',
      '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
      '2027-01-01', '2027-01-02', '2027-01-03',
    ],
    makeUpWorkdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
  settings: { classificationThreshold: 0.46 },
});

console.log(`wuhai: ${areas.length} areas, ${grids.length} grids, ${places.length} places, ${departments.length} departments, ${minors.length} minors, ${committees.length} committees, ${mediators.length} mediators`);
