import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DisputeRegistered, Envelope, MediationSettings } from '@govflow/contracts';
import { bodyAttribute, decodeCursor, disputeDictionary, encodeCursor, erasureDay, isWriteConflict, markForErasure, nextDaySequence, packBody, sweepErasures, unpackBody, withEvents, writeAtomically, type ErasureMarker, type TransactItem } from '@govflow/platform';
import { heldBy, type Dispute } from '../domain/dispute';
import { dutyShardOf, dutyShards, nextDutyAt } from '../domain/duties';
import { closedAt, closes } from '../domain/retention';
import type { MatterEntry } from '../domain/matters';
import type { MediatorProfile } from '../domain/mediators';

/**
 * Mediation's table (one per region):
 *   DISPUTE#<id> / DISPUTE          the dispute, with sparse keys for the centre, docket, status and duties indexes
 *   DISPUTE#<id> / DOC#<name>#<attempt>     an issued document (sealed in full, and masked), put by the
 *                                           step attempt the dispute names (`issuedBy`; before: DOC#<name>)
 *   DISPUTE#<id> / MINUTES#<sid>#<attempt>  a session's minutes, sealed (likewise; before: MINUTES#<sid>)
 *   CODE#<code> / CODE              一案一码 → dispute id
 *   MATTER#<key> / <disputeId>      open disputes by matter, to link repeats
 *   DIRECTORY / <committee>#<id>    a mediator's load, and their profile once changed through the API
 *   SEQUENCE#<prefix>#<day>         the day's dispute numbers
 *   IDEMPOTENCY#<partner>#<key>     the answer to an Idempotency-Key
 *   REVEAL#<disputeId> / <at>#<by>  who saw a dispute's personal data, and when (append only)
 *   ERASE#<shard> / <day>#<id>      a closed dispute's personal data falls due for erasure that day
 */
const disputeKey = (id: string) => ({ pk: `DISPUTE#${id}`, sk: 'DISPUTE' });
const directoryKey = (committeeId: string, mediatorId: string) => ({ pk: 'DIRECTORY', sk: `${committeeId}#${mediatorId}` });
const idempotencyKey = (partnerId: string, key: string) => ({ pk: `IDEMPOTENCY#${partnerId}#${key}`, sk: 'IDEMPOTENCY' });
const idempotencyRetentionSeconds = 7 * 24 * 3600;

export class ConcurrentChange extends Error {
  override name = 'ConcurrentChange';
}

export class IdempotencyConflict extends Error {
  override name = 'IdempotencyConflict';
}

export interface StoredDocument {
  name: string;
  title: string;
  issuedAt: string;
  /** Absent once the dispute's personal data was erased. */
  bodySealed?: string;
  bodyMasked: string;
}

/** An issued document's item: under the step attempt that put it, or (stored before attempts were named) under its name alone. */
const documentKey = (disputeId: string, name: string, attempt?: string) => ({ pk: `DISPUTE#${disputeId}`, sk: attempt ? `DOC#${name}#${attempt}` : `DOC#${name}` });
const minutesKey = (disputeId: string, sessionId: string, attempt?: string) => ({ pk: `DISPUTE#${disputeId}`, sk: attempt ? `MINUTES#${sessionId}#${attempt}` : `MINUTES#${sessionId}` });

/** Everything one step of a dispute changes: what it issues, put first, then one write with its events. */
export interface DisputeChange {
  /** Names this attempt at the step: its documents and minutes are stored under it (the dispute's `issuedBy`). */
  attempt: string;
  before?: Dispute;
  after: Dispute;
  /** Mediators each side of the step, with the committee they sit in and their capacity. */
  take: { mediatorId: string; committeeId: string; capacity: number }[];
  release: { mediatorId: string; committeeId: string }[];
  matterPut?: { key: string; entry: MatterEntry };
  matterRemove?: { key: string; disputeId: string };
  documents: StoredDocument[];
  minutes: { sessionId: string; sealed: string }[];
  /** A repeat joins the original's list. */
  linkOriginal?: { disputeId: string; link: { disputeId: string; code: string } };
  idempotency?: { partnerId: string; key: string; fingerprint: string; answer: DisputeRegistered; now: Date };
}

export class MediationRepository {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly settings: MediationSettings,
    /** Days after a dispute closes until its personal data is erased, counted in the region's days. */
    private readonly retention: { days: number; timeZone: string },
  ) {}

  /** Days a closed dispute's personal data is kept. */
  get retentionDays(): number {
    return this.retention.days;
  }

  /** The region day a dispute that ended at `closedAt` falls due for erasure. */
  erasureDayOf(ended: string): string {
    return erasureDay(ended, this.retention.days, this.retention.timeZone);
  }

  /**
   * The stored item: the dispute deflated with its dictionary in `body` (ADR 0018), and plain beside it the sparse
   * keys that put it in each index, and what conditions and in-place updates touch: `version`
   * and `linkedDisputes` (a repeat appends itself to its original without reading it).
   */
  private item(d: Dispute) {
    const dutyAt = nextDutyAt(d, this.settings);
    const docket = d.mediator && heldBy(d).includes(d.mediator.id);
    const { version, linkedDisputes, ...rest } = d;
    return {
      ...disputeKey(d.disputeId),
      disputeId: d.disputeId,
      version,
      linkedDisputes,
      [bodyAttribute]: packBody(rest, disputeDictionary),
      centreKey: `CENTRE#${d.centreId}`,
      // Codes number a day's disputes in order: they break ties between disputes queued at the same moment.
      centreSort: `${d.status}#${d.queuedAt ?? d.openedAt}#${d.code}`,
      ...(docket ? { docketKey: `MEDIATOR#${d.mediator!.id}`, docketSort: `${d.status}#${d.openedAt}` } : {}),
      statusKey: `STATUS#${d.status}`,
      statusSort: `${d.tier}#${d.openedAt}`,
      ...(dutyAt ? { dutyShard: `DUTY#${dutyShardOf(d.disputeId)}`, dutyAt } : {}),
    };
  }

  /** Whether the dispute was opened: what makes a redelivered request change nothing. */
  async exists(disputeId: string): Promise<boolean> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: disputeKey(disputeId), ConsistentRead: true, ProjectionExpression: 'pk' }));
    return out.Item !== undefined;
  }

  async get(disputeId: string): Promise<Dispute | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: disputeKey(disputeId), ConsistentRead: true }));
    return out.Item ? strip(out.Item) : undefined;
  }

  async getByCode(code: string): Promise<Dispute | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: `CODE#${code}`, sk: 'CODE' }, ConsistentRead: true }));
    return out.Item ? this.get(String(out.Item.disputeId)) : undefined;
  }

  nextSequence(prefix: string, day: string): Promise<number> {
    return nextDaySequence(this.doc, this.tableName, prefix, day);
  }

  async openMatters(key: string): Promise<MatterEntry[]> {
    const out = await this.doc.send(new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `MATTER#${key}` }, Limit: 50 }));
    return (out.Items ?? []).map((i) => ({ disputeId: String(i.disputeId), code: String(i.code), text: String(i.text) }));
  }

  /** What the API changed in the directory, and every mediator's load, for one committee (or all). */
  async directory(committeeId?: string): Promise<Map<string, { committeeId: string; load: number; profile?: MediatorProfile }>> {
    const stored = new Map<string, { committeeId: string; load: number; profile?: MediatorProfile }>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: committeeId ? 'pk = :pk AND begins_with(sk, :c)' : 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'DIRECTORY', ...(committeeId ? { ':c': `${committeeId}#` } : {}) },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const [committee, mediatorId] = String(item.sk).split('#') as [string, string];
        stored.set(mediatorId, { committeeId: committee, load: Number(item.load ?? 0), profile: item.profile as MediatorProfile | undefined });
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
    return stored;
  }

  /** Stores an administrator's change to a mediator; moving committee is refused while they hold disputes. */
  async saveProfile(profile: MediatorProfile, previousCommitteeId: string | undefined): Promise<void> {
    const moved = previousCommitteeId !== undefined && previousCommitteeId !== profile.committeeId;
    const put: TransactItem = {
      Update: {
        TableName: this.tableName,
        Key: directoryKey(profile.committeeId, profile.id),
        UpdateExpression: 'SET #profile = :profile, #load = if_not_exists(#load, :zero)',
        ExpressionAttributeNames: { '#profile': 'profile', '#load': 'load' },
        ExpressionAttributeValues: { ':profile': profile, ':zero': 0 },
      },
    };
    const items: TransactItem[] = [put];
    if (moved) {
      items.push({
        Delete: {
          TableName: this.tableName,
          Key: directoryKey(previousCommitteeId, profile.id),
          ConditionExpression: 'attribute_not_exists(#load) OR #load = :zero',
          ExpressionAttributeNames: { '#load': 'load' },
          ExpressionAttributeValues: { ':zero': 0 },
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConcurrentChange('the mediator holds disputes in their committee', { cause: error });
      throw error;
    }
  }

  /** The writes of one step, for the caller's write (the queue consumer's, or `save`), after `beforeStep`. */
  writesFor(change: DisputeChange): TransactItem[] {
    const { before, after } = change;
    const items: TransactItem[] = [
      before
        ? { Put: { TableName: this.tableName, Item: this.item(after), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': before.version } } }
        : { Put: { TableName: this.tableName, Item: this.item(after), ConditionExpression: 'attribute_not_exists(pk)' } },
    ];
    if (!before) items.push({ Put: { TableName: this.tableName, Item: { pk: `CODE#${after.code}`, sk: 'CODE', disputeId: after.disputeId }, ConditionExpression: 'attribute_not_exists(pk)' } });
    for (const t of change.take) {
      // An atomic, capped increment: two disputes racing for a last slot cannot both take it.
      items.push({
        Update: {
          TableName: this.tableName,
          Key: directoryKey(t.committeeId, t.mediatorId),
          UpdateExpression: 'SET #load = if_not_exists(#load, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(#load) OR #load < :capacity',
          ExpressionAttributeNames: { '#load': 'load' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':capacity': t.capacity },
        },
      });
    }
    for (const r of change.release) {
      items.push({
        Update: { TableName: this.tableName, Key: directoryKey(r.committeeId, r.mediatorId), UpdateExpression: 'ADD #load :minus', ExpressionAttributeNames: { '#load': 'load' }, ExpressionAttributeValues: { ':minus': -1 } },
      });
    }
    if (change.matterPut) items.push({ Put: { TableName: this.tableName, Item: { pk: `MATTER#${change.matterPut.key}`, sk: change.matterPut.entry.disputeId, ...change.matterPut.entry } } });
    if (change.matterRemove) items.push({ Delete: { TableName: this.tableName, Key: { pk: `MATTER#${change.matterRemove.key}`, sk: change.matterRemove.disputeId } } });
    if (change.linkOriginal) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: disputeKey(change.linkOriginal.disputeId),
          UpdateExpression: 'SET linkedDisputes = list_append(linkedDisputes, :link), version = version + :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':link': [change.linkOriginal.link], ':one': 1 },
        },
      });
    }
    if (change.idempotency) {
      const i = change.idempotency;
      items.push({
        Put: {
          TableName: this.tableName,
          Item: { ...idempotencyKey(i.partnerId, i.key), fingerprint: i.fingerprint, answer: i.answer, expiresAt: Math.floor(i.now.getTime() / 1000) + idempotencyRetentionSeconds },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    return items;
  }

  /**
   * What is put before a step, each item on its own rather than in the step's transaction (which
   * bills every item of it twice): the documents and minutes it issues, under the attempt's keys,
   * and, for the step that ends the dispute, the day its personal data falls due. An attempt that
   * then loses to another leaves items its dispute does not name (the erasure deletes them with
   * the rest) and a stale marker; it never replaces what the winner issued.
   */
  async beforeStep(change: DisputeChange): Promise<void> {
    const id = change.after.disputeId;
    await Promise.all([
      ...change.documents.map((d) => this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...documentKey(id, d.name, change.attempt), ...d } }))),
      ...change.minutes.map((m) => this.doc.send(new PutCommand({ TableName: this.tableName, Item: { ...minutesKey(id, m.sessionId, change.attempt), sealed: m.sealed } }))),
    ]);
    if (closes(change.before, change.after)) await markForErasure(this.doc, this.tableName, id, this.erasureDayOf(closedAt(change.after)!));
  }

  /** Commits a step with its events; ConcurrentChange if the dispute or a load moved meanwhile. */
  async save(change: DisputeChange, events: readonly Envelope[]): Promise<void> {
    await this.beforeStep(change);
    try {
      // The dispute carries its events (ADR 0023).
      await writeAtomically(this.doc, withEvents(this.tableName, this.writesFor(change), events));
    } catch (error) {
      if (!isWriteConflict(error)) throw error;
      if (change.idempotency && (await this.findIdempotency(change.idempotency.partnerId, change.idempotency.key))) {
        throw new IdempotencyConflict('another request with this key committed first', { cause: error });
      }
      throw new ConcurrentChange('the dispute or a mediator’s load changed meanwhile', { cause: error });
    }
  }

  async findIdempotency(partnerId: string, key: string): Promise<{ fingerprint: string; answer: DisputeRegistered } | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: idempotencyKey(partnerId, key), ConsistentRead: true }));
    return out.Item ? { fingerprint: String(out.Item.fingerprint), answer: out.Item.answer as DisputeRegistered } : undefined;
  }

  /** The document the dispute names under `name`: the one its step stored. */
  async document(d: Dispute, name: string): Promise<StoredDocument | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: documentKey(d.disputeId, name, d.issuedBy?.documents?.[name]) }));
    return out.Item as StoredDocument | undefined;
  }

  /** Each session's minutes, sealed, as the dispute names them (items of attempts that lost are left out). */
  async minutes(d: Dispute): Promise<Map<string, string>> {
    const out = await this.doc.send(
      new QueryCommand({ TableName: this.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :m)', ExpressionAttributeValues: { ':pk': `DISPUTE#${d.disputeId}`, ':m': 'MINUTES#' } }),
    );
    const stored = new Map((out.Items ?? []).map((i) => [String(i.sk), String(i.sealed)]));
    const found = d.sessions.map((s) => [s.sessionId, stored.get(minutesKey(d.disputeId, s.sessionId, d.issuedBy?.minutes?.[s.sessionId]).sk)] as const);
    return new Map(found.filter((entry): entry is readonly [string, string] => entry[1] !== undefined));
  }

  /** Append-only record of a reveal of personal data: who, which dispute, when, why. */
  async recordReveal(disputeId: string, by: { id: string; role: string }, at: Date, why: string): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.tableName, Item: { pk: `REVEAL#${disputeId}`, sk: `${at.toISOString()}#${by.id}`, by, why } }));
  }

  /** A page of disputes from one index, newest first, read back from the table (the indexes hold keys only). */
  async list(query: { index: 'centre' | 'docket' | 'status'; key: string; sortPrefix?: string; oldestFirst?: boolean; limit: number; cursor?: string }): Promise<{ items: Dispute[]; cursor?: string }> {
    const names = { centre: ['centreKey', 'centreSort'], docket: ['docketKey', 'docketSort'], status: ['statusKey', 'statusSort'] }[query.index] as [string, string];
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: query.index,
        KeyConditionExpression: query.sortPrefix ? '#k = :k AND begins_with(#s, :p)' : '#k = :k',
        ExpressionAttributeNames: { '#k': names[0], ...(query.sortPrefix ? { '#s': names[1] } : {}) },
        ExpressionAttributeValues: { ':k': query.key, ...(query.sortPrefix ? { ':p': query.sortPrefix } : {}) },
        ScanIndexForward: query.oldestFirst ?? false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor),
      }),
    );
    return { items: await this.getMany((out.Items ?? []).map((i) => String(i.pk).slice('DISPUTE#'.length))), cursor: encodeCursor(out.LastEvaluatedKey) };
  }

  /** Disputes with a duty due by `now` in one shard, oldest duty first, a page from `cursor` on. */
  async due(shard: number, now: Date, limit: number, cursor?: Record<string, unknown>): Promise<{ items: string[]; cursor?: Record<string, unknown> }> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'duties',
        KeyConditionExpression: 'dutyShard = :s AND dutyAt <= :now',
        ExpressionAttributeValues: { ':s': `DUTY#${shard}`, ':now': now.toISOString() },
        Limit: limit,
        ExclusiveStartKey: cursor,
      }),
    );
    return { items: (out.Items ?? []).map((i) => String(i.pk).slice('DISPUTE#'.length)), cursor: out.LastEvaluatedKey };
  }

  /** Walks the erasure markers due by `today` (see `sweepErasures`). */
  erasures(today: string, deadline: number, erase: (marker: ErasureMarker) => Promise<'erased' | 'stale' | 'retry'>) {
    return sweepErasures({ doc: this.doc, tableName: this.tableName, today, deadline, erase });
  }

  /** Drops a dispute's sealed minutes and the sealed bodies of its documents (the masked bodies stay). Idempotent. */
  async eraseSealedItems(disputeId: string): Promise<void> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          // DOC#… and MINUTES#… sort between these; the dispute item itself (DISPUTE) does not.
          ExpressionAttributeValues: { ':pk': `DISPUTE#${disputeId}`, ':from': 'DOC#', ':to': 'MINUTES#\uffff' },
          ProjectionExpression: 'pk, sk, bodySealed',
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of out.Items ?? []) {
        const key = { pk: String(item.pk), sk: String(item.sk) };
        if (key.sk.startsWith('MINUTES#')) await this.doc.send(new DeleteCommand({ TableName: this.tableName, Key: key }));
        else if (key.sk.startsWith('DOC#') && item.bodySealed !== undefined) {
          await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: key, UpdateExpression: 'REMOVE bodySealed' }));
        }
      }
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  /** Replaces the dispute on its own (no transaction) if nobody changed it since it was read; false if someone did. */
  async replaceIfUnchanged(after: Dispute, readVersion: number): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand({ TableName: this.tableName, Item: this.item(after), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': readVersion } }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  get shards(): number {
    return dutyShards;
  }

  private async getMany(ids: string[]): Promise<Dispute[]> {
    const found = new Map<string, Dispute>();
    for (let i = 0; i < ids.length; i += 100) {
      let request: Record<string, { Keys: Record<string, string>[] }> | undefined = { [this.tableName]: { Keys: ids.slice(i, i + 100).map(disputeKey) } };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        for (const item of out.Responses?.[this.tableName] ?? []) found.set(String(item.disputeId), strip(item));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return ids.map((id) => found.get(id)).filter((d): d is Dispute => d !== undefined);
  }
}

/** The dispute an item holds: its body with the plain `version` and `linkedDisputes`, or (written before bodies) its attributes without the table's keys and index attributes. */
function strip(item: Record<string, unknown>): Dispute {
  const packed = unpackBody<Omit<Dispute, 'version' | 'linkedDisputes'>>(item);
  if (packed) return { ...packed, version: item.version as number, linkedDisputes: item.linkedDisputes as Dispute['linkedDisputes'] };
  const { pk: _pk, sk: _sk, centreKey: _ck, centreSort: _cs, docketKey: _dk, docketSort: _ds, statusKey: _sk2, statusSort: _ss, dutyShard: _dsh, dutyAt: _da, ...d } = item;
  return d as unknown as Dispute;
}
