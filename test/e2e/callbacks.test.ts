import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackNotice, CallbackView, CallbackWithSecret, CaseView, DeliveryView, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { call, eventually, keysFor, staffToken, streetlightElsewhere, type Stack } from './harness';

/**
 * Partner callbacks against the local system (issue 13 §1, ADR 0008): a receiver that fails
 * a few times gets every notice in order; a 410 disables the endpoint; a dead endpoint's
 * notices end in the dead-letter list and come again on redelivery; a hanging endpoint does
 * * not hold up another partner. The retry schedule is shortened through the environment.
 */

interface Received {
  headers: Record<string, string>;
  body: string;
  notice: CallbackNotice;
}

/** A partner's receiver on this machine; `answer` decides each response (a status, or hang). */
async function receiver(answer: (count: number) => number | 'hang', port = 0) {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  let count = 0;
  let open = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const decision = answer(++count);
      if (decision === 'hang') {
        hanging.push(res);
        open++;
        res.on('close', () => open--);
        return;
      }
      if (decision >= 200 && decision < 300) {
        received.push({ headers: req.headers as Record<string, string>, body, notice: JSON.parse(body) as CallbackNotice });
      }
      res.writeHead(decision).end();
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/notices`,
    port: address.port,
    received,
    attempts: () => count,
    /** Requests it holds unanswered (the sender has not yet given up on them). */
    unanswered: () => open,
    /** Notices of one case, once each (at least once: a repeat has the same webhook-id), in arrival order. */
    forCase(caseId: string) {
      const seen = new Set<string>();
      return received.filter((r) => r.notice.data.caseId === caseId && !seen.has(r.headers['webhook-id']!) && seen.add(r.headers['webhook-id']!)).map((r) => r.notice);
    },
    close: () =>
      new Promise<void>((r) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let stack: Stack;
let keys: ReturnType<typeof keysFor>;
const receivers: { close: () => Promise<void> }[] = [];
const partnerKey = (partnerId: string) => stack.partnerKeys[partnerId]!;

beforeAll(async () => {
  stack = await startLocalStack({
    inMemory: true,
    port: 0,
    sweepIntervalMs: 300,
    functionEnv: { CALLBACK_RETRY_BASE_MS: '200', CALLBACK_RETRY_CAP_MS: '800', CALLBACK_GIVE_UP_AFTER_MS: '10000', CALLBACK_ATTEMPT_TIMEOUT_MS: '8000' },
  });
  keys = keysFor(stack);
}, 180_000);

afterAll(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  await stack?.stop();
});

async function register(key: string, url: string, events?: string[]) {
  const res = await call<CallbackWithSecret>(stack, key, 'POST', '/v1/partners/me/callbacks', { url, ...(events ? { events } : {}) });
  expect(res.status).toBe(201);
  expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  return res.body;
}

async function submit(key: string, body: object): Promise<string> {
  const res = await call<SubmitAccepted>(stack, key, 'POST', '/v1/requests', body);
  expect(res.status).toBe(202);
  return res.body.caseId;
}

const act = (key: string, caseId: string, body: object) => call<{ status: string }>(stack, key, 'POST', `/v1/workorders/${caseId}/actions`, body);

describe('partner callbacks', () => {
  it('refuses plain http to other hosts, and a role other than partner', async () => {
    const bad = await call(stack, keys.hotline, 'POST', '/v1/partners/me/callbacks', { url: 'http://example.com/hook' });
    expect(bad.status).toBe(422);
    expect(bad.contentType).toContain('application/problem+json');
    expect((await call(stack, keys.operator, 'GET', '/v1/partners/me/callbacks')).status).toBe(403);
    expect((await call(stack, keys.hotline, 'DELETE', '/v1/partners/me/callbacks/cb_nosuchcallback0000')).status).toBe(404);
  });

  it('delivers every notice of a case, in order, through a receiver that fails a few times, signed as Standard Webhooks says', async () => {
    const flaky = await receiver((n) => (n <= 3 ? 500 : 200));
    receivers.push(flaky);
    const created = await register(keys.hotline, flaky.url);
    const caseId = await submit(keys.hotline, streetlightElsewhere());
    const dispatched = await eventually(async () => {
      const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
      return res.body.status === 'dispatched' ? res.body : undefined;
    }, 30_000, 'dispatch');
    const staff = staffToken(stack, dispatched.department!.id);
    expect((await act(staff, caseId, { type: 'sign' })).status).toBe(200);
    // Notices already on their way are signed with the old secret; from here both sign.
    await eventually(async () => (flaky.forCase(caseId).length >= 4 ? true : undefined), 30_000, 'the first four notices');
    const rotated = await call<CallbackWithSecret>(stack, keys.hotline, 'POST', `/v1/partners/me/callbacks/${created.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    expect(rotated.body.previousSecretValidUntil).toBeDefined();
    expect((await act(staff, caseId, { type: 'resolve', result: '已更换灯泡' })).status).toBe(200);
    expect((await act(keys.gridWorker, caseId, { type: 'verify', passed: true })).status).toBe(200);
    expect((await act(keys.hotline, caseId, { type: 'rate', rating: 'satisfied' })).status).toBe(200);

    const expected = [
      ['case.accepted', 'received'],
      ['case.classified', 'classified'],
      ['case.dispatched', 'dispatched'],
      ['case.signed', 'signed'],
      ['case.resolved', 'resolved'],
      ['case.awaiting-rating', 'verified'],
      ['case.closed', 'closed'],
    ];
    const notices = await eventually(async () => {
      const got = flaky.forCase(caseId);
      return got.length >= expected.length ? got : undefined;
    }, 30_000, 'every notice of the case');
    expect(flaky.attempts()).toBeGreaterThan(3);
    expect(notices.map((n) => [n.type, n.data.status])).toEqual(expected);
    expect(notices.map((n) => n.data.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const n of notices) {
      expect(n.data.caseNumber).toMatch(/^WH-\d{8}-\d{6}$/);
      expect(n.data.message).toMatch(/[\u4e00-\u9fff]/);
    }
    // No personal data: the reporter's name and phone never travel.
    expect(flaky.received.map((r) => r.body).join('')).not.toMatch(/13912345678|张女士/);

    // Every delivery verifies with the secret the partner held; after the rotation, with either secret.
    const rotatedAt = Date.parse(rotated.body.secretRotatedAt!);
    for (const r of flaky.received.filter((x) => x.notice.data.caseId === caseId)) {
      const verified = new Webhook(created.secret).verify(r.body, r.headers) as CallbackNotice;
      expect(verified.data.eventId).toBe(r.headers['webhook-id']);
      if (Number(r.headers['webhook-timestamp']) * 1000 >= rotatedAt + 1000) {
        expect(r.headers['webhook-signature']!.split(' ')).toHaveLength(2);
        expect(() => new Webhook(rotated.body.secret).verify(r.body, r.headers)).not.toThrow();
      }
    }
    expect(() => new Webhook(created.secret).verify(flaky.received[0]!.body, { ...flaky.received[0]!.headers, 'webhook-id': 'forged' })).toThrow();
    await call(stack, keys.hotline, 'DELETE', `/v1/partners/me/callbacks/${created.id}`);
  }, 120_000);

  it('disables an endpoint that answers 410 Gone', async () => {
    const gone = await receiver(() => 410);
    receivers.push(gone);
    const key = partnerKey('grid-app');
    const created = await register(key, gone.url);
    await submit(key, { ...streetlightElsewhere(), channel: 'grid-worker-app' });
    const disabled = await eventually(async () => {
      const res = await call<{ items: CallbackView[] }>(stack, key, 'GET', '/v1/partners/me/callbacks');
      return res.body.items.find((c) => c.id === created.id && c.disabled);
    }, 30_000, 'the endpoint to be disabled');
    expect(disabled.disabled!.reason).toContain('410');
    const before = gone.attempts();
    const next = await submit(key, { ...streetlightElsewhere(), channel: 'grid-worker-app' });
    // Nothing more goes to it: once the next case is routed and every queue is empty, count again.
    await eventually(async () => {
      const res = await call<CaseView>(stack, key, 'GET', `/v1/requests/${next}`);
      return res.body.status === 'dispatched' ? true : undefined;
    }, 30_000, 'the next case to be dispatched');
    expect(await stack.drain(20_000)).toBe(true);
    expect(gone.attempts()).toBe(before);
  }, 90_000);

  it('parks a dead endpoint’s notices in the dead-letter list, and redelivers them when asked', async () => {
    const port = await freePort();
    const key = partnerKey('petition');
    await register(key, `http://127.0.0.1:${port}/notices`);
    const caseId = await submit(key, { ...streetlightElsewhere(), channel: 'petition' });
    const failed = await eventually(async () => {
      const res = await call<{ items: DeliveryView[] }>(stack, key, 'GET', '/v1/partners/me/deliveries?state=failed');
      const item = res.body.items.find((d) => d.caseId === caseId);
      // The acceptance failed; the later notices wait behind it, all in the same delivery.
      return item && item.notices.length >= 3 ? item : undefined;
    }, 60_000, 'the delivery to be dead-lettered');
    expect(failed.state).toBe('failed');
    expect(failed.attempts).toBeGreaterThan(1);
    expect(failed.lastError).toMatch(/connection failed/);
    expect(failed.notices[0]!.type).toBe('case.accepted');
    expect((await call(stack, key, 'GET', '/v1/partners/me/deliveries?state=delivered')).status).toBe(422);

    const revived = await receiver(() => 204, port);
    receivers.push(revived);
    const redelivered = await call<DeliveryView>(stack, key, 'POST', `/v1/partners/me/deliveries/${failed.id}/redeliver`);
    expect(redelivered.status).toBe(202);
    const notices = await eventually(async () => {
      const got = revived.forCase(caseId);
      return got.length >= failed.notices.length ? got : undefined;
    }, 30_000, 'the redelivered notices');
    expect(notices.map((n) => n.data.sequence)).toEqual(failed.notices.map((n) => n.sequence));
    const after = await call<{ items: DeliveryView[] }>(stack, key, 'GET', '/v1/partners/me/deliveries?state=failed');
    expect(after.body.items.find((d) => d.caseId === caseId)).toBeUndefined();
  }, 120_000);

  it('keeps another partner’s notices flowing while one endpoint hangs', async () => {
    const hanging = await receiver(() => 'hang');
    const quick = await receiver(() => 200);
    receivers.push(hanging, quick);
    const slowKey = partnerKey('mini-program-minyi');
    const quickKey = partnerKey('hbw-wechat');
    await register(slowKey, hanging.url);
    await register(quickKey, quick.url);
    await submit(slowKey, { ...streetlightElsewhere(), channel: 'mini-program' });
    await eventually(async () => (hanging.unanswered() >= 1 ? true : undefined), 20_000, 'the hanging endpoint to be called');
    const caseId = await submit(quickKey, { ...streetlightElsewhere(), channel: 'wechat', location: { address: '海勃湾区新华街道' } });
    await eventually(async () => (quick.forCase(caseId).length >= 1 ? true : undefined), 20_000, 'the other partner’s acceptance');
    // It arrived while the hanging endpoint still held its request (attempts give up after 8 s here):
    // the other partner never waited for it.
    expect(hanging.unanswered()).toBeGreaterThanOrEqual(1);
  }, 90_000);
});
