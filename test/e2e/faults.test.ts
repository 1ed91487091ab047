import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { subscribersOf, type CaseView, type Envelope, type ReportSummary, type SubmitAccepted } from '@govflow/contracts';
import { eventsStoredOn } from '@govflow/platform';
import type { FaultAction, FaultInjector, SdkCall } from '@govflow/local/faults';
import { startLocalStack } from '@govflow/local/stack';
import { call, clientsFor, countItems, eventually, keysFor, streetlightElsewhere, type Stack } from './harness';

/**
 * Faults in intake's relay (`intake-relay`, on intake's table stream), at its queue sends only.
 * Cases are told apart by the order in which the relay first sends them:
 * - the first case's sends are throttled for as long as `holding` says (nothing reaches a queue);
 * - the second case's first send reaches its queue, then the invocation dies (a send that
 *   landed, in a batch the stream hands over again: its queue gets the event twice).
 * Every send the relay makes is written down per case: what was done to it, or `sent`.
 */
class RelayFaults implements FaultInjector {
  readonly cases: string[] = [];
  readonly calls = new Map<string, (FaultAction | 'sent')[]>();
  holding = true;

  decide(call: SdkCall): FaultAction | undefined {
    if (call.functionId !== 'intake-relay' || call.operation !== 'SendMessageBatch') return undefined;
    let action: FaultAction | undefined;
    for (const caseId of call.caseIds) {
      if (!this.cases.includes(caseId)) this.cases.push(caseId);
      const before = this.calls.get(caseId) ?? [];
      const which = this.cases.indexOf(caseId);
      if (which === 0 && this.holding) action ??= 'throttle';
      if (which === 1 && before.length === 0) action ??= 'crash-after';
    }
    for (const caseId of call.caseIds) this.calls.set(caseId, [...(this.calls.get(caseId) ?? []), action ?? 'sent']);
    return action;
  }

  of(caseId: string): (FaultAction | 'sent')[] {
    return this.calls.get(caseId) ?? [];
  }
}

const faults = new RelayFaults();
let stack: Stack;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, visibilityTimeoutSeconds: 1, faults });
});

afterAll(async () => {
  await stack?.stop();
});

/** The events the case's item carries: stored by the write that made them (ADR 0023). */
async function eventsOnCase(caseId: string): Promise<Envelope[]> {
  const { doc } = clientsFor(stack);
  const { Item } = await doc.send(new GetCommand({ TableName: stack.tableNames.intake, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }));
  return eventsStoredOn(Item);
}

describe('a fault between storing a case and publishing its event', () => {
  it('retries the relay’s failed sends from the stream until each case arrives, and each still ends as exactly one case in dispatch and reporting', async () => {
    const keys = keysFor(stack);
    const submit = async () => {
      const res = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', streetlightElsewhere());
      expect(res.status).toBe(202);
      return res.body.caseId;
    };
    const settled = (caseId: string) =>
      eventually(async () => {
        const res = await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`);
        return res.body.status === 'dispatched' ? res.body : undefined;
      }, 30_000, `case ${caseId} to be dispatched`);

    // 1. Every send of the first case fails. The request is answered all the same: the case and its event were stored in one write.
    const held = await submit();
    const [receivedEvent, ...others] = await eventsOnCase(held);
    expect(others).toEqual([]);
    expect(receivedEvent).toMatchObject({ type: 'case.received', caseId: held });
    // One send per subscribing queue a try: three tries' worth means the stream handed the batch over at least twice more.
    const queues = subscribersOf(receivedEvent!).length;
    expect(queues).toBeGreaterThan(0);
    await eventually(async () => (faults.of(held).length >= 3 * queues ? true : undefined), 20_000, 'the relay to try the held case three times');
    expect(faults.cases[0]).toBe(held);
    expect(faults.of(held).every((action) => action === 'throttle')).toBe(true);
    // Nothing of it has reached dispatch.
    expect((await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${held}`)).body.status).toBe('received');
    expect(await countItems(stack, 'dispatch', `CASE#${held}`)).toBe(0);

    // The queues come back: the stream's next hand-over sends it to every queue.
    faults.holding = false;
    await settled(held);
    const throttled = faults.of(held).filter((action) => action === 'throttle').length;
    expect(throttled).toBeGreaterThanOrEqual(3 * queues);
    expect(faults.of(held).slice(0, throttled).every((action) => action === 'throttle')).toBe(true);
    expect(faults.of(held).slice(throttled, throttled + queues)).toEqual(Array.from({ length: queues }, () => 'sent'));
    expect(await stack.drain(30_000)).toBe(true);

    // 2. The second case's first send lands and its relay dies before the batch is passed: the stream hands it over again, and its queue gets the event twice.
    const doubled = await submit();
    await settled(doubled);
    expect(await stack.drain(30_000)).toBe(true);
    expect(faults.cases.slice(0, 2)).toEqual([held, doubled]);
    const doubledSends = faults.of(doubled);
    expect(doubledSends[0]).toBe('crash-after');
    // The send that landed before the crash, and the hand-over's send to every queue: more sends landed than there are queues, so one queue got the event twice.
    expect(doubledSends.filter((action) => action === 'sent').length).toBeGreaterThanOrEqual(queues);

    // Exactly once in effect, whatever reached the queues: one case each in intake and dispatch, no history entry twice, reporting counting two.
    for (const caseId of [held, doubled]) {
      const view = await settled(caseId);
      const entries = view.history.map((h) => `${h.status} ${h.note}`);
      expect(new Set(entries).size).toBe(entries.length);
      expect(await countItems(stack, 'dispatch', `CASE#${caseId}`)).toBe(1);
    }
    expect(await countItems(stack, 'intake', 'CASE#', 'CASE')).toBe(2);
    expect(await countItems(stack, 'dispatch', 'CASE#')).toBe(2);
    const summary = await eventually(async () => {
      const res = await call<ReportSummary>(stack, keys.operator, 'GET', '/v1/reports/summary');
      return res.body.byStatus?.dispatched === 2 ? res.body : undefined;
    }, 20_000, 'reporting to count both');
    expect(summary.total).toBe(2);
  }, 120_000);
});
