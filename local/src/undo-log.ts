import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/** What a transaction is about to change in one item: enough to take the change back. */
export interface UndoEntry {
  table: string;
  key: Item;
  /** The item as it was; absent when there was none. */
  before?: Item;
  /** For a put, the item it writes: undoing must also clear the index entries it may have left. */
  put?: Item;
}

type Line = { op: 'begin'; id: string; entries: UndoEntry[] } | { op: 'end'; id: string };

/** A transaction begun and never ended, as the file holds it. */
export interface UnfinishedTransaction {
  id: string;
  entries: UndoEntry[];
}

/**
 * The local transaction layer applies a transaction's items one by one (dynalite has no
 * transactions), so a `kill -9` between two of them would leave half a transaction on
 * disk: a state change without its companion item, say (a case without its idempotency answer).
 * Before applying, the layer appends the items' before-images here, synchronously; after
 * the last item (or its own undo) it appends the end, before the client hears back. On
 * the next start every transaction begun and never ended is taken back, so each one is
 * all or nothing across a crash as well.
 */
export class UndoLog {
  private readonly open = new Map<string, string>();
  /** Ids are unique across starts: the stream journal looks a cut-short transaction up by its id. */
  private readonly run = randomUUID().slice(0, 8);
  private nextId = 1;
  private lines = 0;

  constructor(private readonly path: string) {}

  /** Transactions a crash cut short, as the file holds them. */
  unfinished(): UnfinishedTransaction[] {
    if (!existsSync(this.path)) return [];
    const begun = new Map<string, UndoEntry[]>();
    for (const raw of readFileSync(this.path, 'utf8').split('\n')) {
      if (!raw) continue;
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue; // A begin cut short mid-write: nothing of it was applied yet.
      }
      if (line.op === 'begin') begun.set(line.id, line.entries);
      else begun.delete(line.id);
    }
    return [...begun].map(([id, entries]) => ({ id, entries }));
  }

  /** Forgets everything (once the unfinished transactions have been taken back). */
  clear(): void {
    writeFileSync(this.path, '');
    this.open.clear();
    this.lines = 0;
  }

  begin(entries: UndoEntry[]): string {
    const id = `${this.run}-${this.nextId++}`;
    const line = `${JSON.stringify({ op: 'begin', id, entries })}\n`;
    // Synchronous: once this returns the line is in the operating system's hands, which a killed process cannot take back.
    appendFileSync(this.path, line);
    this.open.set(id, line);
    this.lines++;
    return id;
  }

  end(id: string): void {
    appendFileSync(this.path, `${JSON.stringify({ op: 'end', id })}\n`);
    this.open.delete(id);
    if (++this.lines > 10_000) this.compact();
  }

  /** Rewrites the file as the transactions still open, atomically. */
  private compact(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, [...this.open.values()].join(''));
    renameSync(tmp, this.path);
    this.lines = this.open.size;
  }
}
