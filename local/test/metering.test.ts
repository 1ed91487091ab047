import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { itemSize } from '@govflow/platform/item-size';
import { callerOf, indexWriteUnits, itemKind } from '../src/metering';

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

  it('names an item’s kind by its partition key up to the first #, for the write units per kind', () => {
    expect(itemKind({ pk: { S: 'CASE#1' }, sk: { S: 'CASE' } })).toBe('CASE');
    expect(itemKind({ pk: { S: 'SEQUENCE#WH#2026-11-26' }, sk: { S: 'SEQUENCE' } })).toBe('SEQUENCE');
    expect(itemKind({ pk: { S: 'partner-keys' }, sk: { S: 'k1' } })).toBe('partner-keys');
  });
});
