import { randomUUID } from 'node:crypto';

/** What a send to a FIFO queue must carry; nothing for a standard queue. */
export interface FifoFields {
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
}

/** SQS allows 128 characters for a group or deduplication id. */
const idLimit = 128;

/**
 * A FIFO queue (its name ends in `.fifo`) takes a message group and a deduplication id on
 * every send. The group is the case the event is about, so one case's events are handled
 * one at a time and different cases side by side (ADR 0015). A producer's send is
 * deduplicated on the event id, so an outbox resend within SQS's five minutes costs no
 * second delivery; a deliberate resend (a message parked in or sent back from a DLQ, or
 * replayed after a local crash) gets an id of its own, or SQS would drop it as a
 * duplicate of the send that failed.
 */
export function fifoFields(queueUrl: string, body: string, options: { resend?: boolean } = {}): FifoFields {
  if (!queueUrl.endsWith('.fifo')) return {};
  let caseId: unknown;
  let eventId: unknown;
  try {
    ({ caseId, eventId } = JSON.parse(body) as { caseId?: unknown; eventId?: unknown });
  } catch {
    // Not an event: it goes in a group of its own below.
  }
  const dedup = !options.resend && typeof eventId === 'string' && eventId ? eventId : randomUUID();
  const group = typeof caseId === 'string' && caseId ? caseId : `message-${dedup}`;
  return { MessageGroupId: group.slice(0, idLimit), MessageDeduplicationId: dedup.slice(0, idLimit) };
}
