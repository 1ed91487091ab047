import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamJournal } from './stream-journal';

export interface StreamPollerOptions {
  journal: StreamJournal;
  table: string;
  /** The mapping's name: how the journal knows which records this reader has passed. */
  reader: string;
  invoke: (event: DynamoDBStreamEvent & Partial<TumblingWindowFields>) => Promise<(DynamoDBBatchResponse & { state?: Record<string, string> }) | void | null | undefined>;
  /** Like the mapping's BatchSize (Lambda's default for streams is 100). */
  batchSize: number;
  /** Like MaximumBatchingWindowInSeconds: after a first record, gather more for up to this long (or a full batch). */
  batchingWindowMs?: number;
  /** Like the mapping's filter criteria: records it refuses are passed over, never handed to the function. */
  filter?: (record: DynamoDBRecord) => boolean;
  /**
   * Like TumblingWindowInSeconds: each invocation then also names its shard and window and
   * carries the state the function returned last in the window. (The final, empty invocation
   * Lambda makes when a window closes is not made here.)
   */
  tumblingWindowSeconds?: number;
  /**
   * Like BisectBatchOnFunctionError: a batch whose invocation fails is split in two and the
   * halves retried, down to single records; a split does not count as a retry attempt.
   */
  bisectBatchOnError?: boolean;
  /** Like MaximumRetryAttempts: -1 (the default) retries until the function succeeds. */
  maximumRetryAttempts?: number;
  /** Like the mapping's on-failure destination: told of a batch given up after its retries, which is then skipped. */
  onFailure?: (failure: StreamBatchFailure) => Promise<void>;
  /** Where the position is kept, so a restart goes on from the last batch that succeeded (TRIM_HORIZON without one). */
  checkpointPath?: string;
  /**
   * How long a new position may wait before it is written to `checkpointPath` (default 1 s; it is
   * written at stop). A crash loses at most that much of it: those batches come again, as a stream
   * may hand any batch over again. Written per batch, the relays' small batches spent more of the
   * main thread on the file than on the records.
   */
  checkpointEveryMs?: number;
  /** Longest wait for a new record before looking again. */
  idleMs?: number;
  retryDelayMs?: (attempt: number) => number;
  onError?: (error: unknown) => void;
}

/** What a tumbling window adds to a stream event (not in aws-lambda's types). */
export interface TumblingWindowFields {
  shardId: string;
  eventSourceARN: string;
  window: { start: string; end: string };
  state: Record<string, string>;
  isFinalInvokeForWindow: boolean;
  isWindowTerminatedEarly: boolean;
}

/** The one shard of the local stream. */
export const localShardId = 'shardId-local-0';

/** What Lambda sends an on-failure destination about a stream batch (its `DDBStreamBatchInfo`), and why. */
export interface StreamBatchFailure {
  condition: 'RetryAttemptsExhausted';
  approximateInvokeCount: number;
  DDBStreamBatchInfo: { shardId: string; startSequenceNumber: string; endSequenceNumber: string; batchSize: number; streamArn: string };
}

/**
 * A DynamoDB Streams event-source mapping over the local stream journal: one shard, so one
 * batch at a time, in order. A batch is handed to the function as Lambda hands it; the
 * position moves past it only once the function has succeeded (at-least-once: a batch cut
 * short by a crash is handed over again). With ReportBatchItemFailures the position moves
 * to just before the first failed record, and the rest comes again; a thrown invocation
 * retries the whole batch (or, with BisectBatchOnFunctionError, its halves, down to single
 * records), until MaximumRetryAttempts, after which the on-failure destination is told and
 * the batch skipped.
 */
export class StreamPoller {
  private running = false;
  private loop: Promise<void> | undefined;
  private position: string | undefined;
  private inFlight = false;
  private wakeStop: (() => void) | undefined;
  private window: { start: number; state: Record<string, string> } | undefined;
  private checkpointTimer: NodeJS.Timeout | undefined;
  /** After a failed batch was split: batches hold at most `size` records until the position passes `through`. */
  private bisected: { size: number; through: string } | undefined;

  constructor(private readonly options: StreamPollerOptions) {
    const path = options.checkpointPath;
    this.position = path && existsSync(path) ? ((JSON.parse(readFileSync(path, 'utf8')) as { after?: string }).after ?? undefined) : undefined;
    // Registered when made, not when started: the journal drops nothing a mapping made but not yet started still needs.
    options.journal.register(options.table, options.reader, this.position);
  }

  start(): void {
    this.running = true;
    this.loop = this.run();
  }

  /** Stops reading and waits for the batch in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wakeStop?.();
    await this.loop;
    this.saveCheckpoint();
  }

  get busy(): boolean {
    return this.inFlight;
  }

  /** The sequence number of the last record handled, if any. */
  get checkpoint(): string | undefined {
    return this.position;
  }

  /** How many records of the stream come after its position (handled or not, including the batch in flight). */
  get recordsBehind(): number {
    return this.options.journal.read(this.options.table, this.position, Number.MAX_SAFE_INTEGER).length;
  }

  /** Whether every record of the stream so far has been handled (or passed over). */
  get caughtUp(): boolean {
    return !this.inFlight && this.options.journal.read(this.options.table, this.position, 1).length === 0;
  }

  private async run(): Promise<void> {
    let attempts = 0;
    while (this.running) {
      try {
        const batch = await this.nextBatch();
        if (!batch) continue;
        this.inFlight = true;
        const outcome = await this.deliver(batch, ++attempts);
        if (outcome === 'done') attempts = 0;
        else if (outcome === 'split') attempts--;
        else await this.pause(this.options.retryDelayMs?.(attempts) ?? Math.min(100 * 2 ** (attempts - 1), 5_000));
      } catch (error) {
        this.options.onError?.(error);
        await this.pause(1_000);
      } finally {
        this.inFlight = false;
      }
    }
  }

  /** The next batch: waits for a first record, then up to the batching window for a full batch. */
  private async nextBatch(): Promise<DynamoDBRecord[] | undefined> {
    const { journal, table } = this.options;
    if (this.bisected && this.position !== undefined && this.position >= this.bisected.through) this.bisected = undefined;
    const batchSize = this.bisected?.size ?? this.options.batchSize;
    let batch = journal.read(table, this.position, batchSize);
    if (batch.length === 0) {
      await this.pause(this.options.idleMs ?? 1_000, true);
      return undefined;
    }
    // The halves of a split batch go at once, as they are.
    const windowEnds = Date.now() + (this.bisected ? 0 : (this.options.batchingWindowMs ?? 0));
    while (batch.length < batchSize && Date.now() < windowEnds && this.running) {
      await this.pause(windowEnds - Date.now(), true);
      batch = journal.read(table, this.position, batchSize);
    }
    return batch;
  }

  /** Hands a batch over: done once the position has moved past all of it (handled or given up), split when it failed and was halved. */
  private async deliver(read: DynamoDBRecord[], attempt: number): Promise<'done' | 'retry' | 'split'> {
    const batch = this.options.filter ? read.filter(this.options.filter) : read;
    if (batch.length === 0) {
      this.moveTo(read.at(-1)!.dynamodb!.SequenceNumber!);
      return 'done';
    }
    const sequences = batch.map((r) => r.dynamodb!.SequenceNumber!);
    try {
      const response = await this.options.invoke({ Records: batch, ...this.windowFields() });
      if (this.window && response?.state) this.window.state = response.state;
      const failures = (response ?? undefined)?.batchItemFailures ?? [];
      if (failures.length === 0) {
        this.moveTo(read.at(-1)!.dynamodb!.SequenceNumber!);
        return 'done';
      }
      // Lambda retries from the first failed record; an identifier that names no record of the batch fails all of it.
      const indexes = failures.map((f) => sequences.indexOf(f.itemIdentifier ?? ''));
      const firstFailed = indexes.includes(-1) ? 0 : Math.min(...indexes);
      if (firstFailed > 0) {
        this.moveTo(sequences[firstFailed - 1]!);
        return 'retry';
      }
    } catch (error) {
      this.options.onError?.(error);
    }
    if (this.options.bisectBatchOnError && batch.length > 1) {
      const through = read.at(-1)!.dynamodb!.SequenceNumber!;
      this.bisected = { size: Math.ceil(read.length / 2), through: this.bisected && this.bisected.through > through ? this.bisected.through : through };
      return 'split';
    }
    const limit = this.options.maximumRetryAttempts ?? -1;
    if (limit < 0 || attempt <= limit) return 'retry';
    await this.options.onFailure?.({
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: attempt,
      DDBStreamBatchInfo: { shardId: localShardId, startSequenceNumber: sequences[0]!, endSequenceNumber: sequences.at(-1)!, batchSize: batch.length, streamArn: this.options.journal.specOf(this.options.table)?.arn ?? '' },
    });
    this.moveTo(read.at(-1)!.dynamodb!.SequenceNumber!);
    return 'done';
  }

  /** The tumbling window's fields for the next invocation: the window now open (a new one once the last has ended). */
  private windowFields(): Partial<TumblingWindowFields> {
    const seconds = this.options.tumblingWindowSeconds;
    if (!seconds) return {};
    const length = seconds * 1000;
    const start = Math.floor(Date.now() / length) * length;
    if (this.window?.start !== start) this.window = { start, state: {} };
    return {
      shardId: localShardId,
      eventSourceARN: this.options.journal.specOf(this.options.table)?.arn ?? '',
      window: { start: new Date(start).toISOString(), end: new Date(start + length).toISOString() },
      state: this.window.state,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    };
  }

  private moveTo(sequence: string): void {
    this.position = sequence;
    this.options.journal.advance(this.options.table, this.options.reader, sequence);
    if (!this.options.checkpointPath || this.checkpointTimer) return;
    const every = this.options.checkpointEveryMs ?? 1_000;
    if (every <= 0) this.saveCheckpoint();
    else this.checkpointTimer = setTimeout(() => this.saveCheckpoint(), every);
  }

  private saveCheckpoint(): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = undefined;
    const path = this.options.checkpointPath;
    if (!path || this.position === undefined) return;
    // Written whole and renamed: a crash leaves the old position or the new one, never half of one.
    writeFileSync(`${path}.tmp`, JSON.stringify({ after: this.position }));
    renameSync(`${path}.tmp`, path);
  }

  /** Waits `ms`, less if stopped (or, when asked, if a record is appended). */
  private async pause(ms: number, untilAppended = false): Promise<void> {
    if (!this.running || ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    const stopped = new Promise<void>((resolve) => (this.wakeStop = resolve));
    const waited = untilAppended ? this.options.journal.whenAppended(this.options.table, ms) : new Promise<void>((r) => (timer = setTimeout(r, ms)));
    await Promise.race([waited, stopped]);
    clearTimeout(timer);
  }
}
