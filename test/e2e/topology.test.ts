import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { normalizeTopology } from '@govflow/infra/topology';
import { buildRegionApp } from '@govflow/infra/app';
import { topologyFromAssembly } from '@govflow/infra/template-topology';
import { loadRegion } from '@govflow/regions';
import { startLocalStack } from '@govflow/local/stack';
import type { Stack } from './harness';

let stack: Stack;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0 });
});

afterAll(async () => {
  await stack?.stop();
});

describe('the local runtime and the CDK stacks', () => {
  it('have the same tables, queues, routes and event-source mappings', async () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    buildRegionApp(app, loadRegion('wuhai'));
    const fromTemplates = normalizeTopology(topologyFromAssembly(app.synth()));
    const fromLocal = normalizeTopology(await stack.topology());
    expect(fromLocal).toEqual(fromTemplates);
    expect(fromLocal.tables).toHaveLength(4);
    expect(fromLocal.queues.every((q) => q.hasDeadLetterQueue)).toBe(true);
  });
});
