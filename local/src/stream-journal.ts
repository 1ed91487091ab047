import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { QueueSignals } from './queue-signals';

type Item = Record<string, AttributeValue>;

export type StreamViewType = 'KEYS_ONLY' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES';

export interface StreamSpec {
  view: StreamViewType;
  /** `LatestStreamLabel`: when the stream was enabled, as DynamoDB names it. */
  label: string;
  arn: string;
}

/** One item changed by a committed write: its key and its images before and after. */
export interface ItemChange {
  table: string;
  keys: Item;
  before?: Item;
  after?: Item;
}

type Line =
  | { op: 'enable'; table: string; view: StreamViewType; label: string }
  | { op: 'disable'; table: string }
  /** Written when the file is rewritten: numbering goes on from here even when no record was kept. */
  | { op: 'sequence'; next: string }
  | { op: 'commit'; id: string; records: { table: string; record: DynamoDBRecord }[] };

export interface StreamJournalOptions {
  arnPrefix?: string;
  /** Lines appended before the file is rewritten as what readers still need. */
  compactAfterLines?: number;
}

/**
 * The local DynamoDB Streams: every committed change of a streamed table, in commit order,
 * as the records Lambda hands a stream consumer. A commit (one write, or one whole
 * transaction) is one line appended synchronously to the file before the writer hears
 * back, so a change and its records are both there or neither is: the transaction layer
 * logs a write's before-image first (undo-log.ts), applies it, appends the commit, then
 * ends the undo entry; at the next start a write whose commit line is here is kept, any
 * other is taken back. One shard per region: records of one item come in the order its
 * changes were made, as DynamoDB Streams keeps them.
 */
export class StreamJournal {
  private readonly specs = new Map<string, StreamSpec>();
  private readonly records = new Map<string, DynamoDBRecord[]>();
  private readonly commits = new Set<string>();
  /** Per table, how far each reader has got: records every reader has passed are dropped. */
  private readonly readers = new Map<string, Map<string, string>>();
  /** Per table, the position the records were last trimmed to. */
  private readonly trimmedThrough = new Map<string, string>();
  /** Readers waiting for a table's next record, woken by each append (the queues' signals serve as well). */
  private readonly appended = new QueueSignals();
  private nextSequence = 1n;
  private linesSinceCompaction = 0;

  private readonly arnPrefix: string;
  private readonly compactAfterLines: number;

  constructor(
    private readonly path?: string,
    options: StreamJournalOptions = {},
  ) {
    this.arnPrefix = options.arnPrefix ?? 'arn:aws:dynamodb:us-east-1:000000000000';
    this.compactAfterLines = options.compactAfterLines ?? 10_000;
    if (path && existsSync(path)) this.load(readFileSync(path, 'utf8'));
  }

  specOf(table: string): StreamSpec | undefined {
    return this.specs.get(table);
  }

  /** Turns the table's stream on (CreateTable or UpdateTable with a StreamSpecification); a table already streaming keeps its stream. */
  enable(table: string, view: StreamViewType, now = new Date()): StreamSpec {
    const existing = this.specs.get(table);
    if (existing && existing.view === view) return existing;
    const label = now.toISOString().replace(/Z$/, '');
    this.write({ op: 'enable', table, view, label });
    return this.specs.get(table)!;
  }

  disable(table: string): void {
    if (this.specs.has(table)) this.write({ op: 'disable', table });
  }

  /** Whether a commit with this id reached the file (the recovery's test of a write cut short). */
  committed(id: string): boolean {
    return this.commits.has(id);
  }

  /**
   * Records a commit's changes to streamed tables. Synchronous: once it returns, the commit
   * is in the operating system's hands, which a killed process cannot take back.
   */
  append(id: string, changes: readonly ItemChange[], now = new Date()): void {
    const records: { table: string; record: DynamoDBRecord }[] = [];
    for (const change of changes) {
      const spec = this.specs.get(change.table);
      if (!spec) continue;
      // A write that leaves the item as it was writes no stream record (DynamoDB Streams does the same).
      if (isDeepStrictEqual(change.before, change.after)) continue;
      const sequence = this.nextSequence + BigInt(records.length);
      records.push({ table: change.table, record: streamRecord(spec, change, sequence, now) });
    }
    if (records.length > 0) this.write({ op: 'commit', id, records });
  }

  /** Up to `limit` records of a table after the given sequence number (from the oldest kept, without one). */
  read(table: string, after: string | undefined, limit: number): DynamoDBRecord[] {
    const all = this.records.get(table) ?? [];
    let from = 0;
    if (after !== undefined) {
      let hi = all.length;
      while (from < hi) {
        const mid = (from + hi) >> 1;
        if (all[mid]!.dynamodb!.SequenceNumber! <= after) from = mid + 1;
        else hi = mid;
      }
    }
    return all.slice(from, from + limit);
  }

  /** Resolves when a record is appended to the table's stream, or after `ms`. */
  whenAppended(table: string, ms: number): Promise<void> {
    return this.appended.next(table, ms);
  }

  /**
   * A reader (an event-source mapping) of the table, from its position (from the oldest kept,
   * without one). Trims nothing: a reader that starts ahead of another (its checkpoint was
   * written later before a stop) must not drop what the other has yet to read, so every
   * reader of a table registers before any of them moves.
   */
  register(table: string, reader: string, after: string | undefined): void {
    const positions = this.readers.get(table) ?? new Map<string, string>();
    this.readers.set(table, positions);
    positions.set(reader, after ?? '');
  }

  /** A registered reader says how far it has got. Records every reader of the table has passed are dropped; the file is rewritten now and then without them. */
  advance(table: string, reader: string, through: string): void {
    const positions = this.readers.get(table);
    if (!positions?.has(reader)) throw new Error(`stream reader ${reader} of ${table} moved before it was registered`);
    positions.set(reader, through);
    const slowest = [...positions.values()].reduce((a, b) => (a < b ? a : b));
    const all = this.records.get(table);
    // Only when the slowest reader has moved: a quick reader beside a slow one (a relay beside the fold) trims nothing.
    if (!all || !slowest || this.trimmedThrough.get(table) === slowest) return;
    this.trimmedThrough.set(table, slowest);
    const kept = this.read(table, slowest, Number.MAX_SAFE_INTEGER);
    if (kept.length !== all.length) this.records.set(table, kept);
  }

  private write(line: Line): void {
    // Compacted before the line, never after it: the commit being written keeps its id in the file until its undo entry is ended.
    if (++this.linesSinceCompaction > this.compactAfterLines) this.compact();
    // Sequence numbers are taken only once the line is on its way, so a failed append reuses none.
    if (this.path) appendFileSync(this.path, `${JSON.stringify(line)}\n`);
    this.apply(line);
  }

  private apply(line: Line): void {
    if (line.op === 'enable') {
      this.specs.set(line.table, { view: line.view, label: line.label, arn: `${this.arnPrefix}:table/${line.table}/stream/${line.label}` });
      return;
    }
    if (line.op === 'disable') {
      this.specs.delete(line.table);
      this.records.delete(line.table);
      return;
    }
    if (line.op === 'sequence') {
      if (BigInt(line.next) > this.nextSequence) this.nextSequence = BigInt(line.next);
      return;
    }
    this.commits.add(line.id);
    for (const { table, record } of line.records) {
      const list = this.records.get(table) ?? [];
      this.records.set(table, list);
      list.push(record);
      this.nextSequence = BigInt(record.dynamodb!.SequenceNumber!) + 1n;
    }
    for (const table of new Set(line.records.map((r) => r.table))) this.appended.notify(table, Number.MAX_SAFE_INTEGER);
  }

  private load(text: string): void {
    for (const raw of text.split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // A commit cut short mid-append: its write is taken back at recovery.
      }
      this.apply(line);
    }
  }

  /** Rewrites the file as the streams and the records still kept, atomically; commits of dropped records are forgotten. */
  private compact(): void {
    this.linesSinceCompaction = 0;
    if (!this.path) return;
    // The shard is always the same one here, so its numbers must never start again: readers' marks compare them (ADR 0022).
    const lines: Line[] = [{ op: 'sequence', next: this.nextSequence.toString() }, ...[...this.specs].map(([table, spec]): Line => ({ op: 'enable', table, view: spec.view, label: spec.label }))];
    const kept = [...this.records].flatMap(([table, list]) => list.map((record) => ({ table, record })));
    kept.sort((a, b) => (a.record.dynamodb!.SequenceNumber! < b.record.dynamodb!.SequenceNumber! ? -1 : 1));
    // Kept records are written one commit line each: only a commit cut short by a crash is looked up, and that one is never dropped.
    for (const entry of kept) lines.push({ op: 'commit', id: `kept-${entry.record.dynamodb!.SequenceNumber}`, records: [entry] });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
    renameSync(tmp, this.path);
    this.commits.clear();
  }
}

/** Stream sequence numbers are decimal strings; ours are zero-padded so that they also sort as strings. */
export const sequenceNumber = (n: bigint) => n.toString().padStart(21, '0');

function streamRecord(spec: StreamSpec, change: ItemChange, sequence: bigint, now: Date): DynamoDBRecord {
  const eventName = !change.before ? 'INSERT' : !change.after ? 'REMOVE' : 'MODIFY';
  const withNew = spec.view === 'NEW_IMAGE' || spec.view === 'NEW_AND_OLD_IMAGES';
  const withOld = spec.view === 'OLD_IMAGE' || spec.view === 'NEW_AND_OLD_IMAGES';
  const images = { ...(withNew && change.after ? { NewImage: change.after } : {}), ...(withOld && change.before ? { OldImage: change.before } : {}) };
  return {
    eventID: `${sequence.toString(16)}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: spec.arn.split(':')[3] ?? 'us-east-1',
    eventSourceARN: spec.arn,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(now.getTime() / 1000),
      Keys: change.keys as NonNullable<DynamoDBRecord['dynamodb']>['Keys'],
      ...(images as Pick<NonNullable<DynamoDBRecord['dynamodb']>, 'NewImage' | 'OldImage'>),
      SequenceNumber: sequenceNumber(sequence),
      SizeBytes: Buffer.byteLength(JSON.stringify([change.keys, images])),
      StreamViewType: spec.view,
    },
  };
}
