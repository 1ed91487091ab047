import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoKeyStore, hashApiKey, keyPartition, type KeyRecord } from '@govflow/platform';
import { startEmbeddedServers, type EmbeddedServers } from '../src/servers';

/*
 * The partner-key store (platform/src/keys.ts) against the local DynamoDB: the records'
 * partition and sort keys, listing with and without a partner, creating once, updating.
 */

let servers: EmbeddedServers;
let doc: DynamoDBDocumentClient;
let tables = 0;
/** What the store sent, observed on the client's middleware stack. */
let sent: { command: string; input: Record<string, unknown> }[] = [];

beforeAll(async () => {
  servers = await startEmbeddedServers({});
  const client = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
  // As the services build theirs (platform/src/aws.ts).
  doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      sent.push({ command: context.commandName ?? '', input: args.input as Record<string, unknown> });
      return next(args);
    },
    { step: 'initialize', name: 'recordCommands' },
  );
});

afterAll(async () => {
  await servers?.close();
});

beforeEach(() => {
  sent = [];
});

async function freshStore(): Promise<{ store: DynamoKeyStore; tableName: string }> {
  const tableName = `key-store-${++tables}`;
  await doc.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['pk', 'sk'].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    }),
  );
  sent = [];
  return { store: new DynamoKeyStore(doc, tableName), tableName };
}

const record = (partnerId: string, keyId: string, extra: Partial<KeyRecord> = {}): KeyRecord => ({
  partnerId,
  role: 'partner',
  keyId,
  keyHash: hashApiKey(`${partnerId}.${keyId}`),
  issuedAt: '2026-03-01T08:00:00.000Z',
  ...extra,
});

const keyIds = (records: KeyRecord[]) => records.map((r) => `${r.partnerId}#${r.keyId}`).sort();

describe('DynamoKeyStore', () => {
  it('keeps every record in one partition under <partner>#<key>, and reads one back strongly consistent', async () => {
    const { store, tableName } = await freshStore();
    const web = record('web', 'k1', { label: 'web portal' });
    expect(await store.create(web)).toBe(true);
    expect(await store.create(record('web', 'k2'))).toBe(true);
    const raw = await doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'partner-keys', sk: 'web#k1' } }));
    expect(raw.Item).toEqual({ pk: keyPartition, sk: 'web#k1', ...web });

    sent = [];
    expect(await store.get('web', 'k1')).toEqual(web);
    expect(await store.get('web', 'k2')).toEqual(record('web', 'k2'));
    expect(await store.get('web', 'k3')).toBeUndefined();
    expect(await store.get('hotline', 'k1')).toBeUndefined();
    // A revocation counts from the authorizer's next lookup: never an eventually consistent read.
    expect(sent.map((s) => s.input.ConsistentRead)).toEqual([true, true, true, true]);
  });

  it("lists every partner's keys, or one partner's only (not another's whose name it begins)", async () => {
    const { store } = await freshStore();
    for (const r of [record('web', 'k1'), record('web', 'k2'), record('web-app', 'k3'), record('hotline', 'k4')]) await store.create(r);
    expect(keyIds(await store.list())).toEqual(['hotline#k4', 'web#k1', 'web#k2', 'web-app#k3']);
    expect(keyIds(await store.list('web'))).toEqual(['web#k1', 'web#k2']);
    expect(keyIds(await store.list('hotline'))).toEqual(['hotline#k4']);
    expect(await store.list('petition')).toEqual([]);
  });

  it('lists past the 1 MB page a Query answers with', async () => {
    const { store } = await freshStore();
    // 12 records of about 100 kB each: more than one page.
    const label = 'x'.repeat(100_000);
    for (let i = 0; i < 12; i++) await store.create(record('web', `k${String(i).padStart(2, '0')}`, { label }));
    sent = [];
    expect(await store.list('web')).toHaveLength(12);
    expect(sent.filter((s) => s.command === 'QueryCommand').length).toBeGreaterThan(1);
  });

  it('creates a record once: a second one with the same partner and id is refused and changes nothing', async () => {
    const { store } = await freshStore();
    expect(await store.create(record('web', 'k1'))).toBe(true);
    expect(await store.create(record('web', 'k1', { role: 'operator', label: 'again' }))).toBe(false);
    expect(await store.get('web', 'k1')).toEqual(record('web', 'k1'));
    // Another partner may use the same key id.
    expect(await store.create(record('hotline', 'k1'))).toBe(true);
  });

  it('fails a create for any reason other than an existing record', async () => {
    const store = new DynamoKeyStore(doc, 'no-such-table');
    await expect(store.create(record('web', 'k1'))).rejects.toThrow(/non-existent table|not found/i);
  });

  it('updates the given fields, skips undefined ones, sends nothing for no change, and refuses a missing record', async () => {
    const { store } = await freshStore();
    await store.create(record('web', 'k1'));
    await store.create(record('web', 'k2'));
    sent = [];
    await store.update('web', 'k1', {});
    await store.update('web', 'k1', { revokedAt: undefined });
    expect(sent).toEqual([]);

    await store.update('web', 'k1', { validUntil: '2026-03-02T08:00:00.000Z', replacedBy: 'k2', revokedAt: undefined });
    expect(await store.get('web', 'k1')).toEqual(record('web', 'k1', { validUntil: '2026-03-02T08:00:00.000Z', replacedBy: 'k2' }));
    await store.update('web', 'k1', { revokedAt: '2026-03-01T09:00:00.000Z' });
    expect(await store.get('web', 'k1')).toEqual(record('web', 'k1', { validUntil: '2026-03-02T08:00:00.000Z', replacedBy: 'k2', revokedAt: '2026-03-01T09:00:00.000Z' }));
    expect(await store.get('web', 'k2')).toEqual(record('web', 'k2'));

    await expect(store.update('web', 'k9', { revokedAt: '2026-03-01T09:00:00.000Z' })).rejects.toThrow(/conditional request failed/i);
    expect(await store.get('web', 'k9')).toBeUndefined();
  });
});
