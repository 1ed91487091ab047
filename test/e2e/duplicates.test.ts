import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, ReportSummary, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, countItems, eventually, keysFor, streetlightElsewhere, wageDispute, type Stack } from './harness';

let stack: Stack;

beforeAll(async () => {
  // Every message is handed to its consumer twice before it is deleted: at-least-once delivery at its worst.
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300, visibilityTimeoutSeconds: 1, duplicateDeliveries: true });
});

afterAll(async () => {
  await stack?.stop();
});

describe('every event delivered twice', () => {
  it('produces no duplicate work order, mediation case, history entry or count', async () => {
    const keys = keysFor(stack);
    const submitted = await Promise.all([
      ...Array.from({ length: 4 }, () => call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlightElsewhere())),
      // Two different disputes: the same words at the same place would rightly be linked as one matter.
      call<SubmitAccepted>(stack, keys.grid, 'POST', '/v1/requests', wageDispute),
      call<SubmitAccepted>(stack, keys.grid, 'POST', '/v1/requests', { ...wageDispute, title: '邻里纠纷', description: '楼上卫生间漏水泡坏了楼下天花板，两家协商赔偿不成，需要调解。', location: { gridId: 'hbw-xinhua-5-g1' } }),
    ]);
    const views = await Promise.all(
      submitted.map((s, i) =>
        eventually(async () => {
          const res = await call<CaseView>(stack, i < 4 ? keys.hotline : keys.grid, 'GET', `/v1/requests/${s.body.caseId}`);
          const settled = res.body.status === 'dispatched' || res.body.mediation?.status === 'assigned';
          return settled ? res.body : undefined;
        }, 30_000, 'each case to settle'),
      ),
    );
    for (const view of views) {
      const entries = view.history.map((h) => `${h.status} ${h.note}`);
      expect(new Set(entries).size).toBe(entries.length);
    }
    expect(await countItems(stack, 'dispatch', 'CASE#')).toBe(6);
    expect(await countItems(stack, 'mediation', 'DISPUTE#')).toBe(2);
    const summary = await eventually(async () => {
      const res = await call<ReportSummary>(stack, keys.operator, 'GET', '/v1/reports/summary');
      const s = res.body.byStatus ?? {};
      return (s.dispatched ?? 0) === 4 && (s['mediation-opened'] ?? 0) === 2 ? res.body : undefined;
    }, 20_000, 'reporting to count 4 dispatched and 2 in mediation');
    expect(summary.total).toBe(6);
  });
});
