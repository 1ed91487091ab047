import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, DisputeRegistered, DisputeView, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, coordinatorToken, eventually, keysFor, mediatorToken, type Stack } from './harness';

let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300 });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

const act = (key: string, id: string, body: object) => call<DisputeView & { detail?: string }>(stack, key, 'POST', `/v1/disputes/${id}/actions`, body);
const parties = [
  { role: 'applicant', kind: 'person', name: '王秀英', phone: '13912345678', idNumber: '150302198001011234', channel: 'own-channel' },
  { role: 'respondent', kind: 'person', name: '赵建国', phone: '13698765432', channel: 'counter' },
];

function registration(village: string, overrides: object = {}) {
  return {
    source: 'counter',
    type: 'neighbour',
    title: '楼上漏水',
    narrative: '楼上卫生间漏水把我家天花板泡坏了，多次找他协商不理睬，联系电话13912345678。',
    parties: parties.map((p, i) => ({ ...p, name: `${p.name}${village}${i}` })),
    location: { gridId: `${village}-g1` },
    consentToMediate: true,
    ...overrides,
  };
}

describe('a dispute through the local API (矛调中心)', () => {
  it('from a hotline call: opens at the village committee, escalates to the town, is agreed, confirmed, judicially confirmed, followed up and closed — and the caller sees each step', async () => {
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', {
      channel: 'hotline-12345',
      kind: 'dispute',
      title: '邻居纠纷请求调解',
      description: '楼上邻居家卫生间漏水到我家天花板，找他协商多次不理睬，双方吵了好几次，请社区帮忙调解一下邻里纠纷。',
      location: { gridId: 'hbw-xinhua-2-g1' },
      reporter: { name: '王女士', phone: '13912345678' },
    });
    const caseId = accepted.body.caseId;
    const opened = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.mediation?.status === 'assigned' ? res.body : undefined;
    }, 20_000, 'the case to show its dispute');
    expect(opened.mediation).toMatchObject({ tier: 'village', committeeName: '新华社区人民调解委员会', status: 'assigned' });
    const code = opened.mediation!.code!;

    // The code finds the dispute; the partner sees it with personal data masked.
    const byCode = await call<DisputeView>(stack, keys.hotline, 'GET', `/v1/disputes/${code}`);
    expect(byCode.body).toMatchObject({ disputeId: caseId, caseId, code, tier: 'village', source: 'case' });
    expect((await call(stack, keys.grid, 'GET', `/v1/disputes/${code}`)).status).toBe(404);

    const village = mediatorToken(stack, 'hbw-xinhua-2-committee-m1');
    const docket = await call<{ items: { code: string }[] }>(stack, village, 'GET', '/v1/disputes');
    expect(docket.body.items.map((i) => i.code)).toContain(code);
    expect((await act(village, caseId, { type: 'accept', parties })).body.status).toBe('accepted');
    expect((await act(village, caseId, { type: 'schedule-session', at: '2026-12-01T02:00:00Z', place: '新华社区调解室' })).status).toBe(200);
    const failed = await act(village, caseId, { type: 'record-session', attendance: [{ partyId: 'P1', present: true }, { partyId: 'P2', present: true }], minutes: '双方各执一词，同意提交街道调解。', outcome: 'no-agreement', escalate: true });
    expect(failed.body).toMatchObject({ tier: 'town', centre: { id: 'hbw-xinhua-centre' }, status: 'assigned' });

    const town = mediatorToken(stack, failed.body.mediator!.id);
    expect((await act(village, caseId, { type: 'accept' })).status).toBe(403);
    await act(town, caseId, { type: 'accept' });
    const agreed = await act(town, caseId, { type: 'record-session', attendance: [], minutes: '经调解双方达成一致。', outcome: 'agreement', terms: '赵建国于2026年12月15日前修复漏水并赔偿维修费2000元。', performanceDeadline: '2026-12-15T09:00:00Z' });
    expect(agreed.body.status).toBe('agreed');
    // Party 1 confirms through the hotline (its own channel); party 2 at the counter, attested by the mediator.
    expect((await act(keys.hotline, caseId, { type: 'confirm', partyId: 'P1', via: 'own-channel' })).status).toBe(200);
    expect((await act(keys.hotline, caseId, { type: 'confirm', partyId: 'P2', via: 'counter' })).status).toBe(403);
    const effective = await act(town, caseId, { type: 'confirm', partyId: 'P2', via: 'counter' });
    expect(effective.body.agreement?.judicialWindowClosesAt).toBeDefined();
    await act(town, caseId, { type: 'record-judicial', outcome: 'confirmed', courtCaseNumber: '(2026)内0302民特88号' });
    await act(town, caseId, { type: 'follow-up', performance: 'performed', note: '已修复并赔付' });
    expect((await act(town, caseId, { type: 'close' })).body.status).toBe('closed');

    // The agreement in Chinese, with names for the mediator and masked for the partner.
    const document = await fetch(`${stack.apiUrl}/v1/disputes/${caseId}/documents/agreement`, { headers: { authorization: `Bearer ${town}` } });
    expect(document.headers.get('content-type')).toContain('text/markdown');
    const text = await document.text();
    expect(text).toContain('人民调解协议书');
    expect(text).toContain('王秀英');
    const masked = await (await fetch(`${stack.apiUrl}/v1/disputes/${caseId}/documents/agreement`, { headers: { authorization: `Bearer ${keys.hotline}` } })).text();
    expect(masked).not.toContain('王秀英');
    expect(masked).not.toContain('13912345678');

    const steps = ['调解登记', '指派调解员', '调解受理', '已安排调解', '调解会已召开', '提级调解', '指派调解员', '调解受理', '调解会已召开', '达成调解协议', '当事人确认', '当事人确认', '司法确认', '回访', '调解结案'];
    const view = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.history.length >= 2 + steps.length ? res.body : undefined;
    }, 20_000, 'the case to show every step of the dispute');
    expect(view.status).toBe('closed');
    expect(view.mediation).toMatchObject({ code, tier: 'town', status: 'closed' });
    const notes = view.history.slice(2).map((h) => h.note);
    steps.forEach((step, i) => expect(notes[i]).toContain(step));
  });

  it('a second dispute goes to the court with its referral package', async () => {
    const registered = await call<DisputeRegistered>(stack, keys.petition, 'POST', '/v1/disputes', registration('hbw-xinhua-3'), { 'idempotency-key': 'court-1' });
    expect(registered.status).toBe(201);
    const again = await call<DisputeRegistered>(stack, keys.petition, 'POST', '/v1/disputes', registration('hbw-xinhua-3'), { 'idempotency-key': 'court-1' });
    expect(again.body).toEqual(registered.body);
    expect((await call(stack, keys.petition, 'POST', '/v1/disputes', registration('hbw-xinhua-3', { title: '另一件事' }), { 'idempotency-key': 'court-1' })).status).toBe(409);

    const id = registered.body.disputeId;
    const mediator = mediatorToken(stack, 'hbw-xinhua-3-committee-m1');
    await act(mediator, id, { type: 'accept' });
    await act(mediator, id, { type: 'record-session', attendance: [], minutes: '被申请人拒绝调解。', outcome: 'no-agreement' });
    const referred = await act(mediator, id, { type: 'refer-to-court', reason: '被申请人拒绝继续调解' });
    expect(referred.body.status).toBe('referred-to-court');
    const pack = await fetch(`${stack.apiUrl}/v1/disputes/${id}/documents/court-referral`, { headers: { authorization: `Bearer ${mediator}` } });
    const text = await pack.text();
    expect(text).toContain('诉调对接移送函');
    expect(text).toContain('被申请人拒绝继续调解');
    expect(text).toContain('13912345678');
    // Closed to anyone who is not its mediator, centre, supervisor or partner.
    expect((await call(stack, mediatorToken(stack, 'hbw-xinhua-1-committee-m1'), 'GET', `/v1/disputes/${id}`)).status).toBe(404);
  });

  it('the sixth dispute in a one-mediator village waits in the queue and is taken when an earlier one closes', async () => {
    // The administrator gives the village's one mediator room for five.
    const put = await call<{ capacity: number }>(stack, keys.administrator, 'PUT', '/v1/mediators/hbw-xinhua-4-committee-m1', {
      name: '唐振华', committeeId: 'hbw-xinhua-4-committee', specialties: ['*'], capacity: 5,
    });
    expect(put.body.capacity).toBe(5);
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call<DisputeRegistered>(stack, keys.petition, 'POST', '/v1/disputes', registration('hbw-xinhua-4', { parties: parties.map((p, k) => ({ ...p, name: `${p.name}${i}${k}`, phone: undefined, idNumber: undefined })) }));
      ids.push(res.body.disputeId);
    }
    const sixth = await call<DisputeView>(stack, keys.supervisor, 'GET', `/v1/disputes/${ids[5]}`);
    expect(sixth.body.status).toBe('queued');
    expect(sixth.body.mediator).toBeUndefined();
    const queue = await call<{ items: { disputeId: string }[] }>(stack, coordinatorToken(stack, 'hbw-xinhua-4-committee'), 'GET', '/v1/disputes?status=queued');
    expect(queue.body.items.map((i) => i.disputeId)).toEqual([ids[5]]);

    const mediator = mediatorToken(stack, 'hbw-xinhua-4-committee-m1');
    await act(mediator, ids[0]!, { type: 'accept' });
    await act(mediator, ids[0]!, { type: 'record-session', attendance: [], minutes: '和解', outcome: 'agreement', terms: '互相谅解' });
    await act(mediator, ids[0]!, { type: 'confirm', partyId: 'P1', via: 'counter' });
    await act(mediator, ids[0]!, { type: 'confirm', partyId: 'P2', via: 'counter' });
    expect((await act(mediator, ids[0]!, { type: 'close' })).body.status).toBe('closed');
    const taken = await call<DisputeView>(stack, mediator, 'GET', `/v1/disputes/${ids[5]}`);
    expect(taken.body).toMatchObject({ status: 'assigned', mediator: { id: 'hbw-xinhua-4-committee-m1' } });
    const directory = await call<{ load: number }>(stack, keys.supervisor, 'GET', '/v1/mediators/hbw-xinhua-4-committee-m1');
    expect(directory.body.load).toBe(5);
  });

  it('refuses bad input with problem documents and stores nothing', async () => {
    const bad = await call<{ type: string; errors: unknown[] }>(stack, keys.petition, 'POST', '/v1/disputes', { ...registration('hbw-xinhua-5'), parties: [parties[0]] });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect((await call(stack, keys.operator, 'GET', '/v1/disputes?cursor=not-a-cursor&status=queued')).status).toBe(400);
    expect((await call(stack, keys.operator, 'GET', '/v1/disputes?colour=red')).status).toBe(422);
    expect((await call(stack, keys.operator, 'GET', '/v1/disputes/x'.padEnd(5000, 'x'))).status).toBe(404);
    expect((await call(stack, keys.gridWorker, 'GET', '/v1/disputes?status=queued')).status).toBe(403);
    const openapi = await call<{ paths: Record<string, unknown> }>(stack, undefined, 'GET', '/v1/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/disputes', '/v1/disputes/{disputeId}', '/v1/disputes/{disputeId}/actions', '/v1/mediators']));
  });
});
