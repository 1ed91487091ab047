import { describe, expect, it } from 'vitest';
import { createDocumentClient, createSqsClient } from '@govflow/platform';
import { caseIdsIn, throttlingError } from '../src/faults';

const caseId = '0b6f3c3e-8a55-4d43-9a3b-6a8f2f6c1d10';
const eventId = '5d1e0a7a-2f0e-4c55-8b1a-3f6b9d2e4c77';

describe('what the fault hook reads from a command', () => {
  it('finds the case in item keys and message bodies', () => {
    const transaction = {
      TransactItems: [
        { Put: { TableName: 't', Item: { pk: { S: `CASE#${caseId}` }, sk: { S: 'CASE' }, version: { N: '2' } } } },
        { Put: { TableName: 't', Item: { pk: { S: `EVENTS#1` }, sk: { S: `EVENTS#${eventId}` }, outbox: { B: 'H4sIAAAAAAAA' } } } },
      ],
    };
    expect(caseIdsIn(transaction)).toEqual([caseId]);
    // Events are stored gzipped (ADR 0023): a carrier of events alone names no case.
    expect(caseIdsIn(transaction.TransactItems[1])).toEqual([]);
    expect(caseIdsIn({ Entries: [{ Id: '0', MessageBody: JSON.stringify({ eventId, caseId, type: 'case.received' }) }] })).toEqual([caseId]);
    expect(caseIdsIn({ Key: { pk: { S: `EVENTS#1` }, sk: { S: `EVENTS#${eventId}` } } })).toEqual([]);
  });

  it('throttles the way the SDK recognises as retryable throttling', () => {
    const error = throttlingError('SendMessageBatch') as Error & { $retryable?: { throttling: boolean } };
    expect(error.name).toBe('ThrottlingException');
    expect(error.$retryable?.throttling).toBe(true);
  });
});

describe('off by default', () => {
  it('adds no middleware to the clients functions create when no fault hook is installed', () => {
    const names = (client: { middlewareStack: { identify(): string[] } }) => client.middlewareStack.identify().filter((n) => n.includes('govflowFaults'));
    expect(names(createDocumentClient())).toEqual([]);
    expect(names(createSqsClient())).toEqual([]);
  });
});
