import { App } from 'aws-cdk-lib';
import type { RegionConfig } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { buildRegionStacks } from './stacks';

/**
 * Builds a region's stacks into an app; the region data was validated when loaded.
 * (Tests skip esbuild with the context `aws:cdk:bundling-stacks: []`.)
 */
export function buildRegionApp(app: App, region: RegionConfig) {
  return buildRegionStacks(app, region);
}

// `cdk synth -c region=<id>`: run as the CDK app.
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const app = new App();
  const regionId = (app.node.tryGetContext('region') as string | undefined) ?? 'wuhai';
  buildRegionApp(app, loadRegion(regionId));
  app.synth();
}
