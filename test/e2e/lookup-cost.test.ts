import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, SubmitAccepted } from '@govflow/contracts';
import { Meter } from '@govflow/local/metering';
import { startLocalStack } from '@govflow/local/stack';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { decodeEntries } from '../../services/intake/src/domain/changes';
import { call, clientsFor, eventually, keysFor, staffToken, streetlightElsewhere, type Stack } from './harness';

/**
 * What finding cases by number, by externalId and by change costs in writes, counted by the
 * meter in front of DynamoDB over one case's whole life (issue 13 §6: "mind the cost").
 * Intake's indexes hold keys only: `numbers`, `external` and Open311's `partnerCases` take one
 * entry each when the case is stored, and none after. A partner's changed cases are listed from
 * a change log the table's stream writes (ADR 0027): a batch's changes one item per partner,
 * not an index entry moved (out and in: two writes) by every change. Events ride on the item
 * their change writes (ADR 0023): the `case.received` event and each notice cost no index write.
 */
let stack: Stack;
const meter = new Meter();

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, meter, sweepIntervalMs: 60_000 });
});

afterAll(async () => {
  await stack?.stop();
});

function indexWrites(table: string): number {
  return Object.values(meter.snapshot().dynamodb).reduce((sum, tables) => sum + (tables[table]?.indexWriteUnits ?? 0), 0);
}

describe('the cost of the partner lookups', () => {
  it('is one index write per case for the number, the externalId and the partner’s list, and a share of a log item per change', async () => {
    const keys = keysFor(stack);
    meter.enabled = true;
    const accepted = await call<SubmitAccepted>(stack, keys.hotline, 'POST', '/v1/requests', { ...streetlightElsewhere(), externalId: 'crm-cost-1' });
    expect(accepted.status).toBe(202);
    const { caseId } = accepted.body;
    const dispatched = await eventually(async () => {
      const view = (await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`)).body;
      return view.status === 'dispatched' ? view : undefined;
    }, 30_000, 'dispatched');
    const staff = staffToken(stack, dispatched.department!.id);
    for (const [key, body] of [
      [staff, { type: 'sign' }],
      [staff, { type: 'resolve', result: '已修好' }],
      [keys.hotline, { type: 'verify', passed: true }],
      [keys.hotline, { type: 'rate', rating: 'satisfied' }],
    ] as const) {
      expect((await call(stack, key, 'POST', `/v1/workorders/${caseId}/actions`, body)).status).toBe(200);
    }
    const closed = await eventually(async () => {
      const view = (await call<CaseView>(stack, keys.hotline, 'GET', `/v1/requests/${caseId}`)).body;
      return view.status === 'closed' && view.history.length >= 7 ? view : undefined;
    }, 30_000, 'closed in intake');
    // Each event intake took in after the first adds one history entry and one notice; the case's
    // version counts its writes (a batch's run of one case's events is written once).
    const notices = closed.history.length - 1;
    const { doc } = clientsFor(stack);
    const stored = await doc.send(new GetCommand({ TableName: stack.tableNames.intake, Key: { pk: `CASE#${caseId}`, sk: 'CASE' }, ConsistentRead: true }));
    const changes = (stored.Item!.version as number) - 1;
    expect(changes).toBeGreaterThan(0);
    expect(changes).toBeLessThanOrEqual(notices);
    // The case's birth: `numbers`, `external` and `partnerCases`; no index moves with its changes.
    expect(indexWrites(stack.tableNames.intake)).toBe(3);
    // Each change is in the partner's log instead, the last one included: at most one log write a change, fewer when a batch holds several.
    const logged = await eventually(async () => {
      const out = await doc.send(new ScanCommand({ TableName: stack.tableNames.intake, ConsistentRead: true, FilterExpression: 'begins_with(pk, :log)', ExpressionAttributeValues: { ':log': 'CHANGES#' } }));
      const times = (out.Items ?? []).flatMap((item) => decodeEntries('', item.entries as string)).filter((e) => e.caseId === caseId).map((e) => e.changedAt);
      return times.includes(stored.Item!.changedAt as string) ? new Set(times) : undefined;
    }, 30_000, 'the case’s last change in the log');
    expect(logged.size).toBeGreaterThanOrEqual(2);
    expect(logged.size).toBeLessThanOrEqual(changes + 1);
    const logWrites = meter.snapshot().dynamodb['intake-changes']?.[stack.tableNames.intake]?.writes ?? 0;
    expect(logWrites).toBeGreaterThan(0);
    expect(logWrites).toBeLessThanOrEqual(logged.size);
  });
});
