import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { dirname } from 'node:path';
import type { createRequestHandler as CreateRequestHandler } from 'local-aws-sqs';

const require = createRequire(import.meta.url);

/**
 * local-aws-sqs (2.0.2) shares one helper between ReceiveMessage and ChangeMessageVisibility,
 * and that helper adds one to ApproximateReceiveCount each time. SQS counts receives only. So an
 * event-source mapping that keeps a running batch hidden (one change every half timeout) pushed
 * the count to maxReceiveCount after a single receive, and the queue's redrive moved the batch
 * to its DLQ as soon as it failed once, without the consumer seeing a last try (no reason).
 *
 * Its receive also waits 40 ms beyond WaitTimeSeconds for a full batch, a short poll included
 * (it collects every 10 ms), where SQS answers a short poll at once: every hop of the local
 * pipeline waited for it whenever fewer than ten messages were queued. A short poll now answers
 * after the first collection.
 *
 * The emulator is loaded with those two statements corrected.
 */
const corrections: readonly { wrong: string; right: string }[] = [
  // A visibility change (the helper's third argument) no longer counts as a receive.
  {
    wrong: 'let n=Number(t.record.attributes.ApproximateReceiveCount)+1;t.record.attributes.ApproximateReceiveCount=String(n),n==1&&',
    right: 'let n=Number(t.record.attributes.ApproximateReceiveCount)+(i?0:1);t.record.attributes.ApproximateReceiveCount=String(n),!i&&n==1&&',
  },
  // A short poll (WaitTimeSeconds 0) ends after the first 10-ms collection, not after 40 ms.
  { wrong: 'n=setTimeout(()=>{clearInterval(c),o()},fr+t*1e3)', right: 'n=setTimeout(()=>{clearInterval(c),o()},t>0?fr+t*1e3:15)' },
];

export function loadSqsEmulator(): { createRequestHandler: typeof CreateRequestHandler } {
  const path = require.resolve('local-aws-sqs');
  const source = readFileSync(path, 'utf8');
  let corrected = source;
  for (const { wrong, right } of corrections) {
    if (corrected.split(wrong).length !== 2) {
      // Another version: its behaviour must be checked again (local/test/sqs-emulator.test.ts) before this is changed.
      throw new Error(`local-aws-sqs at ${path} is not the version this corrects`);
    }
    corrected = corrected.replace(wrong, right);
  }
  const patched = new Module(path) as Module & { _compile(code: string, filename: string): void; paths: string[] };
  patched.filename = path;
  patched.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(path));
  patched._compile(corrected, path);
  return patched.exports as { createRequestHandler: typeof CreateRequestHandler };
}
