import { describe, expect, it } from 'vitest';
import { fifoFields } from '../src/message-groups';

const fifo = 'http://127.0.0.1:9324/000000000000/govflow-wuhai-reporting.fifo';
const event = JSON.stringify({ eventId: 'evt-1', caseId: 'case-7', type: 'case.received' });

describe('message groups on FIFO queues', () => {
  it('add nothing to a send to a standard queue', () => {
    expect(fifoFields('http://127.0.0.1:9324/000000000000/govflow-wuhai-dispatch', event)).toEqual({});
  });

  it("group a producer's send by its case and deduplicate it on its event id", () => {
    expect(fifoFields(fifo, event)).toEqual({ MessageGroupId: 'case-7', MessageDeduplicationId: 'evt-1' });
  });

  it('give a deliberate resend an id of its own, so SQS does not drop it as a duplicate, in the same group', () => {
    const first = fifoFields(fifo, event, { resend: true });
    const second = fifoFields(fifo, event, { resend: true });
    expect(first.MessageGroupId).toBe('case-7');
    expect(first.MessageDeduplicationId).not.toBe('evt-1');
    expect(second.MessageDeduplicationId).not.toBe(first.MessageDeduplicationId);
  });

  it('put a message that names no case in a group of its own', () => {
    const a = fifoFields(fifo, 'not json');
    const b = fifoFields(fifo, '{"type":"case.received"}');
    expect(a.MessageGroupId).toMatch(/^message-/);
    expect(b.MessageGroupId).not.toBe(a.MessageGroupId);
    expect(a.MessageDeduplicationId!.length).toBeLessThanOrEqual(128);
  });

  it('take a case id or event id only when it is a non-empty string', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const numeric = fifoFields(fifo, JSON.stringify({ eventId: 42, caseId: 7 }));
    expect(numeric.MessageDeduplicationId).toMatch(uuid);
    expect(numeric.MessageGroupId).toBe(`message-${numeric.MessageDeduplicationId}`);
    const empty = fifoFields(fifo, JSON.stringify({ eventId: '', caseId: '' }));
    expect(empty.MessageDeduplicationId).toMatch(uuid);
    expect(empty.MessageGroupId).toBe(`message-${empty.MessageDeduplicationId}`);
    expect(fifoFields(fifo, JSON.stringify({ eventId: 'evt-2', caseId: '' }))).toEqual({ MessageGroupId: 'message-evt-2', MessageDeduplicationId: 'evt-2' });
  });

  it("cut ids to SQS's 128 characters", () => {
    const long = fifoFields(fifo, JSON.stringify({ eventId: 'e'.repeat(200), caseId: 'c'.repeat(200) }));
    expect(long).toEqual({ MessageGroupId: 'c'.repeat(128), MessageDeduplicationId: 'e'.repeat(128) });
  });
});
