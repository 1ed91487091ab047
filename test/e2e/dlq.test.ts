import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { fifoFields } from '@govflow/platform/message-groups';
import { repositoryRoot } from '@govflow/local/functions';
import { startLocalStack } from '@govflow/local/stack';
import { clientsFor, eventually, queueDepth, type Stack } from './harness';

const run = promisify(execFile);
let stack: Stack;
const dataDir = mkdtempSync(join(tmpdir(), 'govflow-dlq-'));

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, visibilityTimeoutSeconds: 1 });
  writeFileSync(
    join(dataDir, 'local.json'),
    JSON.stringify({ apiUrl: stack.apiUrl, apiKey: 'unused', region: stack.regionId, endpoints: stack.endpoints, queueUrls: stack.queueUrls, dlqUrls: stack.dlqUrls }),
  );
});

afterAll(async () => {
  await stack?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const dlq = async (...args: string[]) =>
  (await run(process.execPath, ['--import', 'tsx', 'scripts/dlq.ts', ...args], { cwd: repositoryRoot, env: { ...process.env, GOVFLOW_DATA_DIR: dataDir, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } })).stdout;

describe('npm run dlq', () => {
  it('lists the dead-letter queues, shows a parked message with its reason, and sends it back to its queue', async () => {
    const { sqs } = clientsFor(stack);
    const poison = '{"type":"case.received"}';
    await sqs.send(new SendMessageCommand({ QueueUrl: stack.queueUrls.reporting, MessageBody: poison, ...fifoFields(stack.queueUrls.reporting, poison) }));
    await eventually(async () => ((await queueDepth(stack, stack.dlqUrls.reporting)) >= 1 ? true : undefined), 30_000, 'the message in the DLQ');

    // On a loaded machine the queue's own redrive may also move it (a last try slower than the 1 s visibility
    // timeout used here): then it is there twice, once with its reason.
    expect(await dlq('list')).toMatch(/reporting\s+[12] message\(s\)/);
    const shown = (await dlq('show', 'reporting')).trim().split('\n').map((line) => JSON.parse(line) as { reason: string; receives: string });
    expect(shown.find((m) => m.reason.startsWith('ZodError'))?.receives).toBe('5');

    expect(await dlq('redrive', 'reporting')).toMatch(/reporting: [12] message\(s\) sent back/);
    await eventually(async () => ((await queueDepth(stack, stack.dlqUrls.reporting)) === 0 ? true : undefined), 10_000, 'the DLQ to be emptied');
    // Still broken, so after its tries it is parked again: it went back, and came back with its reason. Polled
    // by what `show` prints: the DLQ's depth counts a message before a look can see it (in flight, or its FIFO group held).
    await eventually(async () => ((await dlq('show', 'reporting')).includes('ZodError') ? true : undefined), 30_000, 'the message parked again with its reason');
  }, 90_000);
});
