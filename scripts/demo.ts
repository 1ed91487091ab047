/**
 * `npm run demo` (against a running `npm start`): submits a few dozen realistic requests
 * from several channels and partners, follows each to where it ended up, and prints the
 * report summary; then plays whole lives of disputes at the mediation centres, and prints
 * the month's KPIs, 考核 and CSV export, checked against each other. Every call goes
 * through the client typed from the OpenAPI document (scripts/api-client.ts).
 * Throughout, a partner receiver on this machine hears every change of the hotline's cases as signed callbacks.
 */
import { randomUUID } from 'node:crypto';
import { loadRegion } from '@govflow/regions';
import { clientsFor, type Schemas } from './api-client';
import { readLocalInfo, waitFor } from './local-client';
import { demoRequests } from './demo-requests';
import { startCallbackReceiver } from './demo-callbacks';
import { playDisputes } from './demo-disputes';
import { progress } from './progress';
import { formatTable } from './table';

type CaseView = Schemas['Case'];

const settled = new Set(['dispatched', 'mediation-opened', 'triage', 'linked']);
const isPlaced = (view: CaseView) => view.status !== 'mediation-opened' || view.mediation?.status === 'assigned';
const info = readLocalInfo();
const region = loadRegion(info.region);
const operatorKey = info.staffTokens?.operator ?? info.apiKey;
const as = clientsFor(info.apiUrl);

function keyFor(channel: string): string {
  const partner = region.partners.find((p) => p.channels.includes(channel as never));
  return (partner && info.partnerKeys?.[partner.id]) ?? info.apiKey;
}

const receiver = await startCallbackReceiver(info, info.partnerKeys?.['hotline-12345'] ?? info.apiKey);

console.log(`Submitting ${demoRequests.length} requests to ${info.apiUrl} (region ${region.name}, ${region.id})…`);
console.log(
  `Case numbers read ${region.caseNumberPrefix}-YYYYMMDD-NNNNNN: YYYYMMDD is the day the request was received in the region's own time zone (${region.timeZone}), not in UTC, and NNNNNN that day's sequence.`,
);
const submitted: { answer: Schemas['SubmitAccepted']; key: string; title: string; channel: string }[] = [];
const accepting = progress('accepted', demoRequests.length);
for (const request of demoRequests) {
  const grid = request.gridIndex === undefined ? undefined : region.grids[request.gridIndex % region.grids.length];
  const key = keyFor(request.channel);
  const { data, error, response } = await as(key).POST('/v1/requests', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: {
      channel: request.channel,
      kind: request.kind,
      title: request.title,
      description: request.description,
      location: { gridId: grid?.id, point: request.point, address: request.address },
      reporter: request.phone || request.name ? { name: request.name, phone: request.phone } : undefined,
      attachments: [],
    },
  });
  if (!data) {
    accepting.note(`✗ ${request.title}: HTTP ${response.status} ${JSON.stringify(error)}`);
    continue;
  }
  submitted.push({ answer: data, key, title: request.title, channel: request.channel });
  accepting.tick();
}
accepting.done();

const following = progress('routed', submitted.length);
const results: CaseView[] = [];
for (const s of submitted) {
  const read = async () => (await as(s.key).GET('/v1/requests/{caseId}', { params: { path: { caseId: s.answer.caseNumber } } })).data;
  const view = await waitFor(async () => {
    const found = await read();
    return found && settled.has(found.status) && isPlaced(found) ? found : undefined;
  }, 20_000);
  const last = view ?? (await read());
  if (last) results.push(last);
  following.tick();
}
following.done();

const unitOf = (view: CaseView) =>
  view.department
    ? `${view.department.id} ${view.department.name}`
    : view.mediation
      ? `${view.mediation.committeeName}${view.mediation.mediatorName ? ` (${view.mediation.mediatorName})` : ''}`
      : '—';
console.log(
  '\n' +
    formatTable(
      ['case number', 'channel', 'kind', 'title', 'status', 'category (code name)', 'unit (id name) or mediation'],
      results.map((v) => [v.caseNumber, v.channel, v.kind, v.title, v.status, v.category ? `${v.category.minor} ${v.category.minorName}` : '—', unitOf(v)]),
    ),
);

const summary = (await as(operatorKey).GET('/v1/reports/summary', { params: { query: {} } })).data;
if (summary) {
  const majorName = new Map(region.taxonomy.majors.map((m) => [m.code as string, m.name]));
  const departmentName = new Map(region.departments.map((d) => [d.id, d.name]));
  const rows = (counts: Record<string, number>, label: string, name: (code: string) => string = () => '') =>
    Object.entries(counts)
      .sort(([, a], [, b]) => b - a)
      .map(([code, n]) => [label, `${code}${name(code) ? ` ${name(code)}` : ''}`, String(n)]);
  console.log(`\nReport summary (operator view, ${summary.total} cases):`);
  console.log(
    formatTable(
      ['by', 'code name', 'cases'],
      [
        ...rows(summary.byStatus, 'status'),
        ...rows(summary.byMajor, 'major category', (c) => majorName.get(c) ?? ''),
        ...rows(summary.byDepartment, 'department', (c) => departmentName.get(c) ?? ''),
        ...rows(summary.byChannel, 'channel'),
      ],
    ),
  );
}

await playDisputes(
  info,
  results.filter((view) => view.mediation?.status === 'assigned').map((view) => ({ caseId: view.caseId })),
);

// The KPIs, the 考核 and the CSV export, read from reporting's counters, checked against each other.
const day = new Intl.DateTimeFormat('en-CA', { timeZone: region.timeZone }).format(new Date());
const month = day.slice(0, 7);
const operator = as(operatorKey);
const kpis = (await operator.GET('/v1/reports/kpis', { params: { query: { from: `${month}-01`, to: day, groupBy: 'department' } } })).data as Schemas['KpiReport'];
const rate = (r: { value: number | null }) => (r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`);
console.log(`\nKPIs this month by department (${kpis.groups.length} groups; days are ${region.timeZone} days):`);
console.log(
  formatTable(
    ['department (id name)', '受理 received', '未办结 open', '签收及时 signed on time', '满意 satisfied'],
    kpis.groups.map((g) => [`${g.key} ${g.name}`, String(g.received), String(g.open), rate(g.signedOnTimeRate), rate(g.satisfactionRate)]),
  ),
);
const csv = (await operator.GET('/v1/reports/kpis', { params: { query: { from: `${month}-01`, to: day, groupBy: 'department', format: 'csv' } }, parseAs: 'text' })).data as string;
const csvReceived = csv.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).reduce((sum, line) => sum + Number(line.split(',')[2]), 0);
// Without format=csv the answer is the JSON schema of the two the document gives.
const assessment = (await operator.GET('/v1/reports/assessment', { params: { query: { month } } })).data as Schemas['AssessmentReport'];
const agree = assessment.departments.every((u) =>
  u.components.every((c) => JSON.stringify(c.rate) === JSON.stringify(kpis.groups.find((g) => g.key === u.key)?.[c.figure as 'satisfactionRate'])),
);
console.log(`\nCSV received total ${csvReceived} = KPI total ${kpis.total.received}: ${csvReceived === kpis.total.received ? 'yes' : 'NO'}`);
console.log(`考核 components are the KPIs shown: ${agree ? 'yes' : 'NO'}; best ${assessment.rankings.bestDepartments.join(', ') || '—'}`);

// The notices of the last steps are still on their way: wait until the count stops moving.
let heard = -1;
await waitFor(async () => {
  const now = receiver.notices.length;
  const still = now === heard;
  heard = now;
  return still ? true : undefined;
}, 30_000, 2_000);
await receiver.finish();
