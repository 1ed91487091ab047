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
 * The emulator is loaded with that one statement corrected: a visibility change no longer counts.
 */
const counted = 'let n=Number(t.record.attributes.ApproximateReceiveCount)+1;t.record.attributes.ApproximateReceiveCount=String(n),n==1&&';
const countedOnReceiveOnly = 'let n=Number(t.record.attributes.ApproximateReceiveCount)+(i?0:1);t.record.attributes.ApproximateReceiveCount=String(n),!i&&n==1&&';

export function loadSqsEmulator(): { createRequestHandler: typeof CreateRequestHandler } {
  const path = require.resolve('local-aws-sqs');
  const source = readFileSync(path, 'utf8');
  if (source.split(counted).length !== 2) {
    // Another version: its counting must be checked again (local/test/sqs-emulator.test.ts) before this is changed.
    throw new Error(`local-aws-sqs at ${path} is not the version whose receive count this corrects`);
  }
  const patched = new Module(path) as Module & { _compile(code: string, filename: string): void; paths: string[] };
  patched.filename = path;
  patched.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(dirname(path));
  patched._compile(source.replace(counted, countedOnReceiveOnly), path);
  return patched.exports as { createRequestHandler: typeof CreateRequestHandler };
}
