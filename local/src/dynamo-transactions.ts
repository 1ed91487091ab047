import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { AttributeValue, TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { KeyLocks } from './key-locks';
import { replayRequest } from './replay';
import { StreamJournal, type ItemChange, type StreamViewType } from './stream-journal';
import { UndoLog } from './undo-log';

export interface TransactionLayerOptions {
  /** Where the layer logs before-images, so a crash never leaves half a write. */
  undoLogPath?: string;
  /** Where the tables' streams are kept (stream-journal.ts); in memory without it. */
  streamJournalPath?: string;
}

/**
 * dynalite serves DynamoDB's single-item operations but not TransactWriteItems, which
 * the services rely on (an item and its companions in one commit). This layer
 * sits in front of dynalite and serves TransactWriteItems itself with DynamoDB's
 * guarantees as seen by clients: all-or-nothing, with TransactionCanceledException and
 * per-item CancellationReasons when a condition fails. A transaction holds its items'
 * keys exclusively, checks every condition against the items as they are, and only
 * then applies them: a cancelled transaction writes nothing, so no reader, not even a
 * Query or Scan (which take no lock), ever sees an item of it. Single-item reads and
 * writes hold their key shared, so none of them observes a half-applied transaction;
 * a Query may see some items of a committing one before the rest (read-committed per
 * item, as DynamoDB's). Given a file, an undo log (undo-log.ts) makes a transaction all
 * or nothing across a crash too: `recover()` takes back what a crash cut short.
 *
 * dynalite has no streams either. A table created (or updated) with a StreamSpecification
 * streams through this layer: its writes, single or in a transaction, hold their keys
 * exclusively, read the items before and after, and commit their records to the stream
 * journal before the client hears back (stream-journal.ts), so a change is streamed exactly
 * once, in the order of its item's changes, across a crash as well.
 */
export class TransactionLayer {
  private readonly locks = new KeyLocks();
  private readonly keySchemas = new Map<string, string[]>();
  private readonly undoLog: UndoLog | undefined;
  private inFlight = 0;
  private readonly waitingForIdle: (() => void)[] = [];

  readonly streams: StreamJournal;
  /** Commit ids of streamed writes when there is no undo log to number them. */
  private nextCommit = 1;

  constructor(
    private readonly dynalite: DynaliteServer,
    options: TransactionLayerOptions = {},
  ) {
    this.undoLog = options.undoLogPath ? new UndoLog(options.undoLogPath) : undefined;
    this.streams = new StreamJournal(options.streamJournalPath);
  }

  /**
   * Takes back every transaction a crash left half applied; run before serving. A put is
   * first written whole, so that taking it back also removes the index entries dynalite
   * writes before the item itself. Returns how many transactions were taken back.
   */
  async recover(): Promise<number> {
    if (!this.undoLog) return 0;
    // A write whose stream records were committed was whole: only its undo entry's end is missing.
    const unfinished = this.undoLog.unfinished().filter((t) => !this.streams.committed(t.id));
    for (const { entries } of unfinished) {
      for (const entry of entries) {
        if (entry.put) await this.call('PutItem', { TableName: entry.table, Item: entry.put });
        await this.undo(entry, entry.before);
      }
    }
    this.undoLog.clear();
    return unfinished.length;
  }

  /** One dynalite operation in-process: no HTTP, no signing, the wire JSON as is. */
  call = async <T = Record<string, unknown>>(operation: string, input: object): Promise<T> => {
    const answer = await this.callRaw(operation, input);
    const parsed = (answer.text ? JSON.parse(answer.text) : {}) as T & { __type?: string; message?: string };
    if (answer.status === 200) return parsed;
    throw new DynamoError(String(parsed.__type ?? 'Unknown').split('#').pop()!, parsed.message ?? '');
  };

  /** The same, answered as dynalite answered: status and body, errors included. */
  private callRaw = (operation: string, input: object): Promise<RawAnswer> =>
    new Promise((resolve) => {
      const body = Buffer.from(JSON.stringify(input));
      const req = Readable.from([body]) as unknown as IncomingMessage;
      req.headers = {
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'content-type': 'application/x-amz-json-1.0',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
        'x-amz-date': '20260101T000000Z',
      };
      req.method = 'POST';
      req.url = '/';
      const res = {
        statusCode: 200,
        setHeader() {},
        end(text?: string) {
          resolve({ status: this.statusCode, text: text ?? '' });
        },
      };
      this.dynalite.emit('request', req, res as unknown as ServerResponse);
    });

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    // Counted until answered (every path ends in `res.end`, whether or not the client is still there).
    this.inFlight++;
    const end = res.end.bind(res);
    let answered = false;
    res.end = ((...args: Parameters<typeof end>) => {
      if (!answered) {
        answered = true;
        if (--this.inFlight === 0) for (const wake of this.waitingForIdle.splice(0)) wake();
      }
      return end(...args);
    }) as typeof res.end;
    void this.route(req, res).catch((error: unknown) =>
      reply(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) }),
    );
  };

  /**
   * Resolves once no request is being served (or after `timeoutMs`): closing dynalite's store
   * under a request still at work (a sweep's query whose caller was just stopped) would throw
   * from inside dynalite, where nothing can catch it.
   */
  idle(timeoutMs: number): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waitingForIdle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (operation === 'TransactWriteItems') return this.transactWrite(body, res);
    // Parsed once for both looks (undefined when malformed: dynalite answers with the proper error).
    const input = parseInput(body);
    const streamed = input && this.streamedOperation(operation, input);
    if (streamed) return replyRaw(res, await streamed);
    const key = input && (await this.singleItemKey(operation, input));
    const release = key ? await this.locks.acquire(key, false) : () => {};
    res.once('finish', release);
    res.once('close', release);
    this.dynalite.emit('request', replayRequest(req, body), res);
  }

  /** The item a single-item operation touches, as a lock key; undefined for anything else. */
  private async singleItemKey(operation: string, request: Record<string, unknown>): Promise<string | undefined> {
    if (!['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'].includes(operation)) return undefined;
    const input = request as { TableName?: string; Key?: Record<string, AttributeValue>; Item?: Record<string, AttributeValue> };
    if (typeof input.TableName !== 'string') return undefined;
    try {
      const key = input.Key ?? (input.Item ? await this.keyFromItem(input.TableName, input.Item) : undefined);
      return key ? lockKey(input.TableName, key) : undefined;
    } catch {
      return undefined; // Malformed: dynalite answers with the proper error.
    }
  }

  private async transactWrite(body: Buffer, res: ServerResponse): Promise<void> {
    let input: { TransactItems?: TransactWriteItem[] };
    try {
      input = JSON.parse(body.toString('utf8')) as typeof input;
    } catch {
      return reply(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'bad JSON' });
    }
    const items = input.TransactItems ?? [];
    if (items.length === 0 || items.length > 100) {
      return reply(res, 400, validation('Member must have length between 1 and 100 for TransactItems'));
    }
    const targets = await Promise.all(items.map((item) => this.target(item)));
    const keys = targets.map((t) => lockKey(t.table, t.key));
    if (new Set(keys).size !== keys.length) return reply(res, 400, validation('Transaction request cannot include multiple operations on one item'));
    const release = await this.locks.acquireAll(keys);
    try {
      const outcome = await this.apply(items, targets);
      return reply(res, outcome === 'ok' ? 200 : 400, outcome === 'ok' ? {} : outcome);
    } finally {
      release();
    }
  }

  private async apply(items: TransactWriteItem[], targets: Target[]): Promise<'ok' | object> {
    const before = await Promise.all(
      targets.map(async (t) => (await this.call<{ Item?: Record<string, AttributeValue> }>('GetItem', { TableName: t.table, Key: t.key, ConsistentRead: true })).Item),
    );
    // Judged before anything is written (the keys are held, so the items stay as read): a transaction
    // cancelled here leaves no trace that a Query could see, such as the stream record of a change refused.
    const refused = items.map((item, i) => !conditionHolds(item, before[i]));
    if (refused.some(Boolean)) return cancellation(refused);
    const logged = this.undoLog?.begin(targets.map((t, i) => ({ ...t, before: before[i], put: items[i]!.Put?.Item })));
    const outcome = await this.applyAll(items, targets, before);
    const changes = outcome === 'ok' ? await this.changesOf(targets.map((t, i) => ({ ...t, before: before[i], put: items[i]!.Put?.Item, deleted: !!items[i]!.Delete, checkOnly: !!items[i]!.ConditionCheck }))) : [];
    this.commit(logged, changes);
    return outcome;
  }

  /**
   * Ends a write: its stream records, then its undo entry, back to back (nothing runs between
   * two synchronous appends, so no reader drops the records before the entry is ended). Done
   * before the client hears back, so a write it was told about is never taken back; one that
   * threw midway stays open, and the next start finishes taking it back.
   */
  private commit(logged: string | undefined, changes: readonly ItemChange[]): void {
    if (changes.length > 0) this.streams.append(logged ?? `commit-${this.nextCommit++}`, changes);
    if (logged !== undefined) this.undoLog!.end(logged);
  }

  /** The changes to streamed tables, with each item as it is now (the keys are still held; a put item is what was put, so it is not read again). */
  private async changesOf(targets: readonly (Target & { before?: Record<string, AttributeValue>; put?: Record<string, AttributeValue>; deleted: boolean; checkOnly: boolean })[]): Promise<ItemChange[]> {
    const streamed = targets.filter((t) => !t.checkOnly && this.streams.specOf(t.table));
    return Promise.all(
      streamed.map(async (t) => ({
        table: t.table,
        keys: t.key,
        before: t.before,
        after: t.deleted ? undefined : (t.put ?? (await this.call<{ Item?: Record<string, AttributeValue> }>('GetItem', { TableName: t.table, Key: t.key, ConsistentRead: true })).Item),
      })),
    );
  }

  /**
   * The operations streams change: the table operations that turn a stream on or off or
   * describe it, and the writes to a streamed table. Undefined for every other request,
   * which goes to dynalite as it came.
   */
  private streamedOperation(operation: string, input: Record<string, unknown>): Promise<RawAnswer> | undefined {
    if (!['CreateTable', 'UpdateTable', 'DescribeTable', 'DeleteTable', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem'].includes(operation)) return undefined;
    const table = typeof input.TableName === 'string' ? input.TableName : undefined;
    switch (operation) {
      case 'CreateTable':
      case 'UpdateTable':
        return input.StreamSpecification ? this.withStreamSpecification(operation, input) : undefined;
      case 'DescribeTable':
        return table && this.streams.specOf(table) ? this.describe(input) : undefined;
      case 'DeleteTable':
        return table && this.streams.specOf(table) ? this.deleteStreamed(input) : undefined;
      case 'BatchWriteItem': {
        const tables = Object.keys((input.RequestItems ?? {}) as object);
        return tables.some((t) => this.streams.specOf(t)) ? this.batchWrite(input) : undefined;
      }
      default:
        return table && this.streams.specOf(table) ? this.writeStreamed(operation, input) : undefined;
    }
  }

  /** CreateTable or UpdateTable with a StreamSpecification: dynalite gets the rest, the journal the stream. */
  private async withStreamSpecification(operation: string, input: Record<string, unknown>): Promise<RawAnswer> {
    const { StreamSpecification: spec, ...rest } = input as { StreamSpecification: { StreamEnabled?: boolean; StreamViewType?: StreamViewType }; TableName: string };
    if (spec.StreamEnabled && !spec.StreamViewType) return rawError(400, validation('StreamViewType is required when StreamEnabled is true'));
    // An UpdateTable that only turns the stream on or off changes nothing in dynalite: its answer is the description.
    const onlyStream = operation === 'UpdateTable' && Object.keys(rest).length === 1;
    let answer = await this.callRaw(onlyStream ? 'DescribeTable' : operation, rest);
    if (answer.status !== 200) return answer;
    if (onlyStream) answer = { status: 200, text: JSON.stringify({ TableDescription: (JSON.parse(answer.text) as { Table: unknown }).Table }) };
    if (spec.StreamEnabled) this.streams.enable(rest.TableName, spec.StreamViewType!);
    else this.streams.disable(rest.TableName);
    return this.withStream(answer, rest.TableName, 'TableDescription');
  }

  private async describe(input: Record<string, unknown>): Promise<RawAnswer> {
    return this.withStream(await this.callRaw('DescribeTable', input), input.TableName as string, 'Table');
  }

  private async deleteStreamed(input: Record<string, unknown>): Promise<RawAnswer> {
    const answer = await this.callRaw('DeleteTable', input);
    if (answer.status === 200) this.streams.disable(input.TableName as string);
    return answer;
  }

  /** A table description as DynamoDB gives it for a streamed table: with its StreamSpecification and stream ARN. */
  private withStream(answer: RawAnswer, table: string, field: 'Table' | 'TableDescription'): RawAnswer {
    const spec = this.streams.specOf(table);
    if (answer.status !== 200 || !spec) return answer;
    const parsed = JSON.parse(answer.text) as Record<string, Record<string, unknown>>;
    parsed[field] = { ...parsed[field], StreamSpecification: { StreamEnabled: true, StreamViewType: spec.view }, LatestStreamLabel: spec.label, LatestStreamArn: spec.arn };
    return { status: 200, text: JSON.stringify(parsed) };
  }

  /**
   * A single write to a streamed table: its key held exclusively (so its item's records come in
   * the order its changes were made), the item read before and after, dynalite's own answer.
   */
  private async writeStreamed(operation: string, input: Record<string, unknown>): Promise<RawAnswer> {
    const table = input.TableName as string;
    const key = (input.Key as Record<string, AttributeValue> | undefined) ?? (await this.keyFromItem(table, input.Item as Record<string, AttributeValue>));
    const release = await this.locks.acquire(lockKey(table, key), true);
    try {
      const before = (await this.call<{ Item?: Record<string, AttributeValue> }>('GetItem', { TableName: table, Key: key, ConsistentRead: true })).Item;
      const logged = this.undoLog?.begin([{ table, key, before, put: input.Item as Record<string, AttributeValue> | undefined }]);
      const answer = await this.callRaw(operation, input);
      if (answer.status >= 500) {
        // dynalite failed inside it: taken back now (a later write of the item must not be undone at the next start), or at the next start if that fails too.
        const put = input.Item as Record<string, AttributeValue> | undefined;
        if (put) await this.call('PutItem', { TableName: table, Item: put });
        await this.undo({ table, key }, before);
        this.commit(logged, []);
        return answer;
      }
      const put = operation === 'PutItem' ? (input.Item as Record<string, AttributeValue>) : undefined;
      const changes = answer.status === 200 ? await this.changesOf([{ table, key, before, put, deleted: operation === 'DeleteItem', checkOnly: false }]) : [];
      this.commit(logged, changes);
      return answer;
    } finally {
      release();
    }
  }

  /** BatchWriteItem touching a streamed table: each request written as its own single write, none left unprocessed. */
  private async batchWrite(input: Record<string, unknown>): Promise<RawAnswer> {
    const requests = Object.entries(input.RequestItems as Record<string, { PutRequest?: { Item: object }; DeleteRequest?: { Key: object } }[]>);
    const count = requests.reduce((n, [, list]) => n + list.length, 0);
    if (count === 0 || count > 25) return rawError(400, validation('Member must have length between 1 and 25 for RequestItems'));
    for (const [TableName, list] of requests) {
      for (const request of list) {
        const [operation, single] = request.PutRequest ? ['PutItem', { TableName, Item: request.PutRequest.Item }] : ['DeleteItem', { TableName, Key: request.DeleteRequest!.Key }];
        const answer = this.streams.specOf(TableName) ? await this.writeStreamed(operation, single) : await this.callRaw(operation, single);
        if (answer.status !== 200) return answer;
      }
    }
    return { status: 200, text: JSON.stringify({ UnprocessedItems: {} }) };
  }

  private async applyAll(items: TransactWriteItem[], targets: Target[], before: (Record<string, AttributeValue> | undefined)[]): Promise<'ok' | object> {
    // The keys are held exclusively, so the items can be applied side by side.
    const results = await Promise.allSettled(items.map((item) => this.applyOne(item)));
    const failed = results.findIndex((r) => r.status === 'rejected');
    if (failed === -1) return 'ok';
    const applied = results.map((r, i) => (r.status === 'fulfilled' ? i : -1)).filter((i) => i >= 0);
    await Promise.all(applied.map((i) => this.undo(targets[i]!, before[i])));
    const conditionFailures = results.map((r) => r.status === 'rejected' && r.reason instanceof DynamoError && r.reason.type === 'ConditionalCheckFailedException');
    if (!conditionFailures.some(Boolean)) throw (results[failed] as PromiseRejectedResult).reason;
    return cancellation(conditionFailures);
  }

  private async applyOne(item: TransactWriteItem) {
    if (item.Put) await this.call('PutItem', item.Put);
    else if (item.Update) await this.call('UpdateItem', item.Update);
    else if (item.Delete) await this.call('DeleteItem', item.Delete);
    // A ConditionCheck was judged with the others before anything was applied: nothing to write.
  }

  private async undo(t: Target, old: Record<string, AttributeValue> | undefined): Promise<void> {
    if (old) await this.call('PutItem', { TableName: t.table, Item: old });
    else await this.call('DeleteItem', { TableName: t.table, Key: t.key });
  }

  private async target(item: TransactWriteItem): Promise<Target> {
    const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
    if (!op?.TableName) throw new Error('transaction item without a table');
    if ('Key' in op && op.Key) return { table: op.TableName, key: op.Key };
    return { table: op.TableName, key: await this.keyFromItem(op.TableName, (op as { Item: Record<string, AttributeValue> }).Item) };
  }

  private async keyFromItem(table: string, item: Record<string, AttributeValue>): Promise<Record<string, AttributeValue>> {
    let names = this.keySchemas.get(table);
    if (!names) {
      const { Table } = await this.call<{ Table?: { KeySchema?: { AttributeName: string }[] } }>('DescribeTable', { TableName: table });
      names = (Table?.KeySchema ?? []).map((k) => k.AttributeName);
      this.keySchemas.set(table, names);
    }
    return Object.fromEntries(names.map((n) => [n, item[n]!]));
  }
}

export interface DynaliteServer {
  emit(event: 'request', req: IncomingMessage, res: ServerResponse): boolean;
}

class DynamoError extends Error {
  override name = 'DynamoError';
  constructor(readonly type: string, message: string) {
    super(`${type}: ${message}`);
  }
}

interface Target {
  table: string;
  key: Record<string, AttributeValue>;
}

interface RawAnswer {
  status: number;
  text: string;
}

function lockKey(table: string, key: Record<string, AttributeValue>): string {
  return `${table}|${JSON.stringify(Object.entries(key).sort(([a], [b]) => a.localeCompare(b)))}`;
}

/** dynalite's own parser and evaluator of condition expressions, so a condition means here what it means to a single-item write. */
const dynaliteValidations = createRequire(import.meta.url)('dynalite/validations') as { validateExpressions(data: Record<string, unknown>): string | undefined };
const dynaliteDb = createRequire(import.meta.url)('dynalite/db') as { checkConditional(data: Record<string, unknown>, existing: Record<string, AttributeValue> | undefined): unknown };

/**
 * Whether an item's condition holds for the item as it is. A condition that does not parse
 * is left to dynalite, which answers the write with its ValidationException.
 */
function conditionHolds(item: TransactWriteItem, existing: Record<string, AttributeValue> | undefined): boolean {
  const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
  if (!op?.ConditionExpression) return true;
  // With the update's expression too: its names and values are the request's, and dynalite refuses any left unused.
  const update = item.Update?.UpdateExpression;
  const data: Record<string, unknown> = { ConditionExpression: op.ConditionExpression, ExpressionAttributeNames: op.ExpressionAttributeNames, ExpressionAttributeValues: op.ExpressionAttributeValues, ...(update ? { UpdateExpression: update } : {}) };
  if (dynaliteValidations.validateExpressions(data)) return true;
  return !dynaliteDb.checkConditional(data, existing);
}

/** A request's JSON object, or undefined when it is not one. */
function parseInput(body: Buffer): Record<string, unknown> | undefined {
  try {
    const input: unknown = JSON.parse(body.toString('utf8'));
    return input && typeof input === 'object' && !Array.isArray(input) ? (input as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function cancellation(refused: readonly boolean[]) {
  const reasons = refused.map((c) => (c ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' }));
  return {
    __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    CancellationReasons: reasons,
  };
}

function validation(message: string) {
  return { __type: 'com.amazon.coral.validate#ValidationException', message };
}

function reply(res: ServerResponse, status: number, body: object): void {
  replyRaw(res, { status, text: JSON.stringify(body) });
}

function replyRaw(res: ServerResponse, answer: RawAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(answer.text), 'x-amzn-requestid': 'local' });
  res.end(answer.text);
}

function rawError(status: number, body: object): RawAnswer {
  return { status, text: JSON.stringify(body) };
}
