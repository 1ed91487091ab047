/**
 * `npm run keys -- issue | list | revoke | rotate`: the administrator's partner keys.
 *
 *   issue  --partner <id> [--role partner] [--department <id>] [--mediator <id>] [--committee <id>] [--label <text>]
 *   list   [--partner <id>]
 *   revoke --partner <id> [--key <keyId>]        (without --key: every key of the partner)
 *   rotate --partner <id> --key <keyId> [--grace <seconds>]   (default grace: 7 days)
 *
 * A key is printed once, when issued; the store keeps only its SHA-256 and scopes. Against the
 * local system (`npm start`) it reads the table and the signing secret from .data/; against AWS
 * give `--table <intake table name> --auth-secret-arn <arn>`, with credentials in the environment
 * as usual. The gateway's authorizer caches its answers (5 minutes): a revocation is refused from
 * the next cache miss on.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Caller, DynamoKeyStore, KeyAdministration, keyState, loadAuthSecret, type KeyRecord } from '@govflow/platform';
import { readLocalInfo } from './local-client';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    partner: { type: 'string' },
    role: { type: 'string', default: 'partner' },
    department: { type: 'string' },
    mediator: { type: 'string' },
    committee: { type: 'string' },
    label: { type: 'string' },
    key: { type: 'string' },
    grace: { type: 'string', default: String(7 * 86_400) },
    table: { type: 'string' },
    'auth-secret-arn': { type: 'string' },
  },
});

async function administration(): Promise<KeyAdministration> {
  if (values.table) {
    const authSecret = await loadAuthSecret({ AUTH_SECRET_ARN: values['auth-secret-arn'] });
    return new KeyAdministration(new DynamoKeyStore(DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } }), values.table), authSecret);
  }
  const info = readLocalInfo();
  if (!info.endpoints || !info.tableNames?.intake) throw new Error('.data/local.json names no table: start the system with `npm start`');
  const authSecret = readFileSync(resolve(process.env.GOVFLOW_DATA_DIR ?? '.data', 'keys', 'auth.key'), 'utf8').trim();
  const client = new DynamoDBClient({ endpoint: info.endpoints.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return new KeyAdministration(new DynamoKeyStore(DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), info.tableNames.intake), authSecret);
}

function partner(): string {
  if (!values.partner) throw new Error('name the partner: --partner <id>');
  return values.partner;
}

function describe(r: KeyRecord, now: Date): string {
  const scope = r.departmentId ?? r.mediatorId ?? r.committeeId ?? '';
  const until = r.validUntil ? ` until ${r.validUntil}` : '';
  return [r.partnerId.padEnd(22), r.keyId.padEnd(24), r.role.padEnd(13), scope.padEnd(14), `${keyState(r, now)}${until}`.padEnd(40), r.issuedAt, r.label ?? ''].join(' ');
}

const admin = await administration();
const now = new Date();
switch (positionals[0]) {
  case 'issue': {
    const scopes = Caller.parse({ partnerId: partner(), role: values.role, departmentId: values.department, mediatorId: values.mediator, committeeId: values.committee });
    const { key, record } = await admin.issue(scopes, { label: values.label });
    console.log(`issued ${record.keyId} for ${record.partnerId} (${record.role}); the key, shown this once:\n${key}`);
    break;
  }
  case 'list': {
    const records = await admin.list(values.partner);
    console.log(['partner'.padEnd(22), 'key id'.padEnd(24), 'role'.padEnd(13), 'scope'.padEnd(14), 'state'.padEnd(40), 'issued', 'label'].join(' '));
    for (const r of records.sort((a, b) => a.partnerId.localeCompare(b.partnerId) || a.issuedAt.localeCompare(b.issuedAt))) console.log(describe(r, now));
    break;
  }
  case 'revoke': {
    const revoked = await admin.revoke({ partnerId: partner(), keyId: values.key }, now);
    console.log(revoked.length ? `revoked ${revoked.map((r) => r.keyId).join(', ')}` : 'nothing to revoke');
    break;
  }
  case 'rotate': {
    if (!values.key) throw new Error('name the key to rotate: --key <keyId>');
    const grace = Number(values.grace);
    if (!Number.isFinite(grace) || grace < 0) throw new Error('--grace is a number of seconds');
    const { key, record, old } = await admin.rotate({ partnerId: partner(), keyId: values.key }, grace, now);
    console.log(`rotated ${old.keyId} → ${record.keyId}; the old key works until ${old.validUntil}. The new key, shown this once:\n${key}`);
    break;
  }
  default:
    console.error('usage: npm run keys -- issue|list|revoke|rotate [--partner <id>] [--key <keyId>] … (see scripts/keys.ts)');
    process.exitCode = 2;
}
