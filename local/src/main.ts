/**
 * `npm start`: the whole system on this machine. Prints the API URL and a demo partner key and
 * writes the partners' keys and demo staff tokens to .data/local.json for tools (demo, bench, curl).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRegion } from '@govflow/regions';
import { demoStaffTokens } from './demo-keys';
import { repositoryRoot } from './functions';
import { startLocalStack } from './stack';

const dataDir = process.env.GOVFLOW_DATA_DIR ? resolve(process.env.GOVFLOW_DATA_DIR) : join(repositoryRoot, '.data');
const regionId = process.env.REGION_ID ?? 'wuhai';
const region = loadRegion(regionId);
// The partner-callback settings (retry schedule, attempt timeout) reach the functions from this shell.
const functionEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('CALLBACK_') && e[1] !== undefined));
const stack = await startLocalStack({ dataDir, regionId, functionEnv }).catch((error: NodeJS.ErrnoException) => {
  // The usual cause: another `npm start` (or anything else) already serves the API's port.
  if (error.code === 'EADDRINUSE') console.error(`The API's port is taken (${error.message}): stop what holds it, or start on another, PORT=3100 npm start`);
  else console.error(error);
  process.exit(1);
});

// Partner systems hold keys (seeded in the key store); staff sign in: demo users' tokens from the local issuer.
const { partnerKeys } = stack;
const apiKey = partnerKeys['hotline-12345'] ?? Object.values(partnerKeys)[0]!;
const staffTokens = demoStaffTokens(region, stack.issueToken);
const info = {
  apiUrl: stack.apiUrl,
  apiKey,
  region: regionId,
  partnerKeys,
  tokenIssuer: stack.issuer.issuerUrl,
  staffTokens,
  endpoints: stack.endpoints,
  uploadBucket: stack.uploadBucket,
  tableNames: stack.tableNames,
  queueUrls: stack.queueUrls,
  dlqUrls: stack.dlqUrls,
};
writeFileSync(join(dataDir, 'local.json'), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });

console.log(`govflow is running for ${region.name} (${regionId})`);
console.log(`  API       ${stack.apiUrl}   (OpenAPI: ${stack.apiUrl}/v1/openapi.json)`);
console.log(`  Console   ${stack.apiUrl}/console/   (sign in as a demo user from the list)`);
console.log(`  API key   ${apiKey}`);
console.log(`            partner hotline-12345; other partners' keys and demo staff tokens in .data/local.json`);
console.log(`  Staff     tokens from ${stack.issuer.issuerUrl} (npm run token -- --role dispatcher); keys: npm run keys -- list`);
console.log(`  DynamoDB  ${stack.endpoints.dynamodb}   SQS ${stack.endpoints.sqs}`);
console.log(`  S3        ${stack.endpoints.s3}   bucket ${stack.uploadBucket} (files under ${join(dataDir, 'objects')})`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: draining queues…`);
  // Let in-flight work finish, so a restart has little to take up again.
  const drained = await stack.drain(10_000);
  if (!drained) console.log('  some work was still in flight; the queues and streams are kept on disk, and it goes on at the next start');
  await stack.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
