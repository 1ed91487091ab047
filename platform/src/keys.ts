import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { Caller, hashApiKey, issueApiKey, newKeyId, readKeyPayload, verifyApiKey } from './auth';

/**
 * A partner key as the key store keeps it: its scopes, the SHA-256 of the key (never the key),
 * and its life: revoked at once, or valid until the end of a rotation's grace period.
 */
export const KeyRecord = Caller.extend({
  keyId: z.string(),
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
  issuedAt: z.string(),
  label: z.string().optional(),
  revokedAt: z.string().optional(),
  /** Set by a rotation: the old key keeps working until then, so the partner can switch over. */
  validUntil: z.string().optional(),
  replacedBy: z.string().optional(),
});
export type KeyRecord = z.infer<typeof KeyRecord>;

export type KeyState = 'active' | 'revoked' | 'expired';

export function keyState(record: KeyRecord, now: Date): KeyState {
  if (record.revokedAt !== undefined) return 'revoked';
  // Stryker disable next-line ConditionalExpression: without validUntil, Date.parse(undefined) is NaN and NaN <= now is false anyway; the check says what is meant.
  if (record.validUntil !== undefined && Date.parse(record.validUntil) <= now.getTime()) return 'expired';
  return 'active';
}

/**
 * The caller a presented key stands for, or why not. The stored record, not the key's payload,
 * says what the key may do; the hash ties the record to exactly this key string.
 */
export function acceptKey(record: KeyRecord | undefined, presentedKey: string, now: Date): { caller: Caller } | { refused: string } {
  if (!record) return { refused: 'unknown key' };
  if (record.keyHash !== hashApiKey(presentedKey)) return { refused: 'key does not match its record' };
  const state = keyState(record, now);
  if (state !== 'active') return { refused: `key ${state}` };
  const { partnerId, role, departmentId, mediatorId, committeeId } = record;
  return { caller: Caller.parse({ partnerId, role, departmentId, mediatorId, committeeId }) };
}

/** Where key records are read and written: a small item set in intake's table (ADR 0012). */
export interface KeyStore {
  get(partnerId: string, keyId: string): Promise<KeyRecord | undefined>;
  list(partnerId?: string): Promise<KeyRecord[]>;
  /** Writes a new record; false if one with this id exists already. */
  create(record: KeyRecord): Promise<boolean>;
  update(partnerId: string, keyId: string, changes: Partial<Pick<KeyRecord, 'revokedAt' | 'validUntil' | 'replacedBy'>>): Promise<void>;
}

/** The key records' partition: one, so listing every key is one query, never a scan of the cases. */
export const keyPartition = 'partner-keys';
const sortKey = (partnerId: string, keyId: string) => `${partnerId}#${keyId}`;

export class DynamoKeyStore implements KeyStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(partnerId: string, keyId: string): Promise<KeyRecord | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: keyPartition, sk: sortKey(partnerId, keyId) }, ConsistentRead: true }));
    return out.Item ? KeyRecord.parse(out.Item) : undefined;
  }

  async list(partnerId?: string): Promise<KeyRecord[]> {
    const records: KeyRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: partnerId ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keyPartition, ...(partnerId ? { ':prefix': `${partnerId}#` } : {}) },
          ExclusiveStartKey: start,
        }),
      );
      // Stryker disable next-line ArrayDeclaration: a Query's answer always has Items (empty when none match), so the fallback is never taken.
      records.push(...(out.Items ?? []).map((item) => KeyRecord.parse(item)));
      start = out.LastEvaluatedKey;
    } while (start);
    return records;
  }

  async create(record: KeyRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: keyPartition, sk: sortKey(record.partnerId, record.keyId), ...KeyRecord.parse(record) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async update(partnerId: string, keyId: string, changes: Partial<Pick<KeyRecord, 'revokedAt' | 'validUntil' | 'replacedBy'>>): Promise<void> {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: keyPartition, sk: sortKey(partnerId, keyId) },
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
  }
}

export interface IssueKeyOptions {
  /** A stable id (the local system's demo keys): issuing it again returns the same key and writes nothing. */
  keyId?: string;
  label?: string;
  now?: Date;
}

/** The administrator's operations on partner keys, against any key store. */
export class KeyAdministration {
  constructor(
    private readonly store: KeyStore,
    private readonly authSecret: string,
  ) {}

  /** Issues a key with these scopes; the key itself is shown once, here, and stored only as its hash. */
  async issue(scopes: Caller, options: IssueKeyOptions = {}): Promise<{ key: string; record: KeyRecord }> {
    const caller = Caller.parse(scopes);
    const keyId = options.keyId ?? newKeyId();
    const key = issueApiKey(this.authSecret, { ...caller, keyId });
    const record: KeyRecord = { ...caller, keyId, keyHash: hashApiKey(key), issuedAt: (options.now ?? new Date()).toISOString(), label: options.label };
    if (!(await this.store.create(record))) {
      const existing = await this.store.get(caller.partnerId, keyId);
      if (existing?.keyHash !== record.keyHash) throw new Error(`key ${keyId} of ${caller.partnerId} exists with other scopes`);
      return { key, record: existing };
    }
    return { key, record };
  }

  list(partnerId?: string): Promise<KeyRecord[]> {
    return this.store.list(partnerId);
  }

  /** Revokes one key, or every key of a partner: refused from the next authorizer lookup on. */
  async revoke(target: { partnerId: string; keyId?: string }, now = new Date()): Promise<KeyRecord[]> {
    const records = target.keyId ? [await this.store.get(target.partnerId, target.keyId)].filter((r): r is KeyRecord => r !== undefined) : await this.store.list(target.partnerId);
    const revoked = records.filter((r) => r.revokedAt === undefined);
    for (const r of revoked) await this.store.update(r.partnerId, r.keyId, { revokedAt: now.toISOString() });
    return revoked;
  }

  /** A new key with the same scopes; the old one keeps working for `graceSeconds`, then is refused. */
  async rotate(target: { partnerId: string; keyId: string }, graceSeconds: number, now = new Date()): Promise<{ key: string; record: KeyRecord; old: KeyRecord }> {
    const old = await this.store.get(target.partnerId, target.keyId);
    if (!old || keyState(old, now) !== 'active') throw new Error(`no active key ${target.keyId} of ${target.partnerId}`);
    const { partnerId, role, departmentId, mediatorId, committeeId } = old;
    const issued = await this.issue({ partnerId, role, departmentId, mediatorId, committeeId }, { label: old.label, now });
    const validUntil = new Date(now.getTime() + graceSeconds * 1000).toISOString();
    await this.store.update(partnerId, old.keyId, { validUntil, replacedBy: issued.record.keyId });
    return { ...issued, old: { ...old, validUntil, replacedBy: issued.record.keyId } };
  }
}

/** The partner-key half of the authorizer: signature first (free), then the stored record (one read). */
export async function checkApiKey(authSecret: string, store: Pick<KeyStore, 'get'>, key: string, now: Date): Promise<{ caller: Caller; keyId: string } | { refused: string }> {
  const payload = verifyApiKey(authSecret, key);
  if (!payload) return { refused: 'bad signature or malformed key' };
  const verdict = acceptKey(await store.get(payload.partnerId, payload.keyId), key, now);
  return 'caller' in verdict ? { caller: verdict.caller, keyId: payload.keyId } : verdict;
}

/**
 * A partner key checked against the store alone, without the signing secret: for routes whose
 * key does not travel in the Authorization header (Open311's `api_key`), which the gateway's
 * authorizer never sees. The stored SHA-256 ties the record to exactly this key, so a forged
 * key is refused as surely; it only costs the read the signature check would have saved.
 */
export async function checkStoredKey(store: Pick<KeyStore, 'get'>, key: string, now: Date): Promise<{ caller: Caller; keyId: string } | { refused: string }> {
  const payload = readKeyPayload(key);
  if (!payload) return { refused: 'malformed key' };
  const verdict = acceptKey(await store.get(payload.partnerId, payload.keyId), key, now);
  return 'caller' in verdict ? { caller: verdict.caller, keyId: payload.keyId } : verdict;
}
