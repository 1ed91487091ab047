import { appendFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { replayRequest } from './replay';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Sent {
  queue: string;
  id: string;
  body: string;
  attributes?: Record<string, unknown>;
}

type Line = { op: 'send'; queue: string; id: string; body: string; attributes?: Record<string, unknown> } | { op: 'delete'; queue: string; id: string };

/** A queue's name from its URL (the last path segment); empty for anything else. */
export const queueNameOf = (url: unknown) => (typeof url === 'string' ? (url.split('/').filter(Boolean).pop() ?? '') : '');

/** The message a receipt handle names: local-aws-sqs writes `<uuid>{"MessageId":…,"QueueName":…}` in base64. */
function messageOfReceipt(receipt: unknown): { queue: string; id: string } | undefined {
  if (typeof receipt !== 'string') return undefined;
  try {
    const text = Buffer.from(receipt, 'base64').toString('utf8');
    const parsed = JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: string; QueueName?: string };
    return parsed.MessageId && parsed.QueueName ? { queue: parsed.QueueName, id: parsed.MessageId } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local SQS server keeps messages in memory only. This journal sits in front of it
 * and appends every accepted send and every delete to a file before the client hears
 * back, so a message a producer was told is queued survives `kill -9`: on the next
 * start the messages sent and never deleted are sent again (delivery is at least once;
 * every consumer is idempotent). Messages that had moved to a dead-letter queue come
 * back to their source queue and, if they still fail, go to the DLQ again.
 */
export class SqsJournal {
  private readonly live = new Map<string, Sent>();
  private lines = 0;

  constructor(
    private readonly inner: Handler,
    private readonly path: string | undefined,
  ) {
    if (path && existsSync(path)) {
      for (const raw of readFileSync(path, 'utf8').split('\n')) {
        if (!raw) continue;
        try {
          this.apply(JSON.parse(raw) as Line);
        } catch {
          // A line cut short by a crash mid-write: the send it began was never acknowledged.
        }
      }
      this.compact();
    }
  }

  /** Messages sent and never deleted, oldest first: the caller sends each again, then retires it. */
  undelivered(): Sent[] {
    return [...this.live.values()];
  }

  /** Marks a message re-sent under a new id as done with under its old one. */
  retire(message: Sent): void {
    this.record({ op: 'delete', queue: message.queue, id: message.id });
  }

  handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!this.path) return this.inner(req, res);
    void this.route(req, res).catch(() => {
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  };

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    if (!['SendMessage', 'SendMessageBatch', 'DeleteMessage', 'DeleteMessageBatch'].includes(action)) return this.inner(replayRequest(req, body), res);
    let input: Record<string, unknown> = {};
    try {
      input = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.inner(replayRequest(req, body), res);
    }
    // Journal what the server accepted before the client is told: the answer passes through here.
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      // A DeleteMessage succeeds with an empty body.
      if (res.statusCode === 200) this.journal(action, input, typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '');
      return end(chunk);
    }) as typeof res.end;
    this.inner(replayRequest(req, body), res);
  }

  private journal(action: string, input: Record<string, unknown>, answer: string): void {
    let output: Record<string, unknown> = {};
    try {
      if (answer) output = JSON.parse(answer) as Record<string, unknown>;
    } catch {
      return;
    }
    const queue = queueNameOf(input.QueueUrl);
    if (action === 'SendMessage' && typeof output.MessageId === 'string') {
      this.record({ op: 'send', queue, id: output.MessageId, body: String(input.MessageBody), attributes: input.MessageAttributes as Record<string, unknown> | undefined });
    }
    if (action === 'SendMessageBatch') {
      const entries = new Map(((input.Entries as { Id: string; MessageBody: string; MessageAttributes?: Record<string, unknown> }[]) ?? []).map((e) => [e.Id, e]));
      for (const ok of (output.Successful as { Id: string; MessageId: string }[]) ?? []) {
        const entry = entries.get(ok.Id);
        if (entry) this.record({ op: 'send', queue, id: ok.MessageId, body: entry.MessageBody, attributes: entry.MessageAttributes });
      }
    }
    if (action === 'DeleteMessage') {
      const message = messageOfReceipt(input.ReceiptHandle);
      if (message) this.record({ op: 'delete', ...message });
    }
    if (action === 'DeleteMessageBatch') {
      const entries = new Map(((input.Entries as { Id: string; ReceiptHandle: string }[]) ?? []).map((e) => [e.Id, e.ReceiptHandle]));
      for (const ok of (output.Successful as { Id: string }[]) ?? []) {
        const message = messageOfReceipt(entries.get(ok.Id));
        if (message) this.record({ op: 'delete', ...message });
      }
    }
  }

  private record(line: Line): void {
    this.apply(line);
    if (!this.path) return;
    // Synchronous: once this returns the line is in the operating system's hands, which a killed process cannot take back.
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
    if (++this.lines > 10_000 && this.lines > 4 * this.live.size) this.compact();
  }

  private apply(line: Line): void {
    const key = `${line.queue}/${line.id}`;
    if (line.op === 'send') this.live.set(key, { queue: line.queue, id: line.id, body: line.body, attributes: line.attributes });
    else this.live.delete(key);
  }

  /** Rewrites the journal as the messages still live, atomically. */
  private compact(): void {
    if (!this.path) return;
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, [...this.live.values()].map((m) => `${JSON.stringify({ op: 'send', ...m })}\n`).join(''));
    renameSync(tmp, this.path);
    this.lines = this.live.size;
  }
}

