/**
 * `npm start`: the whole system on this machine. Prints the API URL and demo keys and
 * writes them to .data/local.json for tools (demo, bench, curl).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { issueApiKey } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { repositoryRoot } from './functions';
import { startLocalStack } from './stack';

const dataDir = process.env.GOVFLOW_DATA_DIR ? resolve(process.env.GOVFLOW_DATA_DIR) : join(repositoryRoot, '.data');
const regionId = process.env.REGION_ID ?? 'wuhai';
const region = loadRegion(regionId);
// The partner-callback settings (retry schedule, attempt timeout) reach the functions from this shell.
const functionEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('CALLBACK_') && e[1] !== undefined));
const stack = await startLocalStack({ dataDir, regionId, functionEnv });

const partnerKeys = Object.fromEntries(region.partners.map((p) => [p.id, issueApiKey(stack.secrets.authSecret, { partnerId: p.id, role: 'partner' })]));
const apiKey = partnerKeys['hotline-12345'] ?? Object.values(partnerKeys)[0]!;
const operatorKey = issueApiKey(stack.secrets.authSecret, { partnerId: region.partners[0]!.id, role: 'operator' });
const dispatcherKey = issueApiKey(stack.secrets.authSecret, { partnerId: region.partners[0]!.id, role: 'dispatcher' });
// Demo users for every role: a supervisor, a grid worker, an analyst, staff of each department, mediators and centres.
const roleKeys = {
  dispatcher: dispatcherKey,
  supervisor: issueApiKey(stack.secrets.authSecret, { partnerId: 'supervision-office', role: 'supervisor' }),
  gridWorker: issueApiKey(stack.secrets.authSecret, { partnerId: 'grid-app', role: 'grid-worker' }),
  analyst: issueApiKey(stack.secrets.authSecret, { partnerId: 'analysis-office', role: 'analyst' }),
  operator: operatorKey,
};
const departmentKeys = Object.fromEntries(
  region.departments.map((d) => [d.id, issueApiKey(stack.secrets.authSecret, { partnerId: `staff-${d.id}`, role: 'department', departmentId: d.id })]),
);
// Every mediator and every centre's coordinator, and the directory's administrator.
const mediatorKeys = Object.fromEntries(
  region.mediation.mediators.map((m) => [m.id, issueApiKey(stack.secrets.authSecret, { partnerId: `mediator-${m.id}`, role: 'mediator', mediatorId: m.id })]),
);
const coordinatorKeys = Object.fromEntries(
  region.mediation.committees.map((c) => [c.id, issueApiKey(stack.secrets.authSecret, { partnerId: `centre-${c.id}`, role: 'coordinator', committeeId: c.id })]),
);
const administratorKey = issueApiKey(stack.secrets.authSecret, { partnerId: 'mediation-office', role: 'administrator' });
const info = {
  apiUrl: stack.apiUrl,
  apiKey,
  region: regionId,
  operatorKey,
  dispatcherKey,
  roleKeys,
  partnerKeys,
  departmentKeys,
  mediatorKeys,
  coordinatorKeys,
  administratorKey,
  endpoints: stack.endpoints,
  uploadBucket: stack.uploadBucket,
  tableNames: stack.tableNames,
  queueUrls: stack.queueUrls,
  dlqUrls: stack.dlqUrls,
};
writeFileSync(join(dataDir, 'local.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });

console.log(`govflow is running for ${region.name} (${regionId})`);
console.log(`  API       ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)`);
console.log(`  API key   ${apiKey}`);
console.log(`            partner hotline-12345; operator key and other partners' keys in .data/local.json`);
console.log(`  DynamoDB  ${stack.endpoints.dynamodb}   SQS ${stack.endpoints.sqs}`);
console.log(`  S3        ${stack.endpoints.s3}   bucket ${stack.uploadBucket} (files under ${join(dataDir, 'objects')})`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: draining queues…`);
  // The local SQS server keeps messages in memory: let in-flight work finish before it goes.
  const drained = await stack.drain(10_000);
  if (!drained) console.log('  some messages were still queued; outbox sweeps resend unfinished events on the next start');
  await stack.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
