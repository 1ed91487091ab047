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
});
