import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type TransactWriteItem,
} from '@aws-sdk/client-dynamodb';

/**
 * dynalite serves DynamoDB's single-item operations but not TransactWriteItems, which
 * the services rely on (state change + inbox marker + outbox in one commit). This layer
 * sits in front of dynalite and serves TransactWriteItems itself with DynamoDB's
 * guarantees as seen by clients: all-or-nothing, with TransactionCanceledException and
 * per-item CancellationReasons when a condition fails. It holds an exclusive lock while a
 * transaction checks and applies its items (undoing applied items if a later one fails);
 * every other request runs under a shared lock, so nobody observes a half-applied
 * transaction.
 */
export class TransactionLayer {
  private shared = 0;
  private exclusive = false;
  private waiting: { exclusive: boolean; resume: () => void }[] = [];
  private keySchemas = new Map<string, string[]>();

  constructor(
    private readonly dynalite: { emit(event: 'request', req: IncomingMessage, res: ServerResponse): boolean },
    private readonly direct: DynamoDBClient,
  ) {}

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target.endsWith('.TransactWriteItems')) {
      void this.transactWrite(req, res);
      return;
    }
    void this.acquire(false).then(() => {
      let released = false;
      const release = () => {
        if (!released) {
          released = true;
          this.release(false);
        }
      };
      res.once('finish', release);
      res.once('close', release);
      this.dynalite.emit('request', req, res);
    });
  };

  private async transactWrite(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let input: { TransactItems?: TransactWriteItem[] };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
    } catch {
      return reply(res, 400, { __type: 'com.amazon.coral.service#SerializationException', message: 'bad JSON' });
    }
    const items = input.TransactItems ?? [];
    if (items.length === 0 || items.length > 100) {
      return reply(res, 400, validation('Member must have length between 1 and 100 for TransactItems'));
    }
    await this.acquire(true);
    try {
      const outcome = await this.apply(items);
      if (outcome === 'ok') return reply(res, 200, {});
      return reply(res, 400, outcome);
    } catch (error) {
      return reply(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) });
    } finally {
      this.release(true);
    }
  }

  private async apply(items: TransactWriteItem[]): Promise<'ok' | object> {
    const targets = await Promise.all(items.map((item) => this.target(item)));
    const seen = new Set<string>();
    for (const t of targets) {
      const id = `${t.table}|${JSON.stringify(t.key)}`;
      if (seen.has(id)) return validation('Transaction request cannot include multiple operations on one item');
      seen.add(id);
    }
    const before = await Promise.all(
      targets.map(async (t) => (await this.direct.send(new GetItemCommand({ TableName: t.table, Key: t.key, ConsistentRead: true }))).Item),
    );
    for (let i = 0; i < items.length; i++) {
      try {
        await this.applyOne(items[i]!, targets[i]!, before[i]);
      } catch (error) {
        await this.undo(targets.slice(0, i), before.slice(0, i));
        if (error instanceof ConditionalCheckFailedException) {
          const reasons = items.map((_, j) => (j === i ? { Code: 'ConditionalCheckFailed', Message: 'The conditional request failed' } : { Code: 'None' }));
          return {
            __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException',
            message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
            CancellationReasons: reasons,
          };
        }
        throw error;
      }
    }
    return 'ok';
  }

  private async applyOne(item: TransactWriteItem, target: { table: string; key: Record<string, AttributeValue> }, before: Record<string, AttributeValue> | undefined) {
    if (item.Put) await this.direct.send(new PutItemCommand(item.Put));
    else if (item.Update) await this.direct.send(new UpdateItemCommand(item.Update));
    else if (item.Delete) await this.direct.send(new DeleteItemCommand(item.Delete));
    else if (item.ConditionCheck) {
      // A conditional delete evaluates the condition; the item is then put back as it was.
      const { ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues } = item.ConditionCheck;
      await this.direct.send(new DeleteItemCommand({ TableName: target.table, Key: target.key, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues }));
      if (before) await this.direct.send(new PutItemCommand({ TableName: target.table, Item: before }));
    }
  }

  private async undo(targets: { table: string; key: Record<string, AttributeValue> }[], before: (Record<string, AttributeValue> | undefined)[]) {
    for (let i = targets.length - 1; i >= 0; i--) {
      const t = targets[i]!;
      const old = before[i];
      if (old) await this.direct.send(new PutItemCommand({ TableName: t.table, Item: old }));
      else await this.direct.send(new DeleteItemCommand({ TableName: t.table, Key: t.key }));
    }
  }

  private async target(item: TransactWriteItem): Promise<{ table: string; key: Record<string, AttributeValue> }> {
    const op = item.Put ?? item.Update ?? item.Delete ?? item.ConditionCheck;
    if (!op?.TableName) throw new Error('transaction item without a table');
    if ('Key' in op && op.Key) return { table: op.TableName, key: op.Key };
    const names = await this.keyNames(op.TableName);
    const record = (op as { Item: Record<string, AttributeValue> }).Item;
    return { table: op.TableName, key: Object.fromEntries(names.map((n) => [n, record[n]!])) };
  }

  private async keyNames(table: string): Promise<string[]> {
    let names = this.keySchemas.get(table);
    if (!names) {
      const { Table } = await this.direct.send(new DescribeTableCommand({ TableName: table }));
      names = (Table?.KeySchema ?? []).map((k) => k.AttributeName!);
      this.keySchemas.set(table, names);
    }
    return names;
  }

  private acquire(exclusive: boolean): Promise<void> {
    const free = exclusive ? !this.exclusive && this.shared === 0 : !this.exclusive && !this.waiting.some((w) => w.exclusive);
    if (free) {
      if (exclusive) this.exclusive = true;
      else this.shared++;
      return Promise.resolve();
    }
    return new Promise((resume) => this.waiting.push({ exclusive, resume }));
  }

  private release(exclusive: boolean): void {
    if (exclusive) this.exclusive = false;
    else this.shared--;
    while (this.waiting.length > 0 && !this.exclusive) {
      const next = this.waiting[0]!;
      if (next.exclusive) {
        if (this.shared > 0) break;
        this.waiting.shift();
        this.exclusive = true;
        next.resume();
        break;
      }
      this.waiting.shift();
      this.shared++;
      next.resume();
    }
  }
}

function validation(message: string) {
  return { __type: 'com.amazon.coral.validate#ValidationException', message };
}

function reply(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': 'local' });
  res.end(text);
}
