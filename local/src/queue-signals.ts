import type { IncomingMessage, ServerResponse } from 'node:http';
import { replayRequest } from './replay';
import { queueNameOf } from './sqs-journal';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Lambda's event-source mapping long-polls: a message sent to an idle queue is received at
 * once. The local SQS server mishandles long polls, so its pollers short-poll and back off
 * when idle; these signals wake them instead. Every accepted send wakes as many idle pollers
 * of its queue as it sent messages, so a quiet system neither polls in a loop nor lets a
 * message wait out a back-off.
 */
export class QueueSignals {
  private readonly waiting = new Map<string, (() => void)[]>();

  /** Resolves when a message is sent to the queue, or after `timeoutMs` (messages also come back from a visibility timeout). */
  next(queueName: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(queueName) ?? [];
      this.waiting.set(queueName, waiters);
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const at = waiters.indexOf(wake);
        if (at >= 0) waiters.splice(at, 1);
        resolve();
      }, timeoutMs);
      waiters.push(wake);
    });
  }

  /** `count` messages were sent to the queue: wakes that many of its waiting pollers, longest waiting first. */
  notify(queueName: string, count: number): void {
    const waiters = this.waiting.get(queueName);
    for (let i = 0; i < count && waiters?.length; i++) waiters.shift()!();
  }

  /** Wakes every waiting poller (they are stopping). */
  wakeAll(): void {
    for (const waiters of this.waiting.values()) while (waiters.length > 0) waiters.shift()!();
  }

  /** Wraps the SQS server: a send that succeeds notifies its queue once the answer is on its way. */
  around(inner: Handler): Handler {
    return (req, res) => {
      const action = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      if (action !== 'SendMessage' && action !== 'SendMessageBatch') return inner(req, res);
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        let queueName = '';
        let count = 1;
        try {
          const input = JSON.parse(body.toString('utf8')) as { QueueUrl?: string; Entries?: unknown[] };
          queueName = queueNameOf(input.QueueUrl);
          count = action === 'SendMessageBatch' ? (input.Entries?.length ?? 0) : 1;
        } catch {
          // Not JSON: the server answers it with its own error, and nothing was sent.
        }
        res.once('finish', () => {
          if (res.statusCode === 200 && queueName) this.notify(queueName, count);
        });
        inner(replayRequest(req, body), res);
      });
    };
  }
}
