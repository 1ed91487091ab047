import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { Charset, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { RegionConfig } from '@govflow/contracts';
import { compiledRegionFile } from '@govflow/regions';
import { esbuildOptions } from './bundling';

/** Repository root: function entries in the manifest are relative to it. */
export const repositoryRoot = join(import.meta.dirname, '..', '..');

/**
 * The newest Node.js runtime the installed aws-cdk-lib offers (cdk-nag AwsSolutions-L1
 * asks for the latest of the family). The bundles are built for the same major (`bundling.ts`).
 */
export const lambdaRuntime = Runtime.NODEJS_24_X;

/**
 * Function logs are kept six months: the Cybersecurity Law (art. 21) asks network
 * operators to keep network logs for no less than six months.
 */
export const logRetention = RetentionDays.SIX_MONTHS;

export interface GovernedFunctionProps {
  /** Handler file relative to the repository root; the export is always `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  readonly environment: Record<string, string>;
  readonly nativeModules?: readonly string[];
  /** Folders relative to the repository root, copied beside the bundle under their own names. */
  readonly files?: readonly string[];
  /** The region the function serves, written beside the bundle as validated here (see `compiledRegionFile`). */
  readonly region?: RegionConfig;
}

const compiledRegions = new WeakMap<RegionConfig, string>();

/**
 * Writes a region as loaded (validated, defaults filled) to a file of its own, once per region
 * per synth, for the bundles to carry: the functions read it and neither bundle nor validate
 * the region's data again.
 */
export function compiledRegionPath(region: RegionConfig): string {
  let path = compiledRegions.get(region);
  if (!path) {
    path = join(mkdtempSync(join(tmpdir(), 'govflow-region-')), compiledRegionFile);
    writeFileSync(path, JSON.stringify(region));
    compiledRegions.set(region, path);
  }
  return path;
}

/**
 * A Node.js function on the latest runtime with its own log group and its own role.
 * The role carries no AWS managed policy: it may write to this function's log group and
 * nothing else until the caller grants more (tables, queues, secrets), resource by resource.
 */
export function governedFunction(scope: Construct, id: string, props: GovernedFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}-logs`, { retention: logRetention, removalPolicy: RemovalPolicy.RETAIN });
  const role = new Role(scope, `${id}-role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs the ${id} function`,
  });
  logGroup.grantWrite(role);
  const bundling: BundlingOptions = {
    format: OutputFormat.ESM,
    target: esbuildOptions.target,
    minify: esbuildOptions.minify,
    sourceMap: esbuildOptions.sourcemap,
    charset: Charset.UTF8,
    mainFields: [...esbuildOptions.mainFields],
    banner: esbuildOptions.banner.js,
    externalModules: [...esbuildOptions.external],
    ...(props.files?.length || props.region
      ? {
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) => [
              ...(props.files ?? []).map((folder) => `cp -r "${inputDir}/${folder}" "${outputDir}/${basename(folder)}"`),
              ...(props.region ? [`cp "${compiledRegionPath(props.region)}" "${outputDir}/${compiledRegionFile}"`] : []),
            ],
          },
        }
      : {}),
    // npm picks a native package's binary by these, not by the machine that bundles.
    ...(props.nativeModules ? { nodeModules: [...props.nativeModules], environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' } } : {}),
  };
  return new NodejsFunction(scope, id, {
    entry: join(repositoryRoot, props.entry),
    handler: 'handler',
    runtime: lambdaRuntime,
    architecture: Architecture.ARM_64,
    timeout: Duration.seconds(props.timeoutSeconds),
    memorySize: props.memoryMb,
    projectRoot: repositoryRoot,
    depsLockFilePath: join(repositoryRoot, 'package-lock.json'),
    role,
    logGroup,
    environment: props.environment,
    bundling,
  });
}
