import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Server } from 'node:http';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, SendMessageCommand, SQSClient, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { queueNames, queueUrlEnvName, stages, type QueueName } from '@govflow/contracts';
import { consumedQueue, eventSources, functions, projectionName, queues, routes, schedules, streamRecordMatches, streamSources, envNames, type FunctionSpec } from '@govflow/infra/manifest';
import type { Topology } from '@govflow/infra/topology';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { authorizerEnvNames } from '@govflow/platform/authorizer';
import { DynamoKeyStore, KeyAdministration, type Caller } from '@govflow/platform';
import { fifoFields } from '@govflow/platform/message-groups';
import { loadRegion } from '@govflow/regions';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { addPollerFaults, type FaultInjector } from './faults';
import { buildLocalBundles } from './bundles';
import { LocalFunction, repositoryRoot } from './functions';
import { buildConsole, consoleSecurityHeaders, type StaticFile } from '@govflow/console';
import { consoleKeyChoices, demoStaffTokens } from './demo-keys';
import { startHttpGateway, type StaticSite } from './http-gateway';
import { LocalIssuer, localTokenAudience } from './issuer';
import { QueuePoller } from './poller';
import { StreamPoller } from './stream-poller';
import type { Meter } from './metering';
import { QueueSignals } from './queue-signals';
import { queueNameOf } from './sqs-journal';
import { startObjectServer } from './object-server';
import { bucketName, ensureQueues, ensureTables, queueArn } from './resources';
import { startEmbeddedServers } from './servers';

export interface LocalStackOptions {
  /** Where DynamoDB data and secrets are kept (default `.data` at the repository root). */
  dataDir?: string;
  /** Keep nothing on disk: fresh tables and secrets (tests). */
  inMemory?: boolean;
  /** HTTP API port; 0 picks a free one. Default: PORT or 3000. */
  port?: number;
  regionId?: string;
  /** Longest idle back-off of a queue poller (a send wakes it at once; the back-off finds messages back from a visibility timeout). */
  maxIdleMs?: number;
  /** How often a minute of the schedules passes here: a schedule of every N minutes runs every N such ticks (in AWS, the manifest's rate). */
  sweepIntervalMs?: number;
  /** Tests only: a short visibility timeout so failed messages come back quickly. */
  visibilityTimeoutSeconds?: number;
  /** Tests only: every message is delivered to its consumer twice. */
  duplicateDeliveries?: boolean;
  /**
   * How long a stream's changes gather before a batch, by function (the fold, the change log; the
   * relays gather 25 ms). Default 200 ms, so figures and lists follow events at once on one
   * machine; AWS runs the manifest's windows (the benchmark sets them, to meter what a deployment pays).
   */
  streamBatchingWindowsMs?: Readonly<Record<string, number>>;
  /** Batches in flight per event source. */
  pollerConcurrency?: number;
  logLevel?: string;
  /** Counts what every function, queue poller and API request would be billed for (the benchmark). */
  meter?: Meter;
  /**
   * How long the gateway keeps an authorizer answer per Authorization value (API Gateway's
   * authorizer cache; in AWS the TTL of the stack's authorizer). Default 5 minutes.
   */
  authorizerCacheTtlMs?: number;
  /**
   * Tests only: faults injected at the SDK (crashes, throttles, races, duplicated and held-back
   * deliveries) into every function's clients and the event-source mappings. Off by default;
   * when off, neither the workers nor the pollers carry any hook.
   */
  faults?: FaultInjector;
  /** More environment for every function (e.g. a short partner-callback retry schedule for tests). */
  functionEnv?: Record<string, string>;
}

/**
 * The console at `/console/`, built on its first request (esbuild, a few hundred ms), with
 * one file the deployed site has not: `local-keys.json`, the demo staff to sign in with (tokens
 * from the local issuer, signed afresh for each request of the list, so none has expired).
 * The gateway listens on the loopback interface only, and serves these files only to
 * requests addressed to a loopback name.
 */
function consoleSite(regionId: string, issueToken: (caller: Caller) => string): StaticSite {
  const region = loadRegion(regionId);
  let files: Map<string, StaticFile> | undefined;
  const demoUsers = (): StaticFile => ({ body: Buffer.from(JSON.stringify(consoleKeyChoices(region, demoStaffTokens(region, issueToken)))), contentType: 'application/json' });
  return {
    prefix: '/console',
    loopbackOnly: true,
    file: (name) => (name === 'local-keys.json' ? demoUsers() : (files ??= buildConsole(region)).get(name)),
    headers: {
      'content-security-policy': consoleSecurityHeaders.contentSecurityPolicy,
      'referrer-policy': consoleSecurityHeaders.referrerPolicy,
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    },
  };
}

/** The gateway's authorizer function (the ApiStack's in AWS), by its SDK app id and meter name. */
const authorizerId = 'authorizer';
const authorizerEntry = 'platform/src/authorizer.ts';

/** The queue pollers' requests, metered as Lambda's event source mappings (which SQS bills). */
const pollerAppId = 'event-source-mapping';

const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const awsRegion = 'us-east-1';

/** The local system's secrets: the partner-key signing secret (the authorizer's) and the personal-data key (the services'). */
interface LocalSecrets {
  authSecret: string;
  piiKey: string;
}

/** The demo partners' keys have fixed ids: a restart hands out the same keys and leaves a revoked one revoked. */
const demoKeyId = (partnerId: string) => `demo-${partnerId}`;

export const authorizerCacheTtlMs = 5 * 60_000;

/** A 32-byte hex key in its own file, created owner-only (0600) on first start. */
function loadOrCreateKey(path: string): string {
  if (existsSync(path)) {
    chmodSync(path, 0o600);
    return readFileSync(path, 'utf8').trim();
  }
  const key = randomBytes(32).toString('hex');
  writeFileSync(path, `${key}\n`, { mode: 0o600 });
  return key;
}

/**
 * The signing secret and the personal-data key, each in its own owner-only file under
 * `<dataDir>/keys/`: apart from the table files, so a copy of the database is not a copy of its key.
 */
function loadOrCreateSecrets(dataDir: string | undefined): LocalSecrets {
  if (!dataDir) return { authSecret: randomBytes(32).toString('hex'), piiKey: randomBytes(32).toString('hex') };
  const keys = join(dataDir, 'keys');
  mkdirSync(keys, { recursive: true, mode: 0o700 });
  // Data written before the keys had their own files was sealed with the keys in `secrets.json`: move them.
  const earlier = join(dataDir, 'secrets.json');
  if (existsSync(earlier)) {
    const old = JSON.parse(readFileSync(earlier, 'utf8')) as LocalSecrets;
    writeFileSync(join(keys, 'auth.key'), `${old.authSecret}\n`, { mode: 0o600 });
    writeFileSync(join(keys, 'pii.key'), `${old.piiKey}\n`, { mode: 0o600 });
    rmSync(earlier);
  }
  return { authSecret: loadOrCreateKey(join(keys, 'auth.key')), piiKey: loadOrCreateKey(join(keys, 'pii.key')) };
}

/**
 * Runs the whole system on this machine: real DynamoDB and SQS protocols from embedded
 * servers, every manifest function in its own worker with its own environment, the HTTP
 * API as API Gateway would call it, queue pollers as event-source mappings, and the
 * scheduled sweeps on a timer.
 */
/**
 * A relay has no batching window in AWS, where Lambda polls a shard four times a second; here it
 * gathers what comes within 25 ms of a first record, so a busy moment is a few invocations, not
 * one per write (ADR 0023).
 */
const relayGatherMs = 25;

export async function startLocalStack(options: LocalStackOptions = {}) {
  const opened: (() => unknown)[] = [];
  try {
    return await assembleLocalStack(options, opened);
  } catch (error) {
    // A start that fails part way (a port taken, a bundle that does not import) leaves nothing running, or the process would never exit.
    for (const close of opened.reverse()) await Promise.resolve().then(close).catch(() => undefined);
    throw error;
  }
}

/** Starts each part of the local system, adding to `opened` how to close it again should a later part fail. */
async function assembleLocalStack(options: LocalStackOptions, opened: (() => unknown)[]) {
  const regionId = options.regionId ?? 'wuhai';
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? join(repositoryRoot, '.data'));
  if (dataDir) mkdirSync(join(dataDir, 'dynamodb'), { recursive: true });
  const secrets = loadOrCreateSecrets(dataDir);

  const functionIds = new Set(functions.map((f) => f.id));
  const signals = new QueueSignals();
  const servers = await startEmbeddedServers({
    signals,
    dynamodbPath: dataDir ? join(dataDir, 'dynamodb') : undefined,
    dynamodbUndoLogPath: dataDir ? join(dataDir, 'dynamodb-undo.ndjson') : undefined,
    dynamodbStreamPath: dataDir ? join(dataDir, 'dynamodb-streams.ndjson') : undefined,
    sqsJournalPath: dataDir ? join(dataDir, 'sqs-journal.ndjson') : undefined,
    ...(options.meter ? { meter: { meter: options.meter, knownCallers: (id: string) => functionIds.has(id) || id === pollerAppId || id === authorizerId } } : {}),
  });
  opened.push(() => servers.close());
  // Photos and documents: kept under the data directory, or in a temporary folder removed at stop.
  const objectsDir = dataDir ? join(dataDir, 'objects') : mkdtempSync(join(tmpdir(), 'govflow-objects-'));
  mkdirSync(objectsDir, { recursive: true });
  const uploadBucket = bucketName(regionId);
  if (!dataDir) opened.push(() => rmSync(objectsDir, { recursive: true, force: true }));
  const objects = await startObjectServer({ directory: objectsDir, bucket: uploadBucket, credentials: localCredentials, corsOrigins: ['*'] });
  opened.push(() => objects.close());
  const dynamo = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: awsRegion, credentials: localCredentials });
  const sqs = new SQSClient({ endpoint: servers.sqsEndpoint, region: awsRegion, credentials: localCredentials });
  const pollerSqs = new SQSClient({ endpoint: servers.sqsEndpoint, region: awsRegion, credentials: localCredentials, userAgentAppId: pollerAppId });
  opened.push(() => [dynamo, sqs, pollerSqs].forEach((client) => client.destroy()));
  const tableNames = await ensureTables(dynamo, regionId);
  const { queueUrls, dlqUrls } = await ensureQueues(sqs, regionId, options.visibilityTimeoutSeconds);
  // What was queued when the machine last died goes back on its queue before anyone polls.
  const urlByName = new Map([...Object.values(queueUrls), ...Object.values(dlqUrls)].map((url) => [url.split('/').pop()!, url]));
  const resent = await servers.resendUndelivered(async (name, body, attributes) => {
    const url = urlByName.get(name);
    if (url) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageAttributes: attributes as SendMessageCommandInput['MessageAttributes'], ...fifoFields(url, body, { resend: true }) }));
  });
  if (servers.transactionsTakenBack > 0) console.log(`  took back ${servers.transactionsTakenBack} transaction(s) a crash had left half applied`);
  if (resent > 0) console.log(`  resent ${resent} message(s) that were queued when the system last stopped`);

  const envFor = (spec: FunctionSpec): Record<string, string> => ({
    AWS_REGION: awsRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: servers.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: servers.sqsEndpoint,
    // Names the function in the SDK's user agent, so the local meter knows whose request it is.
    AWS_SDK_UA_APP_ID: spec.id,
    [envNames.regionId]: regionId,
    [envNames.tableName]: tableNames[spec.stage],
    [envNames.piiKey]: secrets.piiKey,
    POWERTOOLS_SERVICE_NAME: spec.stage,
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'WARN',
    POWERTOOLS_DEV: 'false',
    // Operator metrics are CloudWatch log lines; on one machine they would only crowd the console (GOVFLOW_METRICS=on prints them).
    POWERTOOLS_METRICS_DISABLED: process.env.GOVFLOW_METRICS === 'on' ? 'false' : 'true',
    // Lambda runs nodejs22.x; the SDK's notice that it will want Node 22 is noise here.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...Object.fromEntries(spec.sendsTo.map((queue) => [queueUrlEnvName(queue), queueUrls[queue]])),
    ...(spec.storage ? { [envNames.uploadBucket]: uploadBucket, AWS_ENDPOINT_URL_S3: objects.endpoint } : {}),
    ...consumerEnv(spec),
    // Partner callbacks may go to a receiver on this machine (plain http://localhost); deployed, only HTTPS.
    CALLBACK_ALLOW_LOCAL_HTTP: 'true',
    ...options.functionEnv,
  });
  const consumerEnv = (spec: FunctionSpec): Record<string, string> => {
    const consumed = consumedQueue(spec.id);
    return consumed ? { [envNames.deadLetterQueueUrl]: dlqUrls[consumed.name], [envNames.maxReceiveCount]: String(consumed.maxReceiveCount) } : {};
  };

  const bundles = await buildLocalBundles(regionId, [...functions, { id: authorizerId, entry: authorizerEntry }]);
  opened.push(() => bundles.remove());
  // The gateway's authorizer, like the one API Gateway calls: its own worker and environment, the
  // signing secret and the key records in intake's table; staff tokens from the local issuer.
  // The issuer's address is the gateway's own, known once it listens: the worker starts after.
  const late: { authorizer?: LocalFunction; issuer?: LocalIssuer } = {};
  const fns = new Map<string, LocalFunction>();
  opened.push(() => Promise.all([...fns.values(), ...(late.authorizer ? [late.authorizer] : [])].map((f) => f.stop())));
  for (const spec of functions) {
    fns.set(
      spec.id,
      new LocalFunction({
        id: spec.id,
        entryPath: bundles.paths.get(spec.id)!,
        timeoutSeconds: spec.timeoutSeconds,
        memoryMb: spec.memoryMb,
        env: envFor(spec),
        ...(options.faults ? { faults: options.faults.decide.bind(options.faults) } : {}),
      }),
    );
  }
  const lookup = (id: string): LocalFunction => {
    const found = fns.get(id);
    if (!found) throw new Error(`no function ${id}`);
    return found;
  };
  // Each invocation timed for the meter (from hand-over to answer: an upper bound of Lambda's billed duration).
  const fn = (id: string) => ({
    invoke: async <T = unknown>(event: unknown): Promise<T> => {
      const local = lookup(id);
      if (!options.meter?.enabled) return local.invoke<T>(event);
      const started = performance.now();
      try {
        return await local.invoke<T>(event);
      } finally {
        options.meter.invocation(id, performance.now() - started, local.definition.memoryMb);
      }
    },
  });
  const gateway = await startHttpGateway(
    routes.map((r) => ({
      method: r.method,
      path: r.path,
      public: r.public !== undefined,
      invoke: (event: APIGatewayProxyEventV2) => {
        options.meter?.apiRequest(r.functionId);
        return fn(r.functionId).invoke<APIGatewayProxyStructuredResultV2>(event);
      },
    })),
    options.port ?? Number(process.env.PORT ?? 3000),
    {
      authorizer: {
        // Metered as API Gateway bills it: an invocation per cache miss (the cache itself is free).
        invoke: async (event) => {
          const started = performance.now();
          try {
            return await late.authorizer!.invoke(event);
          } finally {
            options.meter?.invocation(authorizerId, performance.now() - started, late.authorizer!.definition.memoryMb);
          }
        },
        cacheTtlMs: options.authorizerCacheTtlMs ?? authorizerCacheTtlMs,
      },
      documents: {
        '/.well-known/openid-configuration': () => late.issuer!.openidConfiguration(),
        '/.well-known/jwks.json': () => late.issuer!.jwks(),
      },
      sites: [consoleSite(regionId, (caller) => late.issuer!.issueToken(caller))],
    },
  );
  opened.push(() => {
    (gateway.server as Server).closeAllConnections();
    return new Promise((r) => (gateway.server as Server).close(r));
  });
  const issuer = (late.issuer = new LocalIssuer(gateway.url, dataDir));
  const authorizer = (late.authorizer = new LocalFunction({
    id: authorizerId,
    entryPath: bundles.paths.get(authorizerId)!,
    // As in CDK: a cold start on a loaded machine took over 5 s in CI.
    timeoutSeconds: 10,
    memoryMb: 256,
    env: {
      AWS_REGION: awsRegion,
      AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: servers.dynamodbEndpoint,
      AWS_SDK_UA_APP_ID: authorizerId,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      [envNames.regionId]: regionId,
      [envNames.authSecret]: secrets.authSecret,
      [authorizerEnvNames.keysTableName]: tableNames.intake,
      [authorizerEnvNames.tokenIssuer]: issuer.issuerUrl,
      [authorizerEnvNames.tokenAudience]: localTokenAudience,
    },
  }));
  await Promise.all([...fns.values(), authorizer].map((f) => f.ready));

  const keyDoc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const keys = new KeyAdministration(new DynamoKeyStore(keyDoc, tableNames.intake), secrets.authSecret);
  // One key for each of the region's partners, as a region's administrator would issue them.
  const partnerKeys: Record<string, string> = {};
  for (const partner of loadRegion(regionId).partners) {
    partnerKeys[partner.id] = (await keys.issue({ partnerId: partner.id, role: 'partner' }, { keyId: demoKeyId(partner.id), label: 'demo' })).key;
  }

  const errors: unknown[] = [];
  // The event-source mappings' own client (metered by its app id) also carries any injected faults.
  const stageOfUrl = (url: string) => queueNames.find((queue) => queueUrls[queue] === url) ?? url;
  if (options.faults) addPollerFaults(pollerSqs, stageOfUrl, options.faults, sqs);
  const pollers = await Promise.all(
    eventSources.map(async (source) => ({
      source,
      poller: new QueuePoller({
        sqs: pollerSqs,
        queueUrl: queueUrls[source.queue],
        queueArn: await queueArn(sqs, queueUrls[source.queue]),
        batchSize: source.batchSize,
        batchingWindowMs: source.maxBatchingWindowSeconds * 1000,
        visibilityTimeoutSeconds: options.visibilityTimeoutSeconds ?? queues.find((q) => q.name === source.queue)!.visibilityTimeoutSeconds,
        invoke: (event: SQSEvent) => fn(source.functionId).invoke<SQSBatchResponse>(event),
        concurrency: options.pollerConcurrency ?? 4,
        maxIdleMs: options.maxIdleMs ?? 1000,
        idle: (ms: number) => signals.next(queueNameOf(queueUrls[source.queue]), ms),
        duplicateDeliveries: options.duplicateDeliveries,
        onError: (error) => errors.push(error),
      }),
    })),
  );
  for (const { poller } of pollers) poller.start();
  opened.push(() => Promise.all(pollers.map(({ poller }) => poller.stop())));
  // The table streams' event-source mappings: in-process readers of the layer's stream journal (Lambda's reads are not billed).
  const streamPollers = streamSources.map((source) => ({
    source,
    poller: new StreamPoller({
      journal: servers.streams,
      table: tableNames[source.stage],
      reader: source.functionId,
      invoke: (event) => fn(source.functionId).invoke(event),
      batchSize: source.batchSize,
      // The fold gathers as asked; a relay as `relayGatherMs` says.
      batchingWindowMs: source.maxBatchingWindowSeconds === 0 ? relayGatherMs : (options.streamBatchingWindowsMs?.[source.functionId] ?? 200),
      tumblingWindowSeconds: source.tumblingWindowSeconds,
      bisectBatchOnError: source.bisectBatchOnError,
      filter: (record) => streamRecordMatches(source, record),
      checkpointPath: dataDir ? join(dataDir, `stream-position-${source.functionId}.json`) : undefined,
      onError: (error) => errors.push(error),
    }),
  }));
  for (const { poller } of streamPollers) poller.start();

  // One tick stands for a minute of EventBridge: a schedule of every N minutes runs every N ticks
  // (the hourly erasures every 60), so the local system keeps AWS's proportions between them.
  let sweeping = false;
  let tick = 0;
  const sweepTimer = setInterval(async () => {
    if (sweeping) return;
    sweeping = true;
    const event = { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), detail: {} };
    const due = schedules.filter((s) => tick % s.everyMinutes === 0);
    tick++;
    await Promise.allSettled(due.map((s) => fn(s.functionId).invoke(event)));
    sweeping = false;
  }, options.sweepIntervalMs ?? 2000);

  const apiUrl = gateway.url;
  let stopped = false;

  return {
    apiUrl,
    regionId,
    secrets,
    /** The demo partners' keys (the key store holds only their hashes). */
    partnerKeys,
    /** Issues, lists, revokes and rotates partner keys (what `npm run keys` does). */
    keys,
    issuer,
    /** A staff token from the local issuer. */
    issueToken: (caller: Caller, ttlSeconds?: number) => issuer.issueToken(caller, { ttlSeconds }),
    endpoints: { dynamodb: servers.dynamodbEndpoint, sqs: servers.sqsEndpoint, s3: objects.endpoint },
    uploadBucket,
    tableNames,
    queueUrls,
    dlqUrls,
    /** Errors pollers met (failed invocations are expected; they are retried). */
    errors,
    invoke: <T = unknown>(functionId: string, event: unknown) => fn(functionId).invoke<T>(event),

    /** The running resources, read back from the servers, in the Topology normal form. */
    async topology(): Promise<Topology> {
      const tablesOut: Topology['tables'] = [];
      for (const stage of stages) {
        const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableNames[stage] }));
        const key = (schema: { AttributeName?: string; KeyType?: string }[] | undefined, type: string) =>
          schema?.find((k) => k.KeyType === type)?.AttributeName ?? '';
        tablesOut.push({
          stage,
          partitionKey: key(Table?.KeySchema, 'HASH'),
          sortKey: key(Table?.KeySchema, 'RANGE'),
          globalIndexes: (Table?.GlobalSecondaryIndexes ?? []).map((g) => ({
            name: g.IndexName ?? '',
            partitionKey: key(g.KeySchema, 'HASH'),
            sortKey: key(g.KeySchema, 'RANGE'),
            projection: projectionName({ type: g.Projection?.ProjectionType ?? 'ALL', nonKeyAttributes: g.Projection?.NonKeyAttributes }),
          })),
          stream: Table?.StreamSpecification?.StreamEnabled ? (Table.StreamSpecification.StreamViewType ?? 'NONE') : 'NONE',
        });
      }
      const queuesOut: Topology['queues'] = [];
      for (const spec of queues) {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrls[spec.name], AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }),
        );
        const redrive = Attributes.RedrivePolicy ? (JSON.parse(Attributes.RedrivePolicy) as { maxReceiveCount: number; deadLetterTargetArn: string }) : undefined;
        queuesOut.push({
          name: spec.name,
          stage: spec.stage,
          visibilityTimeoutSeconds: Number(Attributes.VisibilityTimeout),
          maxReceiveCount: Number(redrive?.maxReceiveCount ?? 0),
          hasDeadLetterQueue: Boolean(redrive?.deadLetterTargetArn),
        });
      }
      return {
        tables: tablesOut,
        queues: queuesOut,
        routes: routes.map((r) => `${r.method} ${r.path} -> ${r.functionId}`),
        eventSources: pollers.map(({ source }) => ({
          queue: source.queue as QueueName,
          functionId: source.functionId,
          batchSize: source.batchSize,
          reportBatchItemFailures: true,
        })),
        streamSources: streamPollers.map(({ source }) => ({ stage: source.stage, functionId: source.functionId, batchSize: source.batchSize })),
      };
    },

    /** What a drain waits for: messages in each queue, queue batches in flight, records each stream reader has yet to pass. */
    async pendingWork(): Promise<{ queues: Partial<Record<QueueName, number>>; busy: string[]; streamsBehind: Record<string, number> }> {
      const queues: Partial<Record<QueueName, number>> = {};
      for (const queue of queueNames) {
        const { Attributes = {} } = await sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrls[queue], AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
        );
        const count = Number(Attributes.ApproximateNumberOfMessages ?? 0) + Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
        if (count > 0) queues[queue] = count;
      }
      const busy = pollers.filter(({ poller }) => poller.busy).map(({ source }) => source.functionId);
      const streamsBehind = Object.fromEntries(streamPollers.filter(({ poller }) => !poller.caughtUp).map(({ source, poller }) => [source.functionId, poller.recordsBehind]));
      return { queues, busy, streamsBehind };
    },

    /** Waits until no queue holds a message, no batch is in flight and every stream is read to its end (bounded by `timeoutMs`). */
    async drain(timeoutMs = 10_000): Promise<boolean> {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const { queues, busy, streamsBehind } = await this.pendingWork();
        if (Object.keys(queues).length === 0 && busy.length === 0 && Object.keys(streamsBehind).length === 0) return true;
        await new Promise((r) => setTimeout(r, 100));
      }
      return false;
    },

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      clearInterval(sweepTimer);
      const closed = new Promise<void>((r) => (gateway.server as Server).close(() => r()));
      (gateway.server as Server).closeAllConnections();
      await closed;
      const stopping = Promise.all([...pollers, ...streamPollers].map(({ poller }) => poller.stop()));
      signals.wakeAll();
      await stopping;
      await Promise.all([...fns.values(), authorizer].map((f) => f.stop()));
      bundles.remove();
      dynamo.destroy();
      sqs.destroy();
      pollerSqs.destroy();
      await servers.close();
      await objects.close();
      if (!dataDir) rmSync(objectsDir, { recursive: true, force: true });
    },
  };
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;
