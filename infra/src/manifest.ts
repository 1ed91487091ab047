import { incomingPrefix, orderedQueues, queueNames, queueOwners, sendsTo, stages, uploadBucketEnvName, type QueueName, type Stage, type StoredPrefix } from '@govflow/contracts';

/**
 * The deployment manifest: the one description of tables, queues, functions, routes,
 * event-source mappings and schedules. The CDK stacks and the local runtime are both
 * built from it, and a test proves the synthesized templates agree with the local topology.
 */

export interface TableSpec {
  readonly stage: Stage;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  /**
   * Keys-only indexes hold no copy of the item: an update that keeps the keys costs no index
   * write. `include` indexes copy those attributes only: an update writes the index only when
   * one of them changes, at their size. Neither: the whole item (ALL).
   */
  readonly globalIndexes: readonly IndexSpec[];
  readonly timeToLiveAttribute: 'expiresAt';
  /** The table's stream (DynamoDB Streams), for the functions of `streamSources`. */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';
}

export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey: string;
  keysOnly?: boolean;
  include?: readonly string[];
}

/** An index's projection as DynamoDB names it (`ProjectionType`, `NonKeyAttributes`). */
export function projectionOf(index: IndexSpec): { type: 'KEYS_ONLY' | 'INCLUDE' | 'ALL'; nonKeyAttributes?: string[] } {
  if (index.keysOnly) return { type: 'KEYS_ONLY' };
  if (index.include) return { type: 'INCLUDE', nonKeyAttributes: [...index.include] };
  return { type: 'ALL' };
}

/** One string per projection, for comparing the manifest, the CDK template and the local tables. */
export const projectionName = (p: { type: string; nonKeyAttributes?: readonly string[] }) => (p.nonKeyAttributes?.length ? `${p.type}(${[...p.nonKeyAttributes].sort().join(',')})` : p.type);

export interface QueueSpec {
  readonly name: QueueName;
  /** The stage whose function consumes it. */
  readonly stage: Stage;
  /** Longer than the consumer's timeout, so a slow batch is not delivered twice. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
  /** FIFO, the case as message group (`orderedQueues`); its DLQ is FIFO too. */
  readonly fifo: boolean;
}

export type FunctionRole = 'api' | 'consumer' | 'sweeper';

export interface FunctionSpec {
  /** Logical id, unique across the region, e.g. `intake-api`. */
  readonly id: string;
  readonly stage: Stage;
  readonly role: FunctionRole;
  /** Handler file relative to the repository root; the export is always `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** Queues this function sends to: its stage's (`sendsTo` in contracts), or fewer if it emits less. */
  readonly sendsTo: readonly QueueName[];
  /**
   * Packages that ship a prebuilt native binary per platform: installed beside the bundle
   * for the function's architecture instead of bundled.
   */
  readonly nativeModules?: readonly string[];
  /** Folders the function reads at run time (relative to the repository root): copied beside the bundle by their own name. */
  readonly files?: readonly string[];
  /** What it may do in the region's upload bucket (nothing when absent). */
  readonly storage?: StorageGrant;
  /** It seals or opens personal data: granted the region's KMS key (GenerateDataKey, Decrypt), and only then (ADR 0013). */
  readonly personalData?: true;
}

/**
 * A function's share of the upload bucket: signing PUT URLs under `incoming/` (a presigned URL
 * carries its signer's permissions), and linking (HeadObject, copy, delete of `incoming/`) into
 * and signing GET URLs for the one prefix its records own.
 */
export interface StorageGrant {
  readonly issuesUploads?: true;
  readonly links?: StoredPrefix;
  /** Deletes the files of records whose retention has passed (ADR 0013): DeleteObject under that prefix, nothing else. */
  readonly erases?: StoredPrefix;
}

/** The region's bucket of photos and documents (see ADR 0010). */
export const uploadBucket = {
  incomingPrefix,
  /** Uploads not linked to a record within this many days are deleted by the lifecycle rule. */
  incomingExpiryDays: 1,
  abortIncompleteMultipartDays: 1,
} as const;

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway path syntax: `/v1/requests/{caseId}`. */
  readonly path: string;
  readonly functionId: string;
  /**
   * Served without API Gateway's authorizer, for the reason given (shown to cdk-nag): a route
   * anyone may read, or one whose key does not travel in the Authorization header (its function
   * checks the key against the key store itself). Every other route passes the authorizer, whose
   * verdict its function reads (platform's callerOf).
   */
  readonly public?: { readonly reason: string };
}

export interface EventSourceSpec {
  readonly queue: QueueName;
  readonly functionId: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
}

/** A function reading its stage's table stream (a DynamoDB Streams event-source mapping). */
export interface StreamSourceSpec {
  readonly stage: Stage;
  readonly functionId: string;
  readonly batchSize: number;
  /** How long changes gather before a batch: the longer, the more of them fall on one counter cell. */
  readonly maxBatchingWindowSeconds: number;
  /** The fold runs with a tumbling window only so that each invocation names its shard (`shardId`). */
  readonly tumblingWindowSeconds?: number;
  /** A failed batch is split in two and the halves retried (BisectBatchOnFunctionError). */
  readonly bisectBatchOnError?: boolean;
  /**
   * An event filter: only records of items with this sort key, or whose new image holds this
   * attribute, are handed over (the rest is never handed over, nor billed).
   */
  readonly only: { readonly sortKey: string } | { readonly newImageHas: string };
}

/** Whether a stream record passes a source's filter: what `streamFilterPattern` asks of Lambda, for the local mapping. */
export function streamRecordMatches(source: StreamSourceSpec, record: { dynamodb?: { Keys?: Record<string, { S?: string }>; NewImage?: Record<string, { B?: string }> } }): boolean {
  return 'sortKey' in source.only ? record.dynamodb?.Keys?.sk?.S === source.only.sortKey : record.dynamodb?.NewImage?.[source.only.newImageHas]?.B !== undefined;
}

/** A stream source's filter as Lambda's filter criteria pattern. */
export function streamFilterPattern(source: StreamSourceSpec): Record<string, unknown> {
  return 'sortKey' in source.only
    ? { dynamodb: { Keys: { sk: { S: [source.only.sortKey] } } } }
    : { dynamodb: { NewImage: { [source.only.newImageHas]: { B: [{ exists: true }] } } } };
}

export interface ScheduleSpec {
  readonly functionId: string;
  readonly everyMinutes: number;
}

/** A case by the number read to the citizen (`WH-20261124-000042`): one index write when the case is stored. */
const gsiNumbers = { name: 'numbers', partitionKey: 'caseNumber', sortKey: 'receivedAt', keysOnly: true } as const;

/**
 * The outbox is the table's stream (ADR 0023): a write stores its events on the item it changes,
 * and the relay sends those in the new image that the old one did not hold.
 */
const outboxStream = 'NEW_AND_OLD_IMAGES';

export const tables: readonly TableSpec[] = [
  {
    stage: 'intake',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      // A partner's cases by number (numbers sort by day): Open311's lookups by service_request_id and its
      // date-window lists. Keys only, on attributes a case is born with: one index write a case, none after.
      { name: 'partnerCases', partitionKey: 'partnerId', sortKey: 'caseNumber', keysOnly: true },
      // Keys only, written once per case: `numbers`, and `external` (sparse: cases with an externalId). A partner's
      // changed cases are listed from a log the stream writes (ADR 0027), not an index moved by every change.
      gsiNumbers,
      { name: 'external', partitionKey: 'externalKey', sortKey: 'receivedAt', keysOnly: true },
      // Partner callbacks (ADR 0008), both sparse: delivery streams waiting for a retry or a missing
      // notice, on sharded time-ordered keys the retry sweep reads; and a partner's dead-lettered deliveries.
      { name: 'callbackRetries', partitionKey: 'retryShard', sortKey: 'retryAt', keysOnly: true },
      { name: 'callbackFailures', partitionKey: 'failedKey', sortKey: 'failedAt' },
    ],
    timeToLiveAttribute: 'expiresAt',
    stream: outboxStream,
  },
  {
    stage: 'dispatch',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      // Keys only: a work-order step that keeps the keys writes no index (they held whole items: 32 WRU a case).
      { name: 'triage', partitionKey: 'triageKey', sortKey: 'receivedAt', keysOnly: true },
      { name: 'inbox', partitionKey: 'inboxKey', sortKey: 'receivedAt', keysOnly: true },
      { name: 'deadlines', partitionKey: 'deadlineKey', sortKey: 'nextCheckAt', keysOnly: true },
      { name: 'matters', partitionKey: 'matterKey', sortKey: 'receivedAt', keysOnly: true },
      gsiNumbers,
    ],
    timeToLiveAttribute: 'expiresAt',
    stream: outboxStream,
  },
  {
    stage: 'mediation',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      // A centre's disputes by status and time (its queue is status `queued`), a mediator's docket,
      // the region's disputes by status and tier, and the timed duties on sharded time-ordered keys.
      { name: 'centre', partitionKey: 'centreKey', sortKey: 'centreSort', keysOnly: true },
      { name: 'docket', partitionKey: 'docketKey', sortKey: 'docketSort', keysOnly: true },
      { name: 'status', partitionKey: 'statusKey', sortKey: 'statusSort', keysOnly: true },
      { name: 'duties', partitionKey: 'dutyShard', sortKey: 'dutyAt', keysOnly: true },
    ],
    timeToLiveAttribute: 'expiresAt',
    stream: outboxStream,
  },
  {
    stage: 'reporting',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      // The legacy summary's fields only: the record (~3 KB, rewritten by every event) is not copied,
      // and an event that changes none of them writes no index entry.
      { name: 'byDay', partitionKey: 'dayKey', sortKey: 'receivedAt', include: ['partnerId', 'status', 'major', 'districtId', 'departmentId', 'channel', 'supervision'] },
      // Digests' pending changes waiting to be folded (sparse: the item is deleted by the fold).
      { name: 'pending', partitionKey: 'pendingKey', sortKey: 'sk', keysOnly: true },
    ],
    timeToLiveAttribute: 'expiresAt',
    // Case records carry their counter change; the fold adds it to the counters (ADR 0022). Only
    // warnings carry events, each written once: the relay needs no old image to tell new events.
    stream: 'NEW_IMAGE',
  },
];

export const queues: readonly QueueSpec[] = queueNames.map((name) => ({
  name,
  stage: queueOwners[name],
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  retentionDays: 14,
  fifo: orderedQueues.includes(name),
}));

const consumerDefaults = { role: 'consumer', timeoutSeconds: 30, memoryMb: 512 } as const;

export const functions: readonly FunctionSpec[] = [
  {
    id: 'intake-api',
    stage: 'intake',
    role: 'api',
    entry: 'services/intake/src/handlers/api.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    sendsTo: sendsTo('intake'),
    storage: { issuesUploads: true, links: 'cases' },
    // Seals reporters' data and partners' callback secrets; reveals to operators.
    personalData: true,
    // The OpenAPI document it serves, built from the contracts ahead of time.
    files: ['contracts/src/published'],
  },
  // Its only events are partner notices (ADR 0008).
  { id: 'intake-consumer', stage: 'intake', ...consumerDefaults, entry: 'services/intake/src/handlers/consumer.ts', sendsTo: ['callbacks'] },
  // Sends what intake stored with its changes, from the table's stream (ADR 0023).
  { id: 'intake-relay', stage: 'intake', role: 'consumer', entry: 'services/intake/src/handlers/relay.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: sendsTo('intake') },
  // The changes partners see, logged from the table's stream for `changedSince` lists (ADR 0027).
  { id: 'intake-changes', stage: 'intake', role: 'consumer', entry: 'services/intake/src/handlers/changes.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: [] },
  // Partner callbacks: the delivery consumer on its own queue, and the sweep that retries what failed (ADR 0008).
  // Both open the endpoints' sealed signing secrets.
  { id: 'intake-callbacks', stage: 'intake', ...consumerDefaults, memoryMb: 256, entry: 'services/intake/src/handlers/callbacks.ts', sendsTo: [], personalData: true },
  { id: 'intake-callback-retries', stage: 'intake', role: 'sweeper', entry: 'services/intake/src/handlers/callback-retries.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: [], personalData: true },
  // Personal-data retention (ADR 0013): erases what is due, from the markers closes write.
  { id: 'intake-erasure', stage: 'intake', role: 'sweeper', entry: 'services/intake/src/handlers/erasure.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: [], storage: { erases: 'cases' } },
  {
    id: 'dispatch-api',
    stage: 'dispatch',
    role: 'api',
    entry: 'services/dispatch/src/handlers/api.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    sendsTo: sendsTo('dispatch'),
    storage: { links: 'workorders' },
  },
  {
    id: 'dispatch-consumer',
    stage: 'dispatch',
    ...consumerDefaults,
    entry: 'services/dispatch/src/handlers/consumer.ts',
    sendsTo: sendsTo('dispatch'),
    // The classifier's word segmenter (jieba, Rust) and its training counts (`npm run train`).
    nativeModules: ['@node-rs/jieba'],
    files: ['services/dispatch/src/adapters/classifier-data'],
  },
  // Sends what dispatch stored with its changes, from the table's stream (ADR 0023).
  { id: 'dispatch-relay', stage: 'dispatch', role: 'consumer', entry: 'services/dispatch/src/handlers/relay.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: sendsTo('dispatch') },
  { id: 'dispatch-supervisor', stage: 'dispatch', role: 'sweeper', entry: 'services/dispatch/src/handlers/supervisor.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: sendsTo('dispatch') },
  { id: 'dispatch-erasure', stage: 'dispatch', role: 'sweeper', entry: 'services/dispatch/src/handlers/erasure.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: [], storage: { erases: 'workorders' } },
  {
    id: 'mediation-api',
    stage: 'mediation',
    role: 'api',
    entry: 'services/mediation/src/handlers/api.ts',
    timeoutSeconds: 10,
    memoryMb: 512,
    sendsTo: sendsTo('mediation'),
    storage: { links: 'disputes' },
    personalData: true,
  },
  // Seals the parties and narrative of disputes opened from cases.
  { id: 'mediation-consumer', stage: 'mediation', ...consumerDefaults, entry: 'services/mediation/src/handlers/consumer.ts', sendsTo: sendsTo('mediation'), personalData: true },
  // Sends what mediation stored with its changes, from the table's stream (ADR 0023).
  { id: 'mediation-relay', stage: 'mediation', role: 'consumer', entry: 'services/mediation/src/handlers/relay.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: sendsTo('mediation') },
  // Its steps issue documents, sealed.
  { id: 'mediation-duties', stage: 'mediation', role: 'sweeper', entry: 'services/mediation/src/handlers/duties.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: sendsTo('mediation'), personalData: true },
  { id: 'mediation-erasure', stage: 'mediation', role: 'sweeper', entry: 'services/mediation/src/handlers/erasure.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: [], storage: { erases: 'disputes' } },
  { id: 'reporting-api', stage: 'reporting', role: 'api', entry: 'services/reporting/src/handlers/api.ts', timeoutSeconds: 10, memoryMb: 512, sendsTo: sendsTo('reporting') },
  { id: 'reporting-consumer', stage: 'reporting', ...consumerDefaults, entry: 'services/reporting/src/handlers/consumer.ts', sendsTo: sendsTo('reporting') },
  // Adds the counter changes written on case records, from the table's stream (ADR 0022).
  { id: 'reporting-fold', stage: 'reporting', role: 'consumer', timeoutSeconds: 60, memoryMb: 256, entry: 'services/reporting/src/handlers/fold.ts', sendsTo: [] },
  // Sends what the warner stored with its changes, from the table's stream (ADR 0023).
  { id: 'reporting-relay', stage: 'reporting', role: 'consumer', entry: 'services/reporting/src/handlers/relay.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: sendsTo('reporting') },
  { id: 'reporting-warner', stage: 'reporting', role: 'sweeper', entry: 'services/reporting/src/handlers/warner.ts', timeoutSeconds: 60, memoryMb: 512, sendsTo: sendsTo('reporting') },
  { id: 'reporting-daily', stage: 'reporting', role: 'sweeper', entry: 'services/reporting/src/handlers/daily.ts', timeoutSeconds: 120, memoryMb: 512, sendsTo: sendsTo('reporting') },
];

export const routes: readonly RouteSpec[] = [
  { method: 'POST', path: '/v1/requests', functionId: 'intake-api' },
  { method: 'GET', path: '/v1/requests', functionId: 'intake-api' },
  { method: 'GET', path: '/v1/requests/{caseId}', functionId: 'intake-api' },
  { method: 'POST', path: '/v1/requests/{caseId}/reveal', functionId: 'intake-api' },
  { method: 'GET', path: '/v1/audit/reveals', functionId: 'intake-api' },
  { method: 'POST', path: '/v1/uploads', functionId: 'intake-api' },
  {
    method: 'GET',
    path: '/v1/openapi.json',
    functionId: 'intake-api',
    public: { reason: 'the API description: partners read it before they hold a key, and it serves no case or personal data.' },
  },
  { method: 'GET', path: '/v1/taxonomy', functionId: 'intake-api' },
  { method: 'GET', path: '/v1/partners/me/callbacks', functionId: 'intake-api' },
  { method: 'POST', path: '/v1/partners/me/callbacks', functionId: 'intake-api' },
  { method: 'DELETE', path: '/v1/partners/me/callbacks/{callbackId}', functionId: 'intake-api' },
  { method: 'POST', path: '/v1/partners/me/callbacks/{callbackId}/rotate-secret', functionId: 'intake-api' },
  { method: 'GET', path: '/v1/partners/me/deliveries', functionId: 'intake-api' },
  { method: 'POST', path: '/v1/partners/me/deliveries/{deliveryId}/redeliver', functionId: 'intake-api' },
  ...open311Routes(),
  { method: 'GET', path: '/v1/reports/summary', functionId: 'reporting-api' },
  { method: 'GET', path: '/v1/reports/kpis', functionId: 'reporting-api' },
  { method: 'GET', path: '/v1/reports/assessment', functionId: 'reporting-api' },
  { method: 'GET', path: '/v1/reports/topics', functionId: 'reporting-api' },
  { method: 'GET', path: '/v1/reports/warnings', functionId: 'reporting-api' },
  { method: 'POST', path: '/v1/reports/warnings/{warningId}/acknowledgement', functionId: 'reporting-api' },
  { method: 'GET', path: '/v1/reports/daily/{date}', functionId: 'reporting-api' },
  { method: 'GET', path: '/v1/triage', functionId: 'dispatch-api' },
  { method: 'POST', path: '/v1/cases/{caseId}/classification', functionId: 'dispatch-api' },
  { method: 'GET', path: '/v1/workorders', functionId: 'dispatch-api' },
  { method: 'GET', path: '/v1/workorders/{caseId}', functionId: 'dispatch-api' },
  { method: 'POST', path: '/v1/workorders/{caseId}/actions', functionId: 'dispatch-api' },
  { method: 'POST', path: '/v1/disputes', functionId: 'mediation-api' },
  { method: 'GET', path: '/v1/disputes', functionId: 'mediation-api' },
  { method: 'GET', path: '/v1/disputes/{disputeId}', functionId: 'mediation-api' },
  { method: 'POST', path: '/v1/disputes/{disputeId}/actions', functionId: 'mediation-api' },
  { method: 'GET', path: '/v1/disputes/{disputeId}/documents/{document}', functionId: 'mediation-api' },
  { method: 'GET', path: '/v1/mediators', functionId: 'mediation-api' },
  { method: 'GET', path: '/v1/mediators/{mediatorId}', functionId: 'mediation-api' },
  { method: 'PUT', path: '/v1/mediators/{mediatorId}', functionId: 'mediation-api' },
];

/**
 * Open311 GeoReport v2 (ADR 0007), one route per format as the specification names its
 * resources (`services.json`, `requests/{id}.xml`). Not behind the authorizer: Open311
 * clients send their key as the `api_key` form or query field, which the authorizer cannot
 * read; the intake function checks it against the key store (its own table's key records, as
 * the authorizer does), and answers in the specification's error format.
 */
function open311Routes(): RouteSpec[] {
  const withoutAuthorizer = (reason: string) => ({ reason: `Open311 GeoReport v2: ${reason}` });
  const keyInFields = withoutAuthorizer('the partner key travels as the api_key form or query field, not a header; the intake function checks it against the key store before any read or write.');
  const taxonomy = withoutAuthorizer('the service list is the region’s category taxonomy, public under the specification (no api_key); it holds no case or personal data.');
  return [
    ...(['json', 'xml'] as const).flatMap((format): RouteSpec[] => [
      { method: 'GET', path: `/open311/v2/services.${format}`, functionId: 'intake-api', public: taxonomy },
      { method: 'POST', path: `/open311/v2/requests.${format}`, functionId: 'intake-api', public: keyInFields },
      { method: 'GET', path: `/open311/v2/requests.${format}`, functionId: 'intake-api', public: keyInFields },
    ]),
    { method: 'GET', path: '/open311/v2/services/{service}', functionId: 'intake-api', public: taxonomy },
    { method: 'GET', path: '/open311/v2/requests/{request}', functionId: 'intake-api', public: keyInFields },
    { method: 'GET', path: '/open311/v2/tokens/{token}', functionId: 'intake-api', public: keyInFields },
  ];
}

export const eventSources: readonly EventSourceSpec[] = queueNames.map((queue) => ({
  queue,
  functionId: queue === 'callbacks' ? 'intake-callbacks' : `${queue}-consumer`,
  batchSize: 10,
  // A batching window does not keep a case's events together (concurrent pollers split them;
  // measured: no fewer cancelled transactions), so none: events are handled as they come.
  maxBatchingWindowSeconds: 0,
}));

export const streamSources: readonly StreamSourceSpec[] = [
  // A minute of a region's changes summed per counter cell: figures lag by about that much (ADR 0022). A batch
  // behind by many (after an outage) writes hundreds of cells, any of which may fail: halves get through.
  { stage: 'reporting', functionId: 'reporting-fold', batchSize: 1000, maxBatchingWindowSeconds: 60, tumblingWindowSeconds: 900, bisectBatchOnError: true, only: { sortKey: 'RECORD' } },
  // Half a minute of a region's case changes in one log item per partner: a `changedSince` list lags by up to that much (ADR 0027).
  { stage: 'intake', functionId: 'intake-changes', batchSize: 1000, maxBatchingWindowSeconds: 30, only: { sortKey: 'CASE' } },
  // Each table's relay: at once, a batch of what has gathered while the last one was sent (ADR 0023).
  ...stages.map((stage): StreamSourceSpec => ({ stage, functionId: `${stage}-relay`, batchSize: 100, maxBatchingWindowSeconds: 0, only: { newImageHas: 'outbox' } })),
];

export const schedules: readonly ScheduleSpec[] = [
  { functionId: 'intake-callback-retries', everyMinutes: 1 },
  { functionId: 'dispatch-supervisor', everyMinutes: 1 },
  { functionId: 'mediation-duties', everyMinutes: 1 },
  // Retention is counted in days: an hourly run keeps a backlog small and costs 16 queries an hour.
  { functionId: 'intake-erasure', everyMinutes: 60 },
  { functionId: 'dispatch-erasure', everyMinutes: 60 },
  { functionId: 'mediation-erasure', everyMinutes: 60 },
  { functionId: 'reporting-warner', everyMinutes: 10 },
  { functionId: 'reporting-daily', everyMinutes: 60 },
];

/** Environment variable names every function reads (values differ per deployment). */
export const envNames = {
  regionId: 'REGION_ID',
  tableName: 'TABLE_NAME',
  /** Secrets Manager secrets (AWS): partner-key signing secret (the authorizer's only) and personal-data key (identity hashes, `v1` values). */
  authSecretArn: 'AUTH_SECRET_ARN',
  piiKeyArn: 'PII_KEY_ARN',
  /** The region's KMS key that wraps personal data's data keys (AWS; functions with `personalData` only). */
  piiKmsKeyId: 'PII_KMS_KEY_ID',
  /** The same secrets given directly (local runtime, tests). */
  authSecret: 'AUTH_SECRET',
  piiKey: 'PII_KEY',
  /** Consumers: their queue's dead-letter queue, where a message goes with its reason after its last try. */
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
  uploadBucket: uploadBucketEnvName,
} as const;

/** The queue a consumer function is the event source of (its DLQ is that queue's). */
export function consumedQueue(functionId: string): QueueSpec | undefined {
  const source = eventSources.find((s) => s.functionId === functionId);
  return source && queues.find((q) => q.name === source.queue);
}
