import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseView, ReportSummary, RevealAnswer, RevealAuditList, SubmitAccepted } from '@govflow/contracts';
import { unpackedItem } from '@govflow/platform';
import { startLocalStack } from '@govflow/local/stack';
import { call, clientsFor, countItems, eventually, keysFor, streetlight, streetlightElsewhere, wageDispute, type Stack } from './harness';

let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300, visibilityTimeoutSeconds: 1 });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

/**
 * Waits until the case has reached one of `statuses` and every stage's report is in its
 * history; a dispute also until its mediator is assigned (opening and assigning are two steps).
 */
async function settledCase(caseId: string, key: string, statuses: string[]): Promise<CaseView> {
  return eventually(async () => {
    const res = await call<CaseView>(stack, key, 'GET', `/v1/requests/${caseId}`);
    const reported = res.body.history?.some((h) => h.status === 'classified');
    const placed = !res.body.mediation || res.body.mediation.status !== 'queued';
    return res.status === 200 && statuses.includes(res.body.status) && reported && placed ? res.body : undefined;
  }, 20_000, `case ${caseId} to reach ${statuses.join('/')}`);
}

describe('a citizen request end to end', () => {
  it('is accepted, dispatched to a department, and counted by reporting', async () => {
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlightElsewhere());
    expect(accepted.status).toBe(202);
    expect(accepted.body.caseNumber).toMatch(/^WH-\d{8}-\d{6}$/);
    expect(accepted.body.status).toBe('received');

    const view = await settledCase(accepted.body.caseId, keys.hotline, ['dispatched']);
    expect(view.category?.major).toBe('urban');
    expect(view.department?.name).toBeTruthy();
    expect(view.deadline).toBeTruthy();
    expect(view.reporter?.phone).toBe('139****5678');
    expect(view.history.map((h) => h.status)).toEqual(['received', 'classified', 'dispatched']);

    const summary = await eventually(async () => {
      const res = await call<ReportSummary>(stack, keys.operator, 'GET', '/v1/reports/summary');
      return (res.body.byStatus?.dispatched ?? 0) >= 1 ? res.body : undefined;
    }, 20_000, 'reporting to count the dispatched case');
    expect(summary.byMajor.urban).toBeGreaterThanOrEqual(1);
  });

  it('sends a dispute to mediation, opened at the village/community tier', async () => {
    const accepted = await call<SubmitAccepted>(stack, keys.grid, 'POST', '/v1/requests', wageDispute);
    expect(accepted.status).toBe(202);
    const view = await settledCase(accepted.body.caseId, keys.grid, ['mediation-opened']);
    expect(view.category?.major).toBe('dispute');
    expect(view.mediation?.committeeName).toBeTruthy();
    expect(['village', 'town']).toContain(view.mediation?.tier);
  });

  it('opens a dispute reported in a grid at that village/community', async () => {
    const accepted = await call<SubmitAccepted>(stack, keys.grid, 'POST', '/v1/requests', {
      ...wageDispute,
      title: '邻里纠纷',
      description: '楼上卫生间漏水泡坏了楼下天花板，两家协商赔偿不成，需要调解。',
      location: { gridId: 'hbw-xinhua-1-g1' },
    });
    const view = await settledCase(accepted.body.caseId, keys.grid, ['mediation-opened']);
    expect(view.mediation).toMatchObject({ tier: 'village', committeeName: '迎宾社区人民调解委员会' });
    expect(view.mediation?.mediatorName).toBeTruthy();
  });

  it('shows the operator the phone only through an audited reveal, and never another partner the case', async () => {
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlight);
    const asOperator = await call<CaseView>(stack, keys.operator, 'GET', `/v1/requests/${accepted.body.caseId}`);
    expect(asOperator.body.reporter).toEqual({ name: '张**', phone: '139****5678' });
    const reason = `回访核实 ${accepted.body.caseNumber}`;
    const revealed = await call<RevealAnswer>(stack, keys.operator, 'POST', `/v1/requests/${accepted.body.caseId}/reveal`, { fields: ['reporter.phone', 'reporter.name'], reason });
    expect(revealed.status).toBe(200);
    expect(revealed.body.reporter).toEqual({ name: '张女士', phone: '13912345678' });
    const noReason = await call(stack, keys.operator, 'POST', `/v1/requests/${accepted.body.caseId}/reveal`, { fields: ['reporter.phone'], reason: '' });
    expect(noReason.status).toBe(422);
    const audit = await call<RevealAuditList>(stack, keys.administrator, 'GET', `/v1/audit/reveals?month=${new Date().toISOString().slice(0, 7)}&caseId=${accepted.body.caseId}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ auditId: revealed.body.auditId, caseId: accepted.body.caseId, fields: ['reporter.phone', 'reporter.name'], reason, by: expect.objectContaining({ role: 'operator' }) }),
    ]);
    const asOther = await call(stack, keys.grid, 'GET', `/v1/requests/${accepted.body.caseId}`);
    expect(asOther.status).toBe(404);
    expect(asOther.contentType).toContain('application/problem+json');
  });

  it('masks phone and ID numbers written into the text: in the partner’s view, in later stages’ records and in events', async () => {
    const secretPhone = '13787654321';
    const secretId = '150302198507071237';
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      ...streetlightElsewhere(),
      description: `路灯坏了很久了，请回电${secretPhone}，我的身份证号${secretId}。`,
    });
    const caseId = accepted.body.caseId;
    const asPartner = await settledCase(caseId, keys.hotline, ['dispatched']);
    expect(asPartner.description).toContain('137****4321');
    expect(asPartner.description).not.toContain(secretPhone);
    expect(asPartner.description).not.toContain(secretId);
    const asOperator = await call<RevealAnswer>(stack, keys.operator, 'POST', `/v1/requests/${caseId}/reveal`, { fields: ['text'], reason: '核实来电人所留身份信息' });
    expect(asOperator.body.description).toContain(secretPhone);
    // Dispatch learned of the case only from case.received: what it stored is what the event carried.
    const { doc } = clientsFor(stack);
    const { Items } = await doc.send(new ScanCommand({ TableName: stack.tableNames.dispatch }));
    const dispatchRecord = JSON.stringify((Items ?? []).map(unpackedItem).filter((i) => i.caseId === caseId));
    expect(dispatchRecord).toContain('137****4321');
    expect(dispatchRecord).not.toContain(secretPhone);
    expect(dispatchRecord).not.toContain(secretId);
  });

  it('lists the taxonomy to partners', async () => {
    const res = await call<{ majors: unknown[]; categories: { code: string; route: string }[] }>(stack, keys.hotline, 'GET', '/v1/taxonomy');
    expect(res.status).toBe(200);
    expect(res.body.majors).toHaveLength(12);
    expect(res.body.categories).toHaveLength(177);
    expect(res.body.categories.find((c) => c.code === 'dispute-neighbour')?.route).toBe('mediation');
  });

  it('serves its OpenAPI document', async () => {
    const res = await call<{ openapi: string; paths: Record<string, unknown> }>(stack, undefined, 'GET', '/v1/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.paths['/v1/requests']).toBeDefined();
  });
});

describe('retries', () => {
  it('answer a retried request with the same case, and refuse the key for a different body', async () => {
    const headers = { 'idempotency-key': `retry-${Date.now()}` };
    const request = streetlightElsewhere();
    const first = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', request, headers);
    const again = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', request, headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body).toEqual(first.body);
    const different = await call(stack, keys.hotline, 'POST', '/v1/requests', { ...request, title: '另一件事' }, headers);
    expect(different.status).toBe(409);
    expect(different.contentType).toContain('application/problem+json');
    await settledCase(first.body.caseId, keys.hotline, ['dispatched']);
    expect(await countItems(stack, 'dispatch', `CASE#${first.body.caseId}`)).toBe(1);
  });

  it('concurrent retries with one key still make one case', async () => {
    const headers = { 'idempotency-key': `race-${Date.now()}` };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlight, headers)),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    expect(new Set(answers.map((a) => a.body.caseId)).size).toBe(1);
  });
});

describe('poison messages', () => {
  it('land in the dead-letter queue after maxReceiveCount', async () => {
    const { sqs } = clientsFor(stack);
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrls.dispatch, MessageBody: '{"not":"an event"}' }));
    const parked = await eventually(async () => {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: stack.dlqUrls.dispatch, MaxNumberOfMessages: 10, MessageAttributeNames: ['All'], VisibilityTimeout: 0 }));
      return out.Messages?.find((m) => m.Body === '{"not":"an event"}');
    }, 30_000, 'the poison message in the DLQ');
    // It says why: the consumer parks it on its last try with the reason.
    expect(parked.MessageAttributes?.failureReason?.StringValue).toMatch(/^ZodError/);
    expect(parked.MessageAttributes?.receiveCount?.StringValue).toBe('5');
  });
});

describe('bad input', () => {
  const bad: [string, string | object, Record<string, string>, number][] = [
    ['missing fields', { channel: 'hotline-12345', kind: 'complaint' }, {}, 422],
    ['wrong types', { ...streetlight, title: 42, location: { point: { lat: 'north', lng: 106 } } }, {}, 422],
    ['unknown channel', { ...streetlight, channel: 'carrier-pigeon' }, {}, 422],
    ['invalid JSON', '{"channel": "hotline-12345",', {}, 400],
    ['a 1 MB body', { ...streetlight, description: '很'.repeat(350_000) }, {}, 413],
    ['not JSON at all', 'title=hello', { 'content-type': 'text/plain' }, 415],
    ['a channel this partner may not use', { ...streetlight, channel: 'petition' }, {}, 403],
  ];

  it.each(bad)('%s gets a 4xx problem document and stores nothing', async (_name, body, headers, status) => {
    const before = await countItems(stack, 'intake', 'CASE#', 'CASE');
    const res = await call<{ type: string; title: string; status: number }>(stack, keys.hotline, 'POST', '/v1/requests', body, headers);
    expect(res.status).toBe(status);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.status).toBe(status);
    expect(res.body.type).toMatch(/^https:\/\/govflow\.dev\/problems\//);
    expect(await countItems(stack, 'intake', 'CASE#', 'CASE')).toBe(before);
  });

  it('without a key is a 401 problem', async () => {
    const res = await call(stack, undefined, 'POST', '/v1/requests', streetlight);
    expect(res.status).toBe(401);
    expect(res.contentType).toContain('application/problem+json');
  });
});
