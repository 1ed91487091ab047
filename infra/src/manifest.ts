import { stages, type Stage } from '@govflow/contracts';

/**
 * The deployment manifest: the one description of tables, queues, functions, routes,
 * event-source mappings and schedules. The CDK stacks and the local runtime are both
 * built from it, and a test proves the synthesized templates agree with the local topology.
 */

export interface TableSpec {
  readonly stage: Stage;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  /** Keys-only indexes hold no copy of the item: an update that keeps the keys costs no index write. */
  readonly globalIndexes: readonly { name: string; partitionKey: string; sortKey: string; keysOnly?: boolean }[];
  readonly timeToLiveAttribute: 'expiresAt';
}

export interface QueueSpec {
  readonly stage: Stage;
  /** Longer than the consumer's timeout, so a slow batch is not delivered twice. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives before a message moves to the DLQ. */
  readonly maxReceiveCount: number;
  readonly retentionDays: number;
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
  /** Stages whose queues this function sends to. */
  readonly sendsTo: readonly Stage[];
  /**
   * Packages that ship a prebuilt native binary per platform: installed beside the bundle
   * for the function's architecture instead of bundled.
   */
  readonly nativeModules?: readonly string[];
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax: `/v1/requests/{caseId}`. */
  readonly path: string;
  readonly functionId: string;
  /**
   * Served without credentials: API Gateway's authorizer is not attached. Every other route
   * passes the authorizer, whose verdict its function reads (platform's callerOf).
   */
  readonly public?: true;
}

export interface EventSourceSpec {
  readonly queue: Stage;
  readonly functionId: string;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
}

export interface ScheduleSpec {
  readonly functionId: string;
  readonly everyMinutes: number;
}

const gsiOutbox = { name: 'outbox', partitionKey: 'outboxShard', sortKey: 'outboxAt' } as const;

export const tables: readonly TableSpec[] = [
  { stage: 'intake', partitionKey: 'pk', sortKey: 'sk', globalIndexes: [gsiOutbox], timeToLiveAttribute: 'expiresAt' },
  {
    stage: 'dispatch',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      gsiOutbox,
      // Keys only: a work-order step that keeps the keys writes no index (they held whole items: 32 WRU a case).
      { name: 'triage', partitionKey: 'triageKey', sortKey: 'receivedAt', keysOnly: true },
      { name: 'inbox', partitionKey: 'inboxKey', sortKey: 'receivedAt', keysOnly: true },
      { name: 'deadlines', partitionKey: 'deadlineKey', sortKey: 'nextCheckAt', keysOnly: true },
      { name: 'matters', partitionKey: 'matterKey', sortKey: 'receivedAt', keysOnly: true },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
  {
    stage: 'mediation',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      gsiOutbox,
      // A centre's disputes by status and time (its queue is status `queued`), a mediator's docket,
      // the region's disputes by status and tier, and the timed duties on sharded time-ordered keys.
      { name: 'centre', partitionKey: 'centreKey', sortKey: 'centreSort', keysOnly: true },
      { name: 'docket', partitionKey: 'docketKey', sortKey: 'docketSort', keysOnly: true },
      { name: 'status', partitionKey: 'statusKey', sortKey: 'statusSort', keysOnly: true },
      { name: 'duties', partitionKey: 'dutyShard', sortKey: 'dutyAt', keysOnly: true },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
  {
    stage: 'reporting',
    partitionKey: 'pk',
    sortKey: 'sk',
    globalIndexes: [
      { name: 'byDay', partitionKey: 'dayKey', sortKey: 'receivedAt' },
      // Digests' pending changes waiting to be folded (sparse: the item is deleted by the fold).
      { name: 'pending', partitionKey: 'pendingKey', sortKey: 'sk', keysOnly: true },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
];

export const queues: readonly QueueSpec[] = stages.map((stage) => ({
  stage,
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 5,
  retentionDays: 14,
}));

const consumerDefaults = { role: 'consumer', timeoutSeconds: 30, memoryMb: 512 } as const;

export const functions: readonly FunctionSpec[] = [
  { id: 'intake-api', stage: 'intake', role: 'api', entry: 'services/intake/src/handlers/api.ts', timeoutSeconds: 10, memoryMb: 512, sendsTo: ['dispatch', 'reporting'] },
  { id: 'intake-consumer', stage: 'intake', ...consumerDefaults, entry: 'services/intake/src/handlers/consumer.ts', sendsTo: [] },
  { id: 'intake-sweeper', stage: 'intake', role: 'sweeper', entry: 'services/intake/src/handlers/sweeper.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: ['dispatch', 'reporting'] },
  { id: 'dispatch-api', stage: 'dispatch', role: 'api', entry: 'services/dispatch/src/handlers/api.ts', timeoutSeconds: 10, memoryMb: 512, sendsTo: ['intake', 'mediation', 'reporting'] },
  {
    id: 'dispatch-consumer',
    stage: 'dispatch',
    ...consumerDefaults,
    entry: 'services/dispatch/src/handlers/consumer.ts',
    sendsTo: ['intake', 'mediation', 'reporting'],
    // The classifier's word segmenter (jieba, Rust).
    nativeModules: ['@node-rs/jieba'],
  },
  { id: 'dispatch-sweeper', stage: 'dispatch', role: 'sweeper', entry: 'services/dispatch/src/handlers/sweeper.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: ['intake', 'mediation', 'reporting'] },
  { id: 'dispatch-supervisor', stage: 'dispatch', role: 'sweeper', entry: 'services/dispatch/src/handlers/supervisor.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: ['intake', 'mediation', 'reporting'] },
  { id: 'mediation-api', stage: 'mediation', role: 'api', entry: 'services/mediation/src/handlers/api.ts', timeoutSeconds: 10, memoryMb: 512, sendsTo: ['intake', 'reporting'] },
  { id: 'mediation-consumer', stage: 'mediation', ...consumerDefaults, entry: 'services/mediation/src/handlers/consumer.ts', sendsTo: ['intake', 'reporting'] },
  { id: 'mediation-sweeper', stage: 'mediation', role: 'sweeper', entry: 'services/mediation/src/handlers/sweeper.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: ['intake', 'reporting'] },
  { id: 'mediation-duties', stage: 'mediation', role: 'sweeper', entry: 'services/mediation/src/handlers/duties.ts', timeoutSeconds: 60, memoryMb: 256, sendsTo: ['intake', 'reporting'] },
  { id: 'reporting-api', stage: 'reporting', role: 'api', entry: 'services/reporting/src/handlers/api.ts', timeoutSeconds: 10, memoryMb: 512, sendsTo: [] },
  { id: 'reporting-consumer', stage: 'reporting', ...consumerDefaults, entry: 'services/reporting/src/handlers/consumer.ts', sendsTo: [] },
  { id: 'reporting-warner', stage: 'reporting', role: 'sweeper', entry: 'services/reporting/src/handlers/warner.ts', timeoutSeconds: 60, memoryMb: 512, sendsTo: [] },
  { id: 'reporting-daily', stage: 'reporting', role: 'sweeper', entry: 'services/reporting/src/handlers/daily.ts', timeoutSeconds: 120, memoryMb: 512, sendsTo: [] },
];

export const routes: readonly RouteSpec[] = [
  { method: 'POST', path: '/v1/requests', functionId: 'intake-api' },
  { method: 'GET', path: '/v1/requests/{caseId}', functionId: 'intake-api' },
  // The API description: what a partner reads before it has a key; it holds no data.
  { method: 'GET', path: '/v1/openapi.json', functionId: 'intake-api', public: true },
  { method: 'GET', path: '/v1/taxonomy', functionId: 'intake-api' },
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

export const eventSources: readonly EventSourceSpec[] = stages.map((stage) => ({
  queue: stage,
  functionId: `${stage}-consumer`,
  batchSize: 10,
  // A batching window does not keep a case's events together (concurrent pollers split them;
  // measured: no fewer cancelled transactions), so none: events are handled as they come.
  maxBatchingWindowSeconds: 0,
}));

export const schedules: readonly ScheduleSpec[] = [
  { functionId: 'intake-sweeper', everyMinutes: 1 },
  { functionId: 'dispatch-sweeper', everyMinutes: 1 },
  { functionId: 'dispatch-supervisor', everyMinutes: 1 },
  { functionId: 'mediation-sweeper', everyMinutes: 1 },
  { functionId: 'mediation-duties', everyMinutes: 1 },
  { functionId: 'reporting-warner', everyMinutes: 10 },
  { functionId: 'reporting-daily', everyMinutes: 60 },
];

/** Environment variable names every function reads (values differ per deployment). */
export const envNames = {
  regionId: 'REGION_ID',
  tableName: 'TABLE_NAME',
  /** Secrets Manager secrets (AWS): partner-key signing secret (the authorizer's only) and personal-data key. */
  authSecretArn: 'AUTH_SECRET_ARN',
  piiKeyArn: 'PII_KEY_ARN',
  /** The same secrets given directly (local runtime, tests). */
  authSecret: 'AUTH_SECRET',
  piiKey: 'PII_KEY',
  /** Consumers: their queue's dead-letter queue, where a message goes with its reason after its last try. */
  deadLetterQueueUrl: 'DEAD_LETTER_QUEUE_URL',
  maxReceiveCount: 'MAX_RECEIVE_COUNT',
} as const;
