import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { shardOf, type Envelope } from '@govflow/contracts';
import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { eventsDictionary } from './body-dictionaries';
import { deflateJson, deflateJsonBeside, inflateJson } from './deflate';
import { bodyAttribute, outboxAttribute } from './item-attributes';
import type { EventPublisher } from './publisher';
import { countSent, flushMetrics, type OperatorMetrics } from './metrics';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The outbox is the table's stream (ADR 0023): a write that emits events stores them, deflated
 * JSON (`packedEvents`), in this attribute of the item it changes, and the table's relay sends
 * the events that a change's new image holds and its old image did not. The events commit with
 * the change that makes them, in the same write, and no outbox item is written, sent, deleted
 * or swept.
 */
export { outboxAttribute };

/** A carrier of events that change no item of their own (none so far): gone a day later by TTL, which costs nothing. */
const carrierLifetimeSeconds = 24 * 3600;
const carrierShards = 4;

/**
 * The write's items with `events` stored on the first item of `tableName` that the write puts
 * or updates. A write with events and no such item stores them on an item of their own.
 */
export function withEvents(tableName: string, items: readonly TransactItem[], events: readonly Envelope[], now = new Date()): TransactItem[] {
  if (events.length === 0) return [...items];
  const at = items.findIndex((item) => item.Put?.TableName === tableName || item.Update?.TableName === tableName);
  if (at < 0) {
    const carrier = { pk: `EVENTS#${shardOf(events[0]!.eventId, carrierShards)}`, sk: `EVENTS#${events[0]!.eventId}` };
    return [...items, { Put: { TableName: tableName, Item: { ...carrier, [outboxAttribute]: packedEvents(events), expiresAt: Math.floor(now.getTime() / 1000) + carrierLifetimeSeconds } } }];
  }
  const carrier = items[at]!;
  const body = carrier.Put?.Item?.[bodyAttribute];
  const carried: TransactItem = carrier.Put
    ? { Put: { ...carrier.Put, Item: { ...carrier.Put.Item, [outboxAttribute]: packedEvents(events, body instanceof Uint8Array ? body : undefined) } } }
    : {
        Update: {
          ...carrier.Update!,
          UpdateExpression: setting(carrier.Update!.UpdateExpression!, '#outbox = :outbox'),
          ExpressionAttributeNames: { ...carrier.Update!.ExpressionAttributeNames, '#outbox': outboxAttribute },
          ExpressionAttributeValues: { ...carrier.Update!.ExpressionAttributeValues, ':outbox': packedEvents(events) },
        },
      };
  return items.map((item, i) => (i === at ? carried : item));
}

/** An update expression that also sets `assignment`: added to its SET clause, or as a SET clause of its own. */
function setting(expression: string, assignment: string): string {
  // The clause keyword only: at the start or after a space, so a placeholder such as `#set` is not taken for it.
  const set = /(^|\s)SET\s+/i.exec(expression);
  if (!set) return `SET ${assignment} ${expression}`;
  const after = set.index + set[0].length;
  return `${expression.slice(0, after)}${assignment}, ${expression.slice(after)}`;
}

/**
 * Events as an item keeps them: JSON deflated with the events' dictionary (ADR 0018, second
 * addendum; about a third of the JSON, half of what gzip made of it), which every later write
 * of the item pays for until it replaces them. Events put with a packed body are deflated beside
 * it (third addendum): what they repeat of the record (its ids, number, department, text) then
 * costs almost nothing, about 300 bytes down to 100 on dispatch's record. Only a put carries
 * them so, since only a put writes the body, and a body is never changed without replacing the
 * item: the events and the body they were packed beside stay together. Events gzipped before
 * the dictionary are still read.
 */
export function packedEvents(events: readonly Envelope[], body?: Uint8Array): Uint8Array {
  return body ? deflateJsonBeside(events, eventsDictionary, body) : deflateJson(events, eventsDictionary);
}

/** The events {@link packedEvents} packed, given the body of the item they were found on. */
export const unpackEvents = (bytes: Uint8Array, body?: Uint8Array): Envelope[] => inflateJson<Envelope[]>(bytes, body);

/** The events an item (as the document client reads it) holds for the relay; none when it holds none. */
export function eventsStoredOn(item: Record<string, unknown> | undefined): Envelope[] {
  const bytes = item?.[outboxAttribute];
  const body = item?.[bodyAttribute];
  return bytes instanceof Uint8Array ? unpackEvents(bytes, body instanceof Uint8Array ? body : undefined) : [];
}

/** A stream image's events and body, base64 as the stream gives binary attributes. */
function packedIn(image: Record<string, AttributeValue> | undefined): { events?: string; body?: string } {
  return { events: image?.[outboxAttribute]?.B, body: image?.[bodyAttribute]?.B };
}

const fromBase64 = (value: string | undefined) => (value === undefined ? undefined : Buffer.from(value, 'base64'));

/**
 * The events a stream record's change emitted: those in its new image but not in its old one.
 * A later write that keeps the attribute (an update that emits nothing) sends nothing again.
 */
export function eventsEmitted(record: DynamoDBRecord): Envelope[] {
  const now = packedIn(record.dynamodb?.NewImage);
  if (!now.events) return [];
  const before = packedIn(record.dynamodb?.OldImage);
  if (before.events === now.events) return [];
  const sent = new Set(before.events ? unpackEvents(fromBase64(before.events)!, fromBase64(before.body)).map((e) => e.eventId) : []);
  return unpackEvents(fromBase64(now.events)!, fromBase64(now.body)).filter((e) => !sent.has(e.eventId));
}

/**
 * A table's relay: reads the table's stream and sends each change's new events, in the
 * stream's order. A failed send fails the batch, which the mapping hands over again until it
 * succeeds (the queues' consumers take a redelivered event once): an emitted event is never lost.
 */
export function streamRelay(publisher: EventPublisher, logger: Logger, metrics?: OperatorMetrics) {
  return async (event: DynamoDBStreamEvent): Promise<{ sent: number }> => {
    const events = event.Records.flatMap(eventsEmitted);
    if (events.length === 0) return { sent: 0 };
    try {
      await publisher.publish(events);
    } catch (error) {
      logger.warn('publish failed; the stream hands the batch over again', { error: errorName(error), events: events.length });
      throw error;
    }
    if (metrics) {
      countSent(metrics, events);
      flushMetrics(metrics);
    }
    return { sent: events.length };
  };
}

/** A table's relay as a deployed function (`<stage>-relay`, on the table's stream). */
export function relayHandler(publisher: EventPublisher, logger: Logger, metrics?: OperatorMetrics) {
  return middy<DynamoDBStreamEvent, { sent: number }>().use(injectLambdaContext(logger)).handler(streamRelay(publisher, logger, metrics));
}

/** A short, data-free description of an error for a log line. */
export function errorName(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (error.name === 'ZodError' && issues) {
    const first = issues[0];
    return `ZodError: ${issues.length} issue(s), first at ${first?.path.map(String).join('.') || '(root)'}: ${first?.message ?? ''}`;
  }
  return `${error.name}: ${error.message.slice(0, 300)}`;
}
