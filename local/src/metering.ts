import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { itemSize, writeUnitsOf } from '@govflow/platform/item-size';
import { outboxAttribute } from '@govflow/platform/outbox';
import { replayRequest } from './replay';
import { queueNameOf } from './sqs-journal';

/**
 * What the local system would be billed for on AWS, counted where every request passes:
 * in front of the embedded DynamoDB and SQS servers, and around each function invocation.
 * Requests are attributed to the function that made them by the SDK's user-agent app id
 * (`app/<functionId>`, set per function by the local runtime); requests from anything
 * else (a benchmark watching the tables) are not counted.
 *
 * DynamoDB is metered as on-demand bills it: a write request unit per KB of the larger of
 * the item before and after, twice in a transaction, also for a failed condition or a
 * cancelled transaction; a read unit per 4 KB (half when eventually consistent), a Query
 * or Scan summing its items; and each global secondary index write (an item entering,
 * leaving or changing in an index) by the size of what the index holds of it.
 */
export interface TableFigures {
  writeUnits: number;
  readUnits: number;
  indexWriteUnits: number;
  /** The same, per index (the table's name, `.`, the index's). */
  indexWriteUnitsByIndex: Record<string, number>;
  /** Write units (the item's own, not its indexes') per kind of item: its partition key up to the first `#` (`CASE`, `SEQUENCE`, `K`…). */
  writeUnitsByKind: Record<string, number>;
  /** Successful writes by kind of item: with the units, how large each kind's items are. */
  writesByKind: Record<string, number>;
  writes: number;
  reads: number;
  transactions: number;
  cancelledTransactions: number;
  cancelledWriteUnits: number;
  failedConditions: number;
  /** The sizes of items of half a KB or more written (records, not markers), without the events they carry: the minimal design's item size is their median. */
  recordSizes: number[];
}

export interface QueueFigures {
  sends: number;
  receives: number;
  emptyReceives: number;
  /** Messages the non-empty receives returned. */
  messagesReceived: number;
  deletes: number;
  other: number;
}

export interface FunctionFigures {
  invocations: number;
  milliseconds: number;
  gbSeconds: number;
}

export interface MeterSnapshot {
  /** Per function id, per table: DynamoDB figures. */
  dynamodb: Record<string, Record<string, TableFigures>>;
  /** Per function id (or `poller`), per queue. */
  sqs: Record<string, Record<string, QueueFigures>>;
  functions: Record<string, FunctionFigures>;
  /** API requests per function that served them. */
  apiRequests: Record<string, number>;
}

const emptyTable = (): TableFigures => ({ writeUnits: 0, readUnits: 0, indexWriteUnits: 0, indexWriteUnitsByIndex: {}, writeUnitsByKind: {}, writesByKind: {}, writes: 0, reads: 0, transactions: 0, cancelledTransactions: 0, cancelledWriteUnits: 0, failedConditions: 0, recordSizes: [] });
const emptyQueue = (): QueueFigures => ({ sends: 0, receives: 0, emptyReceives: 0, messagesReceived: 0, deletes: 0, other: 0 });

export class Meter {
  enabled = false;
  private data: MeterSnapshot = { dynamodb: {}, sqs: {}, functions: {}, apiRequests: {} };

  reset(): void {
    this.data = { dynamodb: {}, sqs: {}, functions: {}, apiRequests: {} };
  }

  snapshot(): MeterSnapshot {
    return structuredClone(this.data);
  }

  table(caller: string, table: string): TableFigures {
    const byTable = (this.data.dynamodb[caller] ??= {});
    return (byTable[table] ??= emptyTable());
  }

  queue(caller: string, queue: string): QueueFigures {
    const byQueue = (this.data.sqs[caller] ??= {});
    return (byQueue[queue] ??= emptyQueue());
  }

  invocation(functionId: string, milliseconds: number, memoryMb: number): void {
    if (!this.enabled) return;
    const f = (this.data.functions[functionId] ??= { invocations: 0, milliseconds: 0, gbSeconds: 0 });
    f.invocations++;
    // Lambda bills duration rounded up to the millisecond.
    const billed = Math.ceil(milliseconds);
    f.milliseconds += billed;
    f.gbSeconds += (memoryMb / 1024) * (billed / 1000);
  }

  apiRequest(functionId: string): void {
    if (this.enabled) this.data.apiRequests[functionId] = (this.data.apiRequests[functionId] ?? 0) + 1;
  }
}

/** The function a request came from: `app/<id>` in the SDK's user agent, if it is one of ours. */
export function callerOf(req: IncomingMessage, known: (id: string) => boolean): string | undefined {
  const agent = `${req.headers['x-amz-user-agent'] ?? ''} ${req.headers['user-agent'] ?? ''}`;
  // Powertools appends its own tag to the app id (`app/<id>-PT-…`).
  const id = /(?:^|\s)app\/([\w.-]+?)(?:-PT-[\w.-]*)?(?:\s|$)/.exec(agent)?.[1];
  return id && known(id) ? id : undefined;
}

/** An item without the events it carries to its relay. */
function withoutEvents(item: Record<string, AttributeValue> | undefined): Record<string, AttributeValue> | undefined {
  if (!item?.[outboxAttribute]) return item;
  const { [outboxAttribute]: _events, ...rest } = item;
  return rest;
}

/** What kind of item a key names: its partition key up to the first `#` (the tables' keys are `KIND#…`). */
export function itemKind(key: Record<string, AttributeValue>): string {
  const pk = Object.values(key)[0];
  return (pk?.S ?? '?').split('#')[0]!;
}

const readUnitsOf = (bytes: number, consistent: boolean) => Math.max(1, Math.ceil(bytes / 4096)) * (consistent ? 1 : 0.5);

export interface IndexSchema {
  name?: string;
  partitionKey: string;
  sortKey?: string;
  keysOnly: boolean;
  /** Projected INCLUDE: the non-key attributes copied (undefined: keys only, or ALL). */
  include?: string[];
}

export interface TableSchema {
  keys: string[];
  indexes: IndexSchema[];
}

/** Write units for the index entries an item change makes: in, out, moved or (with attributes projected) changed. */
export function indexWriteUnits(schema: TableSchema, before: Record<string, AttributeValue> | undefined, after: Record<string, AttributeValue> | undefined): number {
  return Object.values(indexWriteUnitsByIndex(schema, before, after)).reduce((a, b) => a + b, 0);
}

/** The same, per index name. */
export function indexWriteUnitsByIndex(schema: TableSchema, before: Record<string, AttributeValue> | undefined, after: Record<string, AttributeValue> | undefined): Record<string, number> {
  const byIndex: Record<string, number> = {};
  for (const index of schema.indexes) {
    let units = 0;
    const keyNames = [index.partitionKey, ...(index.sortKey ? [index.sortKey] : [])];
    const keyOf = (item: Record<string, AttributeValue> | undefined) => (item && keyNames.every((k) => item[k] !== undefined) ? JSON.stringify(keyNames.map((k) => item[k])) : undefined);
    // An index entry holds the keys and the projected attributes (ALL: the whole item) plus 100 bytes of overhead.
    const projected = (item: Record<string, AttributeValue>): Record<string, AttributeValue> =>
      index.keysOnly || index.include
        ? Object.fromEntries([...schema.keys, ...keyNames, ...(index.include ?? [])].filter((k) => item[k] !== undefined).map((k) => [k, item[k]!]))
        : item;
    const entrySize = (item: Record<string, AttributeValue>) => 100 + itemSize(projected(item));
    const was = keyOf(before);
    const is = keyOf(after);
    if (was === undefined && is === undefined) continue;
    if (was !== undefined && is !== undefined && was === is) {
      if (!index.keysOnly && JSON.stringify(projected(before!)) !== JSON.stringify(projected(after!))) byIndex[index.name ?? index.partitionKey] = writeUnitsOf(Math.max(entrySize(before!), entrySize(after!)));
      continue;
    }
    if (was !== undefined) units += writeUnitsOf(entrySize(before!));
    if (is !== undefined) units += writeUnitsOf(entrySize(after!));
    if (units > 0) byIndex[index.name ?? index.partitionKey] = units;
  }
  return byIndex;
}

/** One DynamoDB operation done in-process against the emulator (no metering), for reading items before and after. */
export type DynamoCall = <T = Record<string, unknown>>(operation: string, input: object) => Promise<T>;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** Any DynamoDB operation's wire JSON, read field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Wire = Record<string, any>;

/**
 * Wraps the DynamoDB front: when the meter is on and the caller is a function, reads the
 * items a write touches before and after it, and the answer of a read, to count units.
 */
export function meterDynamo(inner: Handler, meter: Meter, call: DynamoCall, known: (id: string) => boolean): Handler {
  const schemas = new Map<string, Promise<TableSchema>>();
  const schemaOf = (table: string) => {
    let found = schemas.get(table);
    if (!found) {
      found = call<{ Table?: { KeySchema?: { AttributeName: string }[]; GlobalSecondaryIndexes?: { IndexName?: string; KeySchema: { AttributeName: string; KeyType: string }[]; Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] } }[] } }>('DescribeTable', { TableName: table }).then(({ Table }) => ({
        keys: (Table?.KeySchema ?? []).map((k) => k.AttributeName),
        indexes: (Table?.GlobalSecondaryIndexes ?? []).map((g) => ({
          name: g.IndexName,
          partitionKey: g.KeySchema.find((k) => k.KeyType === 'HASH')!.AttributeName,
          sortKey: g.KeySchema.find((k) => k.KeyType === 'RANGE')?.AttributeName,
          keysOnly: g.Projection?.ProjectionType === 'KEYS_ONLY',
          include: g.Projection?.ProjectionType === 'INCLUDE' ? (g.Projection.NonKeyAttributes ?? []) : undefined,
        })),
      }));
      schemas.set(table, found);
    }
    return found;
  };
  const keyOf = async (table: string, item: Record<string, AttributeValue>) => Object.fromEntries((await schemaOf(table)).keys.map((k) => [k, item[k]!]));
  const get = async (table: string, key: Record<string, AttributeValue>) => (await call<{ Item?: Record<string, AttributeValue> }>('GetItem', { TableName: table, Key: key, ConsistentRead: true })).Item;

  interface Touched {
    table: string;
    key: Record<string, AttributeValue>;
    before?: Record<string, AttributeValue>;
    /** The item a Put writes (known without reading it back). */
    put?: Record<string, AttributeValue>;
    deletes?: boolean;
    checkOnly?: boolean;
  }
  const touchedOf = async (op: string, input: Wire): Promise<Touched[]> => {
    const one = async (kind: string, spec: Wire): Promise<Touched> => {
      const table = spec.TableName as string;
      const key = spec.Key ?? (await keyOf(table, spec.Item));
      return { table, key, before: await get(table, key), ...(kind === 'Put' ? { put: spec.Item } : {}), ...(kind === 'Delete' ? { deletes: true } : {}), ...(kind === 'ConditionCheck' ? { checkOnly: true } : {}) };
    };
    if (op === 'PutItem') return [await one('Put', input)];
    if (op === 'UpdateItem') return [await one('Update', input)];
    if (op === 'DeleteItem') return [await one('Delete', input)];
    if (op === 'TransactWriteItems') {
      return Promise.all((input.TransactItems ?? []).map((t: Wire) => {
        const kind = Object.keys(t)[0]!;
        return one(kind, t[kind]);
      }));
    }
    if (op === 'BatchWriteItem') {
      const all: Promise<Touched>[] = [];
      for (const [table, requests] of Object.entries(input.RequestItems ?? {}) as [string, Wire[]][]) {
        for (const r of requests) all.push(r.PutRequest ? one('Put', { TableName: table, Item: r.PutRequest.Item }) : one('Delete', { TableName: table, Key: r.DeleteRequest.Key }));
      }
      return Promise.all(all);
    }
    return [];
  };

  const countWrites = async (caller: string, touched: Touched[], transactional: boolean, outcome: 'ok' | 'failed' | 'cancelled') => {
    const factor = transactional ? 2 : 1;
    for (const t of touched) {
      const figures = meter.table(caller, t.table);
      if (outcome !== 'ok') {
        const units = factor * writeUnitsOf(Math.max(itemSize(t.before), itemSize(t.put)));
        if (outcome === 'cancelled') figures.cancelledWriteUnits += units;
        else figures.failedConditions++;
        figures.writeUnits += units;
        continue;
      }
      const after = t.checkOnly ? t.before : t.deletes ? undefined : (t.put ?? (await get(t.table, t.key)));
      figures.writes++;
      const size = Math.max(itemSize(t.before), itemSize(after));
      figures.writeUnits += factor * writeUnitsOf(size);
      const kind = itemKind(t.key);
      figures.writeUnitsByKind[kind] = (figures.writeUnitsByKind[kind] ?? 0) + factor * writeUnitsOf(size);
      figures.writesByKind[kind] = (figures.writesByKind[kind] ?? 0) + 1;
      // A record's size as the minimal design would write it: without the events it carries to the relay (ADR 0023).
      const recordSize = Math.max(itemSize(withoutEvents(t.before)), itemSize(withoutEvents(after)));
      if (!t.checkOnly && recordSize >= 512) {
        figures.recordSizes.push(recordSize);
      }
      if (!t.checkOnly) {
        for (const [index, units] of Object.entries(indexWriteUnitsByIndex(await schemaOf(t.table), t.before, after))) {
          figures.indexWriteUnits += units;
          figures.indexWriteUnitsByIndex[index] = (figures.indexWriteUnitsByIndex[index] ?? 0) + units;
        }
      }
    }
  };

  const countReads = (caller: string, op: string, input: Wire, output: Wire) => {
    const consistent = input.ConsistentRead === true;
    if (op === 'GetItem') {
      const f = meter.table(caller, input.TableName);
      f.reads++;
      f.readUnits += readUnitsOf(itemSize(output.Item), consistent);
    } else if (op === 'Query' || op === 'Scan') {
      const f = meter.table(caller, input.TableName);
      f.reads++;
      // Keys-only index queries return little, but are billed on what they return, like this.
      f.readUnits += readUnitsOf((output.Items ?? []).reduce((s: number, i: Record<string, AttributeValue>) => s + itemSize(i), 0), consistent);
    } else if (op === 'BatchGetItem') {
      for (const [table, items] of Object.entries(output.Responses ?? {}) as [string, Record<string, AttributeValue>[]][]) {
        const f = meter.table(caller, table);
        const tableConsistent = input.RequestItems?.[table]?.ConsistentRead === true;
        for (const item of items) {
          f.reads++;
          f.readUnits += readUnitsOf(itemSize(item), tableConsistent);
        }
      }
    }
  };

  return (req, res) => {
    const caller = meter.enabled ? callerOf(req, known) : undefined;
    if (!caller) return inner(req, res);
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const op = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let input: Wire = {};
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return inner(replayRequest(req, body), res);
      }
      const touched = await touchedOf(op, input).catch(() => []);
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
        let output: Wire = {};
        try {
          output = text ? JSON.parse(text) : {};
        } catch {
          // Not JSON: nothing to count from it.
        }
        const type = String(output.__type ?? '').split('#').pop();
        const transactional = op === 'TransactWriteItems';
        if (transactional) meter.table(caller, touched[0]?.table ?? 'unknown').transactions++;
        if (transactional && type === 'TransactionCanceledException') meter.table(caller, touched[0]?.table ?? 'unknown').cancelledTransactions++;
        const outcome = res.statusCode === 200 ? 'ok' : type === 'TransactionCanceledException' ? 'cancelled' : type === 'ConditionalCheckFailedException' ? 'failed' : undefined;
        // Counting may read items again: done after the answer has gone.
        const result = end(chunk);
        if (outcome && touched.length) void countWrites(caller, touched, transactional, outcome);
        else if (res.statusCode === 200) countReads(caller, op, input, output);
        return result;
      }) as typeof res.end;
      inner(replayRequest(req, body), res);
    })();
  };
}

/** Wraps the SQS front: counts each request by action and queue; a receive that returns nothing is empty. */
export function meterSqs(inner: Handler, meter: Meter, known: (id: string) => boolean, fallbackCaller?: string): Handler {
  return (req, res) => {
    const caller = meter.enabled ? (callerOf(req, known) ?? fallbackCaller) : undefined;
    if (!caller) return inner(req, res);
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      let input: Record<string, unknown> = {};
      try {
        input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      } catch {
        // Not JSON: counted as other.
      }
      const queue = queueNameOf(input.QueueUrl);
      const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
      res.end = ((chunk?: unknown) => {
        const f = meter.queue(caller, queue);
        if (action === 'SendMessage' || action === 'SendMessageBatch') f.sends++;
        else if (action === 'DeleteMessage' || action === 'DeleteMessageBatch') f.deletes++;
        else if (action === 'ReceiveMessage') {
          const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
          const messages = (text.match(/"ReceiptHandle"/g) ?? []).length;
          if (messages === 0) f.emptyReceives++;
          else {
            f.receives++;
            f.messagesReceived += messages;
          }
        } else f.other++;
        return end(chunk);
      }) as typeof res.end;
      inner(replayRequest(req, body), res);
    })();
  };
}

