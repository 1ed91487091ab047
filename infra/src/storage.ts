import { Duration, RemovalPolicy, Stack, type App, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { type Bucket, HttpMethods, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import type { RegionConfig } from '@govflow/contracts';
import { uploadBucket, type StorageGrant } from './manifest';
import { privateBucket } from './buckets';
import { acknowledgeNag, tagResource } from './stacks';

interface StorageStackProps extends StackProps {
  region: RegionConfig;
}

/**
 * The region's photos and documents (ADR 0010): one private, encrypted, TLS-only bucket.
 * Files arrive under `incoming/` through presigned PUTs and are deleted a day later unless a
 * case, work order or dispute linked them (which copies them under its own prefix).
 */
export class StorageStack extends Stack {
  readonly bucket: Bucket;

  constructor(scope: App, id: string, props: StorageStackProps) {
    super(scope, id, props);
    const accessLogs = privateBucket(this, 'AccessLogs', {
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      // Six months, as for every other log of the system (the Cybersecurity Law's minimum).
      lifecycleRules: [{ expiration: Duration.days(190) }],
    });
    this.bucket = privateBucket(this, 'Uploads', {
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'uploads/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(uploadBucket.abortIncompleteMultipartDays) },
        { id: 'expire-unlinked-uploads', prefix: uploadBucket.incomingPrefix, expiration: Duration.days(uploadBucket.incomingExpiryDays) },
      ],
      // Browsers and mini-programs PUT straight to storage; the presigned URL, not the origin, is the authority.
      cors: [
        {
          allowedMethods: [HttpMethods.PUT, HttpMethods.GET, HttpMethods.HEAD],
          allowedOrigins: ['*'],
          allowedHeaders: ['content-type', 'content-disposition'],
          exposedHeaders: ['ETag'],
          maxAge: 600,
        },
      ],
    });
    tagResource(this.bucket, { role: 'upload-bucket' });
  }

  /**
   * A function's least-privilege share of the bucket (manifest `storage`): objects under named
   * prefixes only, no listing, no bucket configuration.
   */
  grant(fn: IGrantable & { role?: IConstruct }, functionId: string, grant: StorageGrant): void {
    const objects = (prefix: string) => this.bucket.arnForObjects(`${prefix}*`);
    const prefixes = [
      ...(grant.issuesUploads || grant.links ? [uploadBucket.incomingPrefix] : []),
      ...new Set([...(grant.links ? [`${grant.links}/`] : []), ...(grant.erases ? [`${grant.erases}/`] : [])]),
    ];
    // cdk-nag names each wildcard resource; the bucket is named by its logical id (a cross-stack import).
    const bucketId = Stack.of(this.bucket).resolve((this.bucket.node.defaultChild as CfnBucket).logicalId) as string;
    for (const prefix of prefixes) {
      acknowledgeNag(
        fn.role!,
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        `Object keys are made at run time (upload ids), so ${functionId} is granted the objects under ${prefix} by key prefix; ` +
          'never the whole bucket, listing or bucket configuration.',
      );
    }
    if (grant.issuesUploads) {
      fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ sid: 'SignUploads', actions: ['s3:PutObject'], resources: [objects(uploadBucket.incomingPrefix)] }));
    }
    if (grant.links) {
      fn.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({ sid: 'LinkUploads', actions: ['s3:GetObject', 's3:DeleteObject'], resources: [objects(uploadBucket.incomingPrefix)] }),
      );
      fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ sid: 'OwnFiles', actions: ['s3:GetObject', 's3:PutObject'], resources: [objects(`${grant.links}/`)] }));
    }
    if (grant.erases) {
      fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ sid: 'EraseFiles', actions: ['s3:DeleteObject'], resources: [objects(`${grant.erases}/`)] }));
    }
  }
}
