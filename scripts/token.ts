/**
 * `npm run token -- --role dispatcher [--department <id>] [--mediator <id>] [--committee <id>] [--sub <user>] [--ttl <seconds>]`
 *
 * A staff token from the local system's issuer (what a sign-in to the region's user pool gives
 * in AWS): signed with the issuer key in .data/, for the issuer that `npm start` serves. Use it as
 * `Authorization: Bearer <token>`.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { Caller } from '@govflow/platform';
import { defaultTokenSeconds, issuerKeyPath, LocalIssuer } from '@govflow/local/issuer';
import { readLocalInfo } from './local-client';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    department: { type: 'string' },
    mediator: { type: 'string' },
    committee: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: String(defaultTokenSeconds) },
  },
});

const info = readLocalInfo();
const dataDir = resolve(process.env.GOVFLOW_DATA_DIR ?? '.data');
if (!info.tokenIssuer || !existsSync(issuerKeyPath(dataDir))) throw new Error('no local issuer yet: start the system with `npm start`');
const caller = Caller.parse({
  partnerId: values.sub ?? `${values.role}-${values.department ?? values.mediator ?? values.committee ?? 'demo'}`,
  role: values.role,
  departmentId: values.department,
  mediatorId: values.mediator,
  committeeId: values.committee,
});
console.log(new LocalIssuer(info.tokenIssuer, dataDir).issueToken(caller, { ttlSeconds: Number(values.ttl) }));
