import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CfnOutput, Duration, Fn, RemovalPolicy, Stack, type App, type StackProps } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  Function as CloudFrontFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { consoleSecurityHeaders, writeConsole } from '@govflow/console';
import type { RegionConfig } from '@govflow/contracts';
import { acknowledgeNag } from './stacks';
import { privateBucket } from './buckets';

interface ConsoleStackProps extends StackProps {
  region: RegionConfig;
  api: HttpApi;
}

/**
 * Entry paths: `/` and `/console` go to `/console/`, and a folder path serves its
 * `index.html` (an S3 origin has no directory index below the root).
 */
const consolePaths = `function handler(event) {
  var request = event.request;
  if (request.uri === '/' || request.uri === '/console') {
    return { statusCode: 301, statusDescription: 'Moved Permanently', headers: { location: { value: '/console/' } } };
  }
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/**
 * The console as a static site with the API behind it, on one origin: CloudFront serves
 * `/console/*` from a private bucket (origin access control) and passes `/v1/*` to the HTTP
 * API uncached, so the page calls `/v1/…` as it does locally, with no CORS.
 */
export class ConsoleStack extends Stack {
  readonly distribution: Distribution;

  constructor(scope: App, id: string, props: ConsoleStackProps) {
    super(scope, id, props);
    const logs = privateBucket(this, 'AccessLogs', {
      // CloudFront's standard logs are written with an ACL.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(180) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const site = privateBucket(this, 'Site', {
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
    });

    // The API's own host, from its endpoint URL `https://<id>.execute-api.<region>.amazonaws.com`.
    const apiHost = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    // Authorization can reach the origin only as part of a cache key; a zero default TTL and
    // no Cache-Control from the API mean nothing is kept, and a key never answers for another.
    const apiCache = new CachePolicy(this, 'ApiPassThrough', {
      comment: 'API calls: keyed on the caller, not cached',
      defaultTtl: Duration.seconds(0),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    const headers = new ResponseHeadersPolicy(this, 'ConsoleHeaders', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: consoleSecurityHeaders.contentSecurityPolicy, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: `govflow console for ${props.region.name}`,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        functionAssociations: [
          { eventType: FunctionEventType.VIEWER_REQUEST, function: new CloudFrontFunction(this, 'ConsolePaths', { code: FunctionCode.fromInline(consolePaths), runtime: FunctionRuntime.JS_2_0 }) },
        ],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(apiHost, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY, originSslProtocols: [OriginSslPolicy.TLS_V1_2] }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCache,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        },
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      priceClass: PriceClass.PRICE_CLASS_ALL,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
    });

    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR4',
      'Viewer TLS: on the default *.cloudfront.net certificate CloudFront keeps TLSv1 for old clients whatever minimumProtocolVersion says; TLSv1.2_2021 (set here) takes effect once the region attaches its own domain and ACM certificate, which are per deployment.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR1',
      'No geo restriction: who may use the console is decided by the credentials the API’s authorizer checks (staff tokens, partner keys), not by place; staff on duty and partner systems call from wherever they are, and the static files carry no data.',
    );
    acknowledgeNag(
      this.distribution,
      'AwsSolutions-CFR2',
      'No WAF web ACL: a CloudFront ACL lives in us-east-1 and is an account-level choice; the distribution serves public static files and passes /v1/* to the HTTP API, whose authorizer turns away keyless calls before any function runs.',
    );

    new BucketDeployment(this, 'ConsoleFiles', {
      sources: [Source.asset(writeConsole(props.region, mkdtempSync(join(tmpdir(), 'govflow-console-'))))],
      destinationBucket: site,
      destinationKeyPrefix: 'console/',
      distribution: this.distribution,
      distributionPaths: ['/console/*'],
      prune: true,
    });
    // The upload is CDK's own BucketDeployment custom resource (one singleton function per stack).
    const uploader = this.node.findAll().find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (uploader) {
      const why =
        'CDK BucketDeployment custom resource that copies the console build into the site bucket at deploy time (no runtime traffic): its role, policy and runtime are set by aws-cdk-lib';
      acknowledgeNag(uploader, 'AwsSolutions-L1', `${why}; the runtime moves with aws-cdk-lib upgrades.`);
      acknowledgeNag(uploader, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `${why}; the managed policy only lets it write its logs.`);
      for (const finding of [
        'Action::s3:GetObject*',
        'Action::s3:GetBucket*',
        'Action::s3:List*',
        'Action::s3:DeleteObject*',
        'Action::s3:Abort*',
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `Resource::<${this.getLogicalId(site.node.defaultChild as CfnBucket)}.Arn>/*`,
        'Resource::*',
      ]) {
        acknowledgeNag(uploader, `AwsSolutions-IAM5[${finding}]`, `${why}; it reads the CDK asset and replaces the objects under console/ in the site bucket (prune), and invalidates the distribution.`);
      }
    }
    new CfnOutput(this, 'ConsoleUrl', { value: `https://${this.distribution.distributionDomainName}/console/` });
  }
}
