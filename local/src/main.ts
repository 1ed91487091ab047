/**
 * `npm start`: the whole system on this machine. Prints the API URL and a demo key and
 * writes the partners' keys and demo staff tokens to .data/local.json for tools (demo, bench, curl).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRegion } from '@govflow/regions';
import { repositoryRoot } from './functions';
import { startLocalStack } from './stack';

const dataDir = process.env.GOVFLOW_DATA_DIR ? resolve(process.env.GOVFLOW_DATA_DIR) : join(repositoryRoot, '.data');
const regionId = process.env.REGION_ID ?? 'wuhai';
const region = loadRegion(regionId);
const stack = await startLocalStack({ dataDir, regionId });

// Partner systems hold keys (seeded in the key store); staff sign in: demo users' tokens from the local issuer.
const { partnerKeys } = stack;
const apiKey = partnerKeys['hotline-12345'] ?? Object.values(partnerKeys)[0]!;
const token = stack.issueToken;
const staffTokens = {
  operator: token({ partnerId: 'operator-demo', role: 'operator' }),
  dispatcher: token({ partnerId: 'dispatcher-demo', role: 'dispatcher' }),
  supervisor: token({ partnerId: 'supervisor-demo', role: 'supervisor' }),
  gridWorker: token({ partnerId: 'grid-worker-demo', role: 'grid-worker' }),
  analyst: token({ partnerId: 'analyst-demo', role: 'analyst' }),
  administrator: token({ partnerId: 'administrator-demo', role: 'administrator' }),
  departments: Object.fromEntries(region.departments.map((d) => [d.id, token({ partnerId: `staff-${d.id}`, role: 'department', departmentId: d.id })])),
  mediators: Object.fromEntries(region.mediation.mediators.map((m) => [m.id, token({ partnerId: `mediator-${m.id}`, role: 'mediator', mediatorId: m.id })])),
  coordinators: Object.fromEntries(region.mediation.committees.map((c) => [c.id, token({ partnerId: `centre-${c.id}`, role: 'coordinator', committeeId: c.id })])),
};
const info = {
  apiUrl: stack.apiUrl,
  apiKey,
  region: regionId,
  partnerKeys,
  tokenIssuer: stack.issuer.issuerUrl,
  staffTokens,
  endpoints: stack.endpoints,
  tableNames: stack.tableNames,
  queueUrls: stack.queueUrls,
  dlqUrls: stack.dlqUrls,
};
writeFileSync(join(dataDir, 'local.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });

console.log(`govflow is running for ${region.name} (${regionId})`);
console.log(`  API       ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)`);
console.log(`  API key   ${apiKey}`);
console.log(`            partner hotline-12345; other partners' keys and demo staff tokens in .data/local.json`);
console.log(`  Staff     tokens from ${stack.issuer.issuerUrl} (npm run token -- --role dispatcher); keys: npm run keys -- list`);
console.log(`  DynamoDB  ${stack.endpoints.dynamodb}   SQS ${stack.endpoints.sqs}`);
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
