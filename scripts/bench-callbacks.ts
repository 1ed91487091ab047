/**
 * `npm run bench:callbacks`: what partner callbacks cost per case (ADR 0008). Plays full
 * work-order lives (accepted → classified → dispatched → signed → resolved → verified →
 * closed) through a metered local system, first with no endpoint registered, then with one
 * healthy endpoint, and prints per case the DynamoDB units, SQS requests and invocations of
 * the notice path: intake's consumer issuing notices, the callbacks queue, the delivery consumer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CaseView, SubmitAccepted } from '@govflow/contracts';
import { Meter, type MeterSnapshot } from '@govflow/local/metering';
import { startLocalStack } from '@govflow/local/stack';
import { loadRegion } from '@govflow/regions';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20' } } });
const cases = Number(values.cases);
const region = loadRegion('wuhai');
const dataDir = mkdtempSync(join(tmpdir(), 'govflow-bench-callbacks-'));
const meter = new Meter();
const stack = await startLocalStack({ dataDir, port: 0, meter, sweepIntervalMs: 1000 });
const partner = stack.partnerKeys['hotline-12345']!;
const gridWorker = stack.issueToken({ partnerId: 'grid-app', role: 'grid-worker' });
const grids = region.grids.filter((g) => g.id.endsWith('-g1'));
let received = 0;
const receiver = createServer((req, res) => {
  req.resume().on('end', () => {
    received++;
    res.writeHead(204).end();
  });
});
await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));

async function call<T>(token: string, method: string, path: string, body?: object): Promise<T> {
  const res = await fetch(`${stack.apiUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return (await res.json()) as T;
}
async function until<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

let played = 0;
async function lives(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const grid = grids[played++ % grids.length]!;
    const accepted = await call<SubmitAccepted>(partner, 'POST', '/v1/requests', {
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '小区路灯坏了',
      description: '我们小区门口的路灯不亮一个多月了，晚上很黑，请尽快维修。',
      location: { gridId: grid.id },
    });
    const view = await until(async () => {
      const v = await call<CaseView>(partner, 'GET', `/v1/requests/${accepted.caseId}`);
      return v.status === 'dispatched' ? v : undefined;
    });
    const staff = stack.issueToken({ partnerId: `staff-${view.department!.id}`, role: 'department', departmentId: view.department!.id });
    const act = (token: string, body: object) => call(token, 'POST', `/v1/workorders/${accepted.caseId}/actions`, body);
    await act(staff, { type: 'sign' });
    await act(staff, { type: 'resolve', result: '已修复' });
    await act(gridWorker, { type: 'verify', passed: true });
    await act(partner, { type: 'rate', rating: 'satisfied' });
    process.stdout.write(`\r  ${i + 1}/${n}`);
  }
  await stack.drain(60_000);
}

function figures(snapshot: MeterSnapshot) {
  const fn = (id: string) => Object.values(snapshot.dynamodb[id] ?? {}).reduce((a, t) => ({ wru: a.wru + t.writeUnits, index: a.index + t.indexWriteUnits, rru: a.rru + t.readUnits }), { wru: 0, index: 0, rru: 0 });
  const queue = Object.values(snapshot.sqs).flatMap((byQueue) => Object.entries(byQueue)).filter(([name]) => name.endsWith('-callbacks'));
  const sqs = queue.reduce((sum, [, q]) => sum + q.sends + q.receives + q.deletes + q.other, 0);
  return { consumer: fn('intake-consumer'), delivery: fn('intake-callbacks'), sqs, invocations: snapshot.functions['intake-callbacks']?.invocations ?? 0 };
}

function report(title: string, f: ReturnType<typeof figures>) {
  const per = (x: number) => (x / cases).toFixed(2).padStart(7);
  console.log(`\n${title}`);
  console.log(`  ${'per case'.padEnd(44)}  WRU   index   RRU`);
  console.log(`  ${'intake-consumer (case, notice outbox)'.padEnd(44)}${per(f.consumer.wru)} ${per(f.consumer.index)} ${per(f.consumer.rru)}`);
  console.log(`  ${'intake-callbacks (delivery)'.padEnd(44)}${per(f.delivery.wru)} ${per(f.delivery.index)} ${per(f.delivery.rru)}`);
  console.log(`  callbacks queue requests (sends, receives, deletes; empty polls apart) ${per(f.sqs)}; delivery invocations ${per(f.invocations)}`);
}

console.log(`Partner callbacks: ${cases} work-order lives with no endpoint…`);
await lives(1);
meter.enabled = true;
meter.reset();
await lives(cases);
const without = figures(meter.snapshot());
report('No callback endpoint registered (no notice is issued: ADR 0008 addendum):', without);

await call(partner, 'POST', '/v1/partners/me/callbacks', { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/n` });
console.log(`\n${cases} lives with one healthy endpoint…`);
meter.reset();
received = 0;
await lives(cases);
const withEndpoint = figures(meter.snapshot());
report('One healthy endpoint:', withEndpoint);
console.log(`  notices received ${received} (${(received / cases).toFixed(1)} per case)`);

meter.enabled = false;
await stack.stop();
await new Promise<void>((r) => receiver.close(() => r()));
rmSync(dataDir, { recursive: true, force: true });
