import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { callerOf, indexWriteUnits, itemSize, streamOutboxUnits, type WrittenItem } from '../src/metering';

describe('the local meter', () => {
  it('sizes items as DynamoDB does: names plus values', () => {
    expect(itemSize({ pk: { S: 'CASE#1' }, n: { N: '12345' }, ok: { BOOL: true } })).toBe(2 + 6 + 1 + 4 + 2 + 1);
    expect(itemSize({ m: { M: { a: { S: 'xy' } } } })).toBe(1 + 3 + 1 + 1 + 2);
    expect(itemSize({ s: { S: '路灯' } })).toBe(1 + 6);
  });

  it('counts index writes when an item enters, leaves, moves in or (projected whole) changes in an index', () => {
    const schema = { keys: ['pk', 'sk'], indexes: [{ partitionKey: 'triageKey', sortKey: 'receivedAt', keysOnly: true }, { partitionKey: 'inboxKey', sortKey: 'receivedAt', keysOnly: false }] };
    const base = { pk: { S: 'CASE#1' }, sk: { S: 'DISPATCH' }, receivedAt: { S: '2026-11-26' }, body: { S: 'x'.repeat(1500) } };
    const inTriage = { ...base, triageKey: { S: 'TRIAGE' } };
    const inInbox = { ...base, inboxKey: { S: 'DEPT#a' } };
    expect(indexWriteUnits(schema, undefined, base)).toBe(0);
    expect(indexWriteUnits(schema, undefined, inTriage)).toBe(1);
    // Leaving triage (1, keys only) and entering an inbox projected whole (1.6 KB: 2 units).
    expect(indexWriteUnits(schema, inTriage, inInbox)).toBe(3);
    // A change of a non-key attribute: nothing for a keys-only index, a rewrite for a full one.
    expect(indexWriteUnits(schema, inTriage, { ...inTriage, body: { S: 'y' } })).toBe(0);
    expect(indexWriteUnits(schema, inInbox, { ...inInbox, body: { S: 'y' } })).toBe(2);
    // Moving within an index: out and in.
    expect(indexWriteUnits(schema, inInbox, { ...inInbox, inboxKey: { S: 'DEPT#b' } })).toBe(4);
  });

  it('counts an index that includes some attributes only when one of them changes, at their size', () => {
    const schema = { keys: ['pk', 'sk'], indexes: [{ partitionKey: 'dayKey', sortKey: 'receivedAt', keysOnly: false, include: ['status'] }] };
    const record = { pk: { S: 'CASE#1' }, sk: { S: 'RECORD' }, dayKey: { S: 'DAY#2026-11-26' }, receivedAt: { S: '2026-11-26' }, status: { S: 'received' }, record: { S: 'x'.repeat(3000) } };
    expect(indexWriteUnits(schema, undefined, record)).toBe(1);
    expect(indexWriteUnits(schema, record, { ...record, record: { S: 'y'.repeat(3000) } })).toBe(0);
    expect(indexWriteUnits(schema, record, { ...record, status: { S: 'closed' }, record: { S: 'y'.repeat(3000) } })).toBe(1);
  });

  it('knows the calling function by the SDK user agent’s app id, with or without Powertools’ tag', () => {
    const known = (id: string) => id === 'intake-api';
    const req = (agent: string) => ({ headers: { 'user-agent': agent } }) as unknown as IncomingMessage;
    expect(callerOf(req('aws-sdk-js/3 api/dynamodb#3 m/d,E app/intake-api-PT-NO-OP-2.36.0-PTEnv-NA'), known)).toBe('intake-api');
    expect(callerOf(req('aws-sdk-js/3 api/dynamodb#3 app/intake-api'), known)).toBe('intake-api');
    expect(callerOf(req('aws-sdk-js/3 api/dynamodb#3 app/someone-else'), known)).toBeUndefined();
    expect(callerOf(req('aws-sdk-js/3 api/dynamodb#3'), known)).toBeUndefined();
  });

  it('prices a write as it would cost with DynamoDB Streams as the outbox: no outbox items, events on the changed item, one item written plainly', () => {
    const item = (kind: string, size: number, eventBytes = 0): WrittenItem => ({ table: 't', kind, size, eventBytes });
    // A record (600 B) and its event (500 B) in a transaction: 2 + 2 units now; alone with its event, 1.1 KB written plainly.
    expect(streamOutboxUnits([item('CASE', 600), item('OUTBOX', 560, 500)], true)).toEqual({ units: 2, emits: true });
    // Two items stay a transaction: the event rides on the first written (not the condition check).
    const check: WrittenItem = { ...item('SEQUENCE', 100), checkOnly: true };
    expect(streamOutboxUnits([check, item('CASE', 900), item('OUTBOX', 450, 400)], true)).toEqual({ units: 2 * 1 + 2 * 2, emits: true });
    // Deleting a sent outbox item costs nothing: there is none.
    expect(streamOutboxUnits([item('OUTBOX', 560)], false)).toEqual({ units: 0, emits: false });
    // A plain write without events is unchanged.
    expect(streamOutboxUnits([item('ARCHIVE', 700), item('ARCHIVE', 1500)], false)).toEqual({ units: 1 + 2, emits: false });
    // Events with nothing else written need an item of their own.
    expect(streamOutboxUnits([item('OUTBOX', 700, 650)], true)).toEqual({ units: 1, emits: true });
  });
});
