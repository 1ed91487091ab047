import { describe, expect, it } from 'vitest';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { loadRegion } from '@govflow/regions';
import { buildRegionApp } from '../src/app';
import { functions, routes } from '../src/manifest';

interface Finding {
  ruleId: string;
  path: string;
}

/**
 * Runs cdk-nag's AwsSolutions pack over a whole app. Besides the unacknowledged violations the
 * pack reports, it records the findings that an acknowledgement (Validations.of(x).acknowledge,
 * see acknowledgeNag in stacks.ts) silenced, by wrapping the pack's own acknowledgement check.
 */
function runAwsSolutions(app: App) {
  const pack = new AwsSolutionsChecks(app);
  const internals = pack as unknown as { isAcknowledged?: (node: IConstruct, ruleId: string) => boolean };
  if (typeof internals.isAcknowledged !== 'function') throw new Error('cdk-nag changed: cannot count acknowledged findings');
  const check = internals.isAcknowledged.bind(pack);
  const acknowledged: Finding[] = [];
  internals.isAcknowledged = (node, ruleId) => {
    const hit = check(node, ruleId);
    if (hit) acknowledged.push({ ruleId, path: node.node.path });
    return hit;
  };
  const report = pack.validateScope(app);
  const findings = (severity: string) =>
    report.violations.filter((v) => v.severity === severity).flatMap((v) => v.violatingResources.map((r) => ({ ruleId: v.ruleName, path: r.constructPath, description: v.description })));
  return { errors: findings('error'), warnings: findings('warning'), acknowledged };
}

/** Every `AwsSolutions-*` acknowledgement recorded on the construct tree, with its reason. */
function acknowledgements(root: IConstruct): (Finding & { reason: string })[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ ruleId: id.replace(/^annotation::/i, ''), path: c.node.path, reason }))
      .filter((a) => a.ruleId.startsWith('AwsSolutions-')),
  );
}

describe('cdk-nag AwsSolutions', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  buildRegionApp(app, loadRegion('wuhai'));
  const result = runAwsSolutions(app);
  const acks = acknowledgements(app);

  it('reports no unacknowledged error on the region app', () => {
    console.log(
      `cdk-nag AwsSolutions: ${result.errors.length} unacknowledged errors, ${result.warnings.length} unacknowledged warnings, ${result.acknowledged.length} acknowledged findings`,
    );
    for (const a of result.acknowledged) console.log(`  acknowledged ${a.ruleId} on ${a.path}: ${acks.find((x) => x.ruleId === a.ruleId && a.path.startsWith(x.path))?.reason}`);
    for (const e of result.errors) console.log(`  ERROR ${e.ruleId} on ${e.path}: ${e.description}`);
    expect(result.errors).toEqual([]);
  });

  it('has a specific reason for every acknowledgement, and no acknowledgement that silences nothing', () => {
    for (const a of acks) expect(a.reason.length, `${a.ruleId} on ${a.path}`).toBeGreaterThan(60);
    const used = (a: Finding) => result.acknowledged.some((f) => f.ruleId === a.ruleId && (f.path === a.path || f.path.startsWith(`${a.path}/`)));
    expect(acks.filter((a) => !used(a))).toEqual([]);
    // Today: the two secrets' rotation, the routes without the gateway's authorizer (the API description, Open311's nine),
    // each storage function's object prefixes (ADR 0010), and on the console's stack the distribution's TLS, geo and WAF
    // choices and CDK's own BucketDeployment uploader (ADR 0011).
    const publicRoutes = routes.filter((r) => r.public).length;
    const storagePrefixes = functions.flatMap((f) =>
      f.storage ? [...(f.storage.issuesUploads || f.storage.links ? ['incoming'] : []), ...new Set([f.storage.links, f.storage.erases].filter((p) => p !== undefined))] : [],
    );
    const uploaderPolicy = ['Action::s3:Abort*', 'Action::s3:DeleteObject*', 'Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Resource::*'];
    // (the site bucket's logical id carries a hash)
    expect(result.acknowledged.map((f) => f.ruleId.replace(/<Site[0-9A-F]{8}\.Arn>/, '<Site.Arn>').replace(/\[Resource::<\w+\.Arn>\/(\w+)\/\*\]$/, '[$1]')).sort()).toEqual(
      [
        ...Array<string>(publicRoutes).fill('AwsSolutions-APIG4'),
        'AwsSolutions-SMG4',
        'AwsSolutions-SMG4',
        ...storagePrefixes.map((p) => `AwsSolutions-IAM5[${p}]`),
        'AwsSolutions-CFR1',
        'AwsSolutions-CFR2',
        'AwsSolutions-CFR4',
        'AwsSolutions-L1',
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        ...uploaderPolicy.map((p) => `AwsSolutions-IAM5[${p}]`),
        'AwsSolutions-IAM5[Resource::<Site.Arn>/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
      ].sort(),
    );
    expect(result.acknowledged.filter((f) => f.path.startsWith('govflow-wuhai-console/'))).toHaveLength(13);
  });

  it('does find errors where there are some (the check is not vacuous)', () => {
    const bad = new App();
    new Topic(new Stack(bad, 'Bad'), 'Topic');
    expect(runAwsSolutions(bad).errors.map((e) => e.ruleId)).toContain('AwsSolutions-SNS3');
  });
});
