/**
 * `npm run key -- --partner <id> [--role partner|dispatcher|…] [--department <id>] [--mediator <id>] [--committee <id>] [--region wuhai]`
 *
 * Issues an API key for a partner system (or a staff role) of a region: an HMAC of its
 * claims under the region's signing secret, read from AUTH_SECRET, or in AWS from the
 * Secrets Manager secret AUTH_SECRET_ARN names (the messaging stack's AuthSigningSecret).
 * A partner must be one the region's data lists (regions/<id>/partners.json).
 */
import { parseArgs } from 'node:util';
import { issueApiKey, loadAuthSecret, Role } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';

const { values } = parseArgs({
  options: {
    partner: { type: 'string' },
    role: { type: 'string', default: 'partner' },
    department: { type: 'string' },
    mediator: { type: 'string' },
    committee: { type: 'string' },
    region: { type: 'string', default: 'wuhai' },
  },
});
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const role = Role.safeParse(values.role);
if (!role.success) fail(`--role is one of: ${Role.options.join(', ')}`);
if (!values.partner) fail('name the holder: --partner <id> (for a partner system, its id in the region data)');
const region = loadRegion(values.region);
if (role.data === 'partner' && !region.partners.some((p) => p.id === values.partner)) {
  fail(`no partner ${values.partner} in region ${region.id}: add it to regions/${region.id}/partners.json (and deploy) first`);
}
const secret = await loadAuthSecret(process.env);
console.log(issueApiKey(secret, { partnerId: values.partner, role: role.data, departmentId: values.department, mediatorId: values.mediator, committeeId: values.committee }));
