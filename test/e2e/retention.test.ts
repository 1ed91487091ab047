import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CaseView, DisputeRegistered, DisputeView, SubmitAccepted, UploadGranted } from '@govflow/contracts';
import { retentionDaysEnvName, unpackedItem } from '@govflow/platform';
import { startLocalStack } from '@govflow/local/stack';
import { archivedEvents } from '../../services/reporting/src/adapters/repository';
import { call, clientsFor, eventually, keysFor, mediatorToken, staffToken, streetlightElsewhere, type Stack } from './harness';

/**
 * Retention (ADR 0013) with a retention of 0 days: a case closed and a dispute referred to court
 * today are due today. The scheduled erasures are run here by hand (the timer is slowed so they
 * do not run before the figures are read), then the sealed data is gone, the reveal answers
 * 410, and reporting's figures are what they were.
 */
let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 600_000, functionEnv: { [retentionDaysEnvName]: '0' } });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

/** Uploads a small file for a purpose as the given key and returns its upload id. */
async function uploaded(key: string, purpose: string, contentType: string, fileName: string): Promise<string> {
  const bytes = Buffer.from(`${purpose} ${fileName}`);
  const granted = await call<UploadGranted>(stack, key, 'POST', '/v1/uploads', { purpose, contentType, size: bytes.length, fileName });
  expect(granted.status).toBe(201);
  expect((await fetch(granted.body.url, { method: 'PUT', body: bytes, headers: granted.body.headers })).status).toBe(200);
  return granted.body.uploadId;
}

const scheduled = () => ({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} });
const reveal = (caseId: string) => call<{ reporter?: { name?: string; phone?: string }; title?: string; type?: string; detail?: string }>(stack, keys.operator, 'POST', `/v1/requests/${caseId}/reveal`, { fields: ['reporter.name', 'reporter.phone', 'text'], reason: '回访核实来电人' });

async function figures() {
  const [summary, kpis] = await Promise.all([call(stack, keys.operator, 'GET', '/v1/reports/summary'), call(stack, keys.operator, 'GET', '/v1/reports/kpis')]);
  expect(summary.status).toBe(200);
  expect(kpis.status).toBe(200);
  // The figures, without the moment they were read.
  const figuresOnly = (body: unknown) => JSON.parse(JSON.stringify(body, (key, value: unknown) => (['generatedAt', 'from', 'to'].includes(key) ? undefined : value))) as unknown;
  return { summary: figuresOnly(summary.body), kpis: figuresOnly(kpis.body) };
}

describe('personal data retention', () => {
  it('erases a closed case’s and an ended dispute’s sealed data and files when due, leaving the figures as they were', async () => {
    const photo = await uploaded(keys.hotline, 'case-photo', 'image/jpeg', '郝建国家门口.jpg');
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      ...streetlightElsewhere(),
      description: '路灯不亮一个月了，请回电13787654321。',
      reporter: { name: '郝建国', phone: '13787654321' },
      attachments: [{ uploadId: photo }],
    });
    const caseId = accepted.body.caseId;
    const dispatched = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.status === 'dispatched' ? res.body : undefined;
    }, 30_000, 'the case to be dispatched');
    const department = staffToken(stack, dispatched.department!.id);
    const act = (key: string, body: object) => call<{ status: string }>(stack, key, 'POST', `/v1/workorders/${caseId}/actions`, body);
    await act(department, { type: 'sign' });
    const repairPhoto = await uploaded(department, 'workorder-photo', 'image/jpeg', '郝建国家门口维修后.jpg');
    await act(department, { type: 'resolve', result: '已更换灯泡', photos: [repairPhoto] });
    await act(keys.gridWorker, { type: 'verify', passed: true });
    expect((await act(keys.hotline, { type: 'rate', rating: 'satisfied' })).body.status).toBe('closed');
    await eventually(async () => ((await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`)).body.status === 'closed' ? true : undefined), 20_000, 'intake to see it closed');
    const before = await reveal(caseId);
    expect(before.status).toBe(200);
    expect(before.body.reporter).toEqual({ name: '郝建国', phone: '13787654321' });
    const photoUrl = (await call<CaseView>(stack, keys.operator, 'GET', `/v1/requests/${caseId}`)).body.files[0]!.url;
    expect((await fetch(photoUrl)).status).toBe(200);
    const workOrderPhotos = (await call<{ files: { url: string }[] }>(stack, department, 'GET', `/v1/workorders/${caseId}`)).body.files;
    expect(workOrderPhotos).toHaveLength(1);
    expect((await fetch(workOrderPhotos[0]!.url)).status).toBe(200);

    const registered = await call<DisputeRegistered>(stack, keys.petition, 'POST', '/v1/disputes', {
      source: 'counter',
      type: 'neighbour',
      title: '楼上漏水',
      narrative: '楼上漏水泡坏天花板，对方电话13598761234。',
      parties: [
        { role: 'applicant', kind: 'person', name: '王秀英', phone: '13598761234', idNumber: '150302198506121239', channel: 'own-channel' },
        { role: 'respondent', kind: 'person', name: '赵建国', phone: '13698765432', channel: 'counter' },
      ],
      location: { gridId: 'hbw-xinhua-5-g1' },
      consentToMediate: true,
    });
    expect(registered.status).toBe(201);
    const disputeId = registered.body.disputeId;
    const mediator = mediatorToken(stack, 'hbw-xinhua-5-committee-m1');
    const disputeAct = (body: object) => call<DisputeView>(stack, mediator, 'POST', `/v1/disputes/${disputeId}/actions`, body);
    expect((await disputeAct({ type: 'accept' })).status).toBe(200);
    const evidence = await uploaded(mediator, 'dispute-evidence', 'application/pdf', '王秀英提供的照片.pdf');
    const attached = await disputeAct({ type: 'attach', purpose: 'dispute-evidence', uploads: [evidence] });
    expect(attached.status).toBe(200);
    const evidenceUrl = (await call<DisputeView>(stack, mediator, 'GET', `/v1/disputes/${disputeId}`)).body.files![0]!.url;
    expect((await fetch(evidenceUrl)).status).toBe(200);
    await disputeAct({ type: 'record-session', attendance: [], minutes: '王秀英（13598761234）称对方拒绝维修。', outcome: 'no-agreement' });
    expect((await disputeAct({ type: 'refer-to-court', reason: '被申请人拒绝继续调解' })).body.status).toBe('referred-to-court');
    const referral = () => fetch(`${stack.apiUrl}/v1/disputes/${disputeId}/documents/court-referral`, { headers: { authorization: `Bearer ${mediator}` } }).then((r) => r.text());
    expect(await referral()).toContain('13598761234');

    await eventually(async () => {
      const now = await figures();
      const byStatus = (now.summary as { byStatus?: Record<string, number> }).byStatus ?? {};
      return (byStatus.closed ?? 0) >= 1 ? now : undefined;
    }, 30_000, 'reporting to count the closed case');
    // The dispute's last step reached reporting too (its archive has the referral).
    await eventually(async () => {
      const { doc } = clientsFor(stack);
      const day = new Date().toISOString().slice(0, 10);
      const out = await doc.send(new QueryCommand({ TableName: stack.tableNames.reporting, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `ARCHIVE#${day}` } }));
      return (out.Items ?? []).flatMap((i) => archivedEvents(i) as { type: string }[]).some((e) => e.type === 'mediation.referred-to-court') ? true : undefined;
    }, 30_000, 'reporting to archive the referral');
    // And the fold has added every counter change of the cases (ADR 0022).
    expect(await stack.drain(30_000)).toBe(true);
    const figuresBefore = await figures();

    for (const erasure of ['intake-erasure', 'dispatch-erasure', 'mediation-erasure']) {
      expect(await stack.invoke(erasure, scheduled()), erasure).toMatchObject({ erased: 1, finished: true });
      // Run again: nothing left to do (the markers are gone).
      expect(await stack.invoke(erasure, scheduled()), erasure).toMatchObject({ erased: 0, stale: 0 });
    }

    const after = await reveal(caseId);
    expect(after.status).toBe(410);
    expect(after.contentType).toContain('application/problem+json');
    expect(after.body.type).toContain('personal-data-erased');
    const view = await call<CaseView>(stack, keys.operator, 'GET', `/v1/requests/${caseId}`);
    expect(view.body).toMatchObject({ status: 'closed', title: dispatched.title, description: '路灯不亮一个月了，请回电137****4321。', category: dispatched.category });
    expect(view.body.reporter).toBeUndefined();
    // The photo is gone from storage (its URL, still within its time, finds nothing) and from the case.
    expect(view.body.files).toEqual([]);
    expect((await fetch(photoUrl)).status).toBe(404);
    expect((await fetch(evidenceUrl)).status).toBe(404);
    // The department's before-and-after photo too; the work order itself and its steps stay.
    expect((await fetch(workOrderPhotos[0]!.url)).status).toBe(404);
    const order = await call<{ status: string; files: unknown[]; audit: { action: string }[] }>(stack, department, 'GET', `/v1/workorders/${caseId}`);
    expect(order.body).toMatchObject({ status: 'closed', files: [] });
    expect(order.body.audit.map((step) => step.action)).toEqual(['sign', 'resolve', 'verify', 'rate']);

    const { doc } = clientsFor(stack);
    const stored = unpackedItem((await doc.send(new GetCommand({ TableName: stack.tableNames.intake, Key: { pk: `CASE#${caseId}`, sk: 'CASE' } }))).Item!);
    expect(stored.caseId).toBe(caseId);
    expect(Object.keys(stored).filter((k) => /Sealed$|^reporter/.test(k))).toEqual([]);
    // Its sealed item (the words and contact as given, ADR 0018) is deleted with them.
    const caseItems = (await doc.send(new QueryCommand({ TableName: stack.tableNames.intake, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } }))).Items ?? [];
    expect(caseItems.map((item) => item.sk)).toEqual(['CASE']);
    const disputeItems = ((await doc.send(new QueryCommand({ TableName: stack.tableNames.mediation, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `DISPUTE#${disputeId}` } }))).Items ?? []).map(unpackedItem);
    expect(disputeItems.some((item) => item.disputeId === disputeId && item.parties !== undefined)).toBe(true);
    expect(JSON.stringify(disputeItems)).not.toMatch(/"sealed"|bodySealed|MINUTES#/);

    // Its mediator still reads the dispute and its documents, masked now.
    const dispute = await call<DisputeView>(stack, mediator, 'GET', `/v1/disputes/${disputeId}`);
    expect(dispute.status).toBe(200);
    expect(dispute.body.files ?? []).toEqual([]);
    expect(JSON.stringify(dispute.body)).not.toContain('13598761234');
    expect(JSON.stringify(dispute.body)).toContain('135****1234');
    const masked = await referral();
    expect(masked).toContain('诉调对接移送函');
    expect(masked).not.toContain('13598761234');

    expect(await figures()).toEqual(figuresBefore);
  }, 120_000);
});
