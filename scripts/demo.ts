/**
 * `npm run demo` (against a running `npm start`): submits a few dozen realistic requests
 * from several channels and partners, follows each to where it ended up, and prints the
 * report summary; then plays whole lives of disputes at the mediation centres, and prints
 * the month's KPIs, 考核 and CSV export, checked against each other.
 */
import { randomUUID } from 'node:crypto';
import type { AssessmentReport, CaseView, KpiReport, ReportSummary, SubmitAccepted, SubmitRequestBody } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { api, readLocalInfo, waitFor } from './local-client';
import { demoRequests } from './demo-requests';
import { playDisputes } from './demo-disputes';

const settled = new Set(['dispatched', 'mediation-opened', 'triage', 'linked']);
const isPlaced = (view: CaseView) => view.status !== 'mediation-opened' || view.mediation?.status === 'assigned';
const info = readLocalInfo();
const region = loadRegion(info.region);
const operatorKey = info.staffTokens?.operator ?? info.apiKey;

function keyFor(channel: string): string {
  const partner = region.partners.find((p) => p.channels.includes(channel as never));
  return (partner && info.partnerKeys?.[partner.id]) ?? info.apiKey;
}

console.log(`Submitting ${demoRequests.length} requests to ${info.apiUrl} (region ${region.name})…`);
const submitted: { answer: SubmitAccepted; key: string; title: string; channel: string }[] = [];
for (const request of demoRequests) {
  const grid = request.gridIndex === undefined ? undefined : region.grids[request.gridIndex % region.grids.length];
  const body: SubmitRequestBody = {
    channel: request.channel,
    kind: request.kind,
    title: request.title,
    description: request.description,
    location: { gridId: grid?.id, point: request.point, address: request.address },
    reporter: request.phone || request.name ? { name: request.name, phone: request.phone } : undefined,
    attachments: [],
  };
  const key = keyFor(request.channel);
  const res = await api<SubmitAccepted>(info, key, 'POST', '/v1/requests', body, { 'idempotency-key': randomUUID() });
  if (res.status !== 202) {
    console.log(`  ✗ ${request.title}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
    continue;
  }
  submitted.push({ answer: res.body, key, title: request.title, channel: request.channel });
  process.stdout.write(`\r  accepted ${submitted.length}/${demoRequests.length}`);
}
console.log();

console.log('Following each case…');
const results: CaseView[] = [];
for (const s of submitted) {
  const view = await waitFor(async () => {
    const res = await api<CaseView>(info, s.key, 'GET', `/v1/requests/${s.answer.caseId}`);
    return res.status === 200 && settled.has(res.body.status) && isPlaced(res.body) ? res.body : undefined;
  }, 20_000);
  const last = view ?? (await api<CaseView>(info, s.key, 'GET', `/v1/requests/${s.answer.caseId}`)).body;
  results.push(last);
  process.stdout.write(`\r  settled ${results.length}/${submitted.length}`);
}
console.log('\n');

const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
for (const view of results) {
  const where = view.department?.name ?? (view.mediation ? `${view.mediation.committeeName}${view.mediation.mediatorName ? ` (${view.mediation.mediatorName})` : ''}` : '—');
  console.log(
    `${view.caseNumber}  ${pad(view.channel, 16)}${pad(view.title, 30)}${pad(view.status, 18)}${pad(view.category?.minorName ?? '', 16)}${where}`,
  );
}

const summary = await api<ReportSummary>(info, operatorKey, 'GET', '/v1/reports/summary');
console.log('\nReport summary (operator view):');
console.log(JSON.stringify(summary.body, null, 2));

await playDisputes(
  info,
  results.filter((view) => view.mediation?.status === 'assigned').map((view) => ({ caseId: view.caseId })),
);

// The KPIs, the 考核 and the CSV export, read from reporting's counters, checked against each other.
const day = new Intl.DateTimeFormat('en-CA', { timeZone: region.timeZone }).format(new Date());
const month = day.slice(0, 7);
const kpis = await api<KpiReport>(info, operatorKey, 'GET', `/v1/reports/kpis?from=${month}-01&to=${day}&groupBy=department`);
console.log(`\nKPIs this month by department (${kpis.body.groups.length} groups):`);
for (const g of kpis.body.groups) {
  const r = (rate: { value: number | null }) => (rate.value === null ? '   —  ' : `${(rate.value * 100).toFixed(1).padStart(5)}%`);
  console.log(`  ${pad(g.name, 34)} 受理 ${String(g.received).padStart(4)}  未办结 ${String(g.open).padStart(4)}  签收及时 ${r(g.signedOnTimeRate)}  满意 ${r(g.satisfactionRate)}`);
}
const csv = await fetch(`${info.apiUrl}/v1/reports/kpis?from=${month}-01&to=${day}&groupBy=department&format=csv`, { headers: { authorization: `Bearer ${operatorKey}` } });
const csvReceived = (await csv.text()).replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).reduce((sum, line) => sum + Number(line.split(',')[2]), 0);
const assessment = await api<AssessmentReport>(info, operatorKey, 'GET', `/v1/reports/assessment?month=${month}`);
const agree = assessment.body.departments.every((u) =>
  u.components.every((c) => JSON.stringify(c.rate) === JSON.stringify(kpis.body.groups.find((g) => g.key === u.key)?.[c.figure as 'satisfactionRate'])),
);
console.log(`CSV received total ${csvReceived} = KPI total ${kpis.body.total.received}: ${csvReceived === kpis.body.total.received ? 'yes' : 'NO'}`);
console.log(`考核 components are the KPIs shown: ${agree ? 'yes' : 'NO'}; best ${assessment.body.rankings.bestDepartments.join(', ') || '—'}`);
