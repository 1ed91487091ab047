import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import type { Envelope, ReportSummary } from '@govflow/contracts';
import { OutboxRelay, sealerFor, type EventPublisher } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { startLocalStack } from '@govflow/local/stack';
import { IntakeRepository } from '../../services/intake/src/adapters/repository';
import { submitRequest } from '../../services/intake/src/app/submit';
import { call, clientsFor, countItems, eventually, keysFor, objectStoreFor, streetlight, type Stack } from './harness';

let stack: Stack;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300, visibilityTimeoutSeconds: 1 });
});

afterAll(async () => {
  await stack?.stop();
});

/** A queue that is down: every send fails, as if the process died right after the write. */
class FailingPublisher implements EventPublisher {
  attempts = 0;
  async publish(_events: readonly Envelope[]): Promise<void> {
    this.attempts++;
    throw new Error('injected: SQS unreachable');
  }
}

describe('a fault between storing a case and publishing its event', () => {
  it('still ends with exactly one case that reaches dispatch and reporting', async () => {
    const { doc } = clientsFor(stack);
    const publisher = new FailingPublisher();
    const repository = new IntakeRepository(doc, stack.tableNames.intake);
    const deps = {
      region: loadRegion(stack.regionId),
      repository,
      relay: new OutboxRelay(doc, stack.tableNames.intake, publisher, new Logger({ logLevel: 'SILENT' })),
      sealer: sealerFor({}, stack.secrets),
      store: objectStoreFor(stack),
      now: () => new Date(),
      logger: new Logger({ logLevel: 'SILENT' }),
    };
    const { answer } = await submitRequest(
      deps,
      { partnerId: 'hotline-12345', role: 'partner' },
      { ...streetlight, attachments: [] },
      undefined,
      'trace-fault',
    );
    expect(publisher.attempts).toBe(1);

    // The running stack's outbox sweeper sends what the failed publish left behind.
    const { operator, hotline } = keysFor(stack);
    await eventually(async () => {
      const res = await call<{ status: string }>(stack, hotline, 'GET', `/v1/requests/${answer.caseId}`);
      return res.body.status === 'dispatched' ? true : undefined;
    }, 30_000, 'the swept case to be dispatched');
    const summary = await eventually(async () => {
      const res = await call<ReportSummary>(stack, operator, 'GET', '/v1/reports/summary');
      return res.body.byStatus?.dispatched === 1 ? res.body : undefined;
    }, 20_000, 'reporting to count it');
    expect(summary.total).toBe(1);
    expect(await countItems(stack, 'intake', 'CASE#', 'CASE')).toBe(1);
    expect(await countItems(stack, 'dispatch', 'CASE#')).toBe(1);
    await eventually(async () => ((await countItems(stack, 'intake', 'OUTBOX#')) === 0 ? true : undefined), 10_000, 'the outbox to empty');
    // Its own waits add up to a minute (the sweep's 5 s grace included): the default 30 s cut it short beside crash.test on 2 cores.
  }, 90_000);
});
