import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, ReportSummary, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, streetlightElsewhere, type Stack } from './harness';

let stack: Stack;
let keys: ReturnType<typeof keysFor>;

// The summary reads every case of its range; here it may read two (100,000 deployed).
beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300, functionEnv: { SUMMARY_MAX_CASES: '2' } });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const submit = async () => (await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlightElsewhere())).body;
const receivedAt = async (caseId: string) => (await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`)).body.receivedAt;

describe('the legacy summary over a range holding more cases than it may read', () => {
  it('answers 422 range-too-large with what to do instead, and a range holding few enough still answers', async () => {
    await submit();
    await eventually(async () => {
      const res = await call<ReportSummary>(stack, keys.operator, 'GET', '/v1/reports/summary');
      return res.status === 200 && res.body.total === 1 ? res : undefined;
    }, 20_000, 'reporting to count the first case');

    const second = await submit();
    await submit();
    const refused = await eventually(async () => {
      const res = await call<{ type: string; detail: string }>(stack, keys.operator, 'GET', '/v1/reports/summary');
      return res.status === 422 ? res : undefined;
    }, 20_000, 'the summary to refuse three cases');
    expect(refused.body.type).toMatch(/range-too-large$/);
    expect(refused.body.detail).toContain('/v1/reports/kpis');

    // From the second case on: two cases, within the limit.
    const from = await receivedAt(second.caseId);
    const answered = await call<ReportSummary>(stack, keys.operator, 'GET', `/v1/reports/summary?from=${encodeURIComponent(from)}`);
    expect(answered.status).toBe(200);
    expect(answered.body.total).toBe(2);
  }, 60_000);
});
