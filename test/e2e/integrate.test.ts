import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseList, CaseView, DisputeRegistered, DisputeView, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, mediatorToken, staffToken, streetlightElsewhere, type Stack } from './harness';

/**
 * Issue 13 §6, an integrator's first hour: the number read to the citizen works wherever a
 * case id does, a partner finds its cases by its own id and by what changed since a time,
 * and a refused step says why in the right order (403 for a role that never may, 409 for
 * the wrong moment with what may be done now and by whom).
 */
let stack: Stack;
let keys: ReturnType<typeof keysFor>;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300 });
  keys = keysFor(stack);
});

afterAll(async () => {
  await stack?.stop();
});

type Problem = { type: string; status: number; detail?: string; allowedNow?: { action: string; roles: string[] }[] };

async function submit(body: object, key = keys.hotline): Promise<SubmitAccepted> {
  const res = await call<SubmitAccepted>(stack, key, 'POST', '/v1/requests', body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body;
}

async function dispatched(caseId: string): Promise<CaseView> {
  return eventually(async () => {
    const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
    const order = await call(stack, keys.operator, 'GET', `/v1/workorders/${caseId}`);
    return res.body.status === 'dispatched' && order.status === 200 ? res.body : undefined;
  }, 30_000, `case ${caseId} dispatched`);
}

describe('the case number read to the citizen', () => {
  it('names the case in every route that takes a case id', async () => {
    const accepted = await submit(streetlightElsewhere());
    expect(accepted.caseNumber).toMatch(/^WH-\d{8}-\d{6}$/);
    const view = await dispatched(accepted.caseId);

    const byNumber = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${accepted.caseNumber}`);
    expect(byNumber.status).toBe(200);
    expect(byNumber.body.caseId).toBe(accepted.caseId);
    // Another partner learns nothing from a number either.
    expect((await call(stack, keys.petition, 'GET', `/v1/requests/${accepted.caseNumber}`)).status).toBe(404);

    const order = await eventually(async () => {
      const res = await call<{ caseId: string }>(stack, keys.hotline, 'GET', `/v1/workorders/${accepted.caseNumber}`);
      return res.status === 200 ? res.body : undefined;
    }, 10_000, 'the work order by number');
    expect(order.caseId).toBe(accepted.caseId);

    const staff = staffToken(stack, view.department!.id);
    const signed = await call<{ status: string }>(stack, staff, 'POST', `/v1/workorders/${accepted.caseNumber}/actions`, { type: 'sign' });
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect(signed.body.status).toBe('signed');

    expect((await call(stack, keys.hotline, 'GET', '/v1/requests/WH-20000101-999999')).status).toBe(404);
  });
});

describe("a partner's own cases without polling each", () => {
  it('finds its cases by its own externalId, and no other partner does', async () => {
    const externalId = `crm-${Date.now()}`;
    const accepted = await submit({ ...streetlightElsewhere(), externalId });
    const found = await eventually(async () => {
      const res = await call<CaseList>(stack, keys.hotline, 'GET', `/v1/requests?externalId=${externalId}`);
      return res.status === 200 && res.body.items.length > 0 ? res.body : undefined;
    }, 10_000, 'the case by externalId');
    expect(found.items.map((c) => c.caseNumber)).toEqual([accepted.caseNumber]);
    expect(found.items[0]!.externalId).toBe(externalId);
    const other = await call<CaseList>(stack, keys.grid, 'GET', `/v1/requests?externalId=${externalId}`);
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  });

  it('lists the cases changed since a time, page by page, and a case again when it moves', async () => {
    const since = new Date().toISOString();
    const submitted = [await submit(streetlightElsewhere()), await submit(streetlightElsewhere()), await submit(streetlightElsewhere())];
    const all = async (from: string) => {
      const seen: CaseView[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const res = await call<CaseList & Problem>(stack, keys.hotline, 'GET', `/v1/requests?changedSince=${encodeURIComponent(from)}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.cursor;
        pages++;
      } while (cursor && pages < 50);
      return seen;
    };
    // Wait until all three are dispatched: their last change is then the dispatch.
    const views = await Promise.all(submitted.map((s) => dispatched(s.caseId)));
    const listed = await eventually(async () => {
      const seen = await all(since);
      return submitted.every((s) => seen.some((c) => c.caseId === s.caseId && c.status === 'dispatched')) ? seen : undefined;
    }, 10_000, 'the three cases in the changes list');
    expect(listed.every((c) => c.changedAt! > since)).toBe(true);
    // Oldest change first, no case twice.
    expect(listed.map((c) => c.changedAt)).toEqual(listed.map((c) => c.changedAt).sort());
    expect(new Set(listed.map((c) => c.caseId)).size).toBe(listed.length);

    // One moves on (signed): it is listed again after the last change seen, the others are not.
    const last = listed.map((c) => c.changedAt!).sort().at(-1)!;
    const moved = views[1]!;
    expect((await call(stack, staffToken(stack, moved.department!.id), 'POST', `/v1/workorders/${moved.caseId}/actions`, { type: 'sign' })).status).toBe(200);
    const after = await eventually(async () => {
      const seen = await all(last);
      return seen.some((c) => c.caseId === moved.caseId && c.status === 'signed') ? seen : undefined;
    }, 10_000, 'the signed case in the changes list');
    expect(after.filter((c) => submitted.some((s) => s.caseId === c.caseId)).map((c) => c.caseId)).toEqual([moved.caseId]);
  });

  it('refuses a list that names neither, or both, with a problem document', async () => {
    const neither = await call<Problem>(stack, keys.hotline, 'GET', '/v1/requests');
    expect(neither.status).toBe(422);
    const both = await call<Problem>(stack, keys.hotline, 'GET', `/v1/requests?externalId=x&changedSince=${encodeURIComponent(new Date().toISOString())}`);
    expect(both.status).toBe(422);
    expect((await call<Problem>(stack, keys.hotline, 'GET', '/v1/requests?externalId=x&cursor=nonsense')).status).toBe(400);
  });
});

describe('a refused step says why, in the right order', () => {
  it('work orders: 403 for a role that may never take it, 409 for the wrong moment with the steps allowed now', async () => {
    const accepted = await submit(streetlightElsewhere());
    const view = await dispatched(accepted.caseId);
    // The partner may never sign, even though signing is allowed now: 403.
    const partnerSigns = await call<Problem>(stack, keys.hotline, 'POST', `/v1/workorders/${accepted.caseId}/actions`, { type: 'sign' });
    expect(partnerSigns.status).toBe(403);
    expect(partnerSigns.body.allowedNow).toBeUndefined();
    // The partner may rate, but not yet: 409, with what may be done now and by whom.
    const early = await call<Problem>(stack, keys.hotline, 'POST', `/v1/workorders/${accepted.caseId}/actions`, { type: 'rate', rating: 'satisfied' });
    expect(early.status).toBe(409);
    expect(early.body.type).toMatch(/action-not-allowed-now$/);
    expect(early.body.allowedNow).toEqual([
      { action: 'sign', roles: ['department', 'operator'] },
      { action: 'return', roles: ['department', 'operator'] },
      { action: 'transfer', roles: ['dispatcher', 'operator'] },
      { action: 'recategorise', roles: ['dispatcher', 'operator'] },
    ]);
    const staffResolves = await call<Problem>(stack, staffToken(stack, view.department!.id), 'POST', `/v1/workorders/${accepted.caseId}/actions`, { type: 'resolve', result: '已处理' });
    expect(staffResolves.status).toBe(409);
    expect(staffResolves.body.allowedNow?.map((a) => a.action)).toContain('sign');
  });

  it('disputes: 403 for a role that may never take it, 409 with the steps allowed now', async () => {
    const registered = await call<DisputeRegistered>(stack, keys.hotline, 'POST', '/v1/disputes', {
      source: 'counter',
      type: 'neighbour',
      title: '楼上漏水',
      narrative: '楼上卫生间漏水把我家天花板泡坏了，多次找他协商不理睬。',
      parties: [
        { role: 'applicant', kind: 'person', name: '王秀英', phone: '13912340001', channel: 'own-channel' },
        { role: 'respondent', kind: 'person', name: '赵建国', phone: '13698760001' },
      ],
      location: { gridId: 'hbw-xinhua-2-g1' },
      consentToMediate: true,
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const id = registered.body.disputeId;
    const view = await call<DisputeView>(stack, keys.operator, 'GET', `/v1/disputes/${id}`);
    expect(view.body.status).toBe('assigned');
    // A partner may never close a dispute: 403.
    expect((await call<Problem>(stack, keys.hotline, 'POST', `/v1/disputes/${id}/actions`, { type: 'close' })).status).toBe(403);
    // The holding mediator may close, but only an agreed one: 409 and what may be done now.
    const early = await call<Problem>(stack, mediatorToken(stack, view.body.mediator!.id), 'POST', `/v1/disputes/${id}/actions`, { type: 'close' });
    expect(early.status).toBe(409);
    expect(early.body.allowedNow).toContainEqual({ action: 'accept', roles: ['mediator', 'coordinator', 'operator'] });
    expect(early.body.allowedNow).toContainEqual({ action: 'withdraw', roles: ['mediator', 'coordinator', 'operator', 'partner'] });
  });
});
