import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseView, DisputeRegistered, DisputeView, KpiReport, ReportSummary, SubmitAccepted } from '@govflow/contracts';
import { startLocalStack } from '@govflow/local/stack';
import { roles, type Caller } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { routes } from '@govflow/infra/manifest';
import { call, eventually, type Stack } from './harness';

/**
 * Issue 12, "nobody where they don't belong": every route of the manifest × every role × own/other,
 * against the whole local system. The expected answers are the README's API table (the written
 * policy), cell by cell. Conventions written down here:
 *
 * - `none` is a request without a key: 401, except the OpenAPI document, which is public.
 * - `revoked` is the hotline's key after the administrator revoked it: 401 the same way.
 * - Partners send their key from the key store; every other role sends a staff token from the
 *   issuer, whose claims carry its role and jurisdiction (ADR 0012).
 * - Open311 routes (ADR 0007) take the key as the `api_key` query or form field and answer in the
 *   specification's format: no key, or a refused one (revoked), is 403 there, and its services are
 *   public. A token travels in no `api_key`: there every staff column sends a key the administrator
 *   issued for that role and scope (`npm run keys -- issue --role …`), checked against the key store.
 * - A role the route is not for gets 403, before anything is looked up, so it learns nothing.
 * - One case, work order or dispute that the caller may not see (another partner's, another
 *   department's, a dispute a mediator or centre never held, or any of them for a role that sees
 *   none) is 404: its existence is not the caller's to learn. A caller who may see it but may not
 *   take the step gets 403.
 * - Lists and reports outside the caller's scope (another department's inbox, another centre's
 *   queue, a grouping outside the scope) are 403: the query names the scope, nothing is revealed.
 * - Every staff token (and staff key) names the subject's owner partner as its principal id
 *   (`hotline-12345`, or the scoped partner's), so a role that leans on the partner id instead of
 *   the role shows up as a wrong cell.
 * - State-changing cells that should succeed each get their own fresh fixture, and refused ones
 *   change nothing, so the order of the cells does not matter.
 *
 * The scoped partner is `hbw-wechat` (海勃湾区's own service account, area `hbw`): it submits only
 * cases located in 海勃湾区.
 */
const policy = `
route                                               | subject                                                  |  none revoked partner dispatcher department supervisor analyst grid-worker mediator coordinator administrator operator
GET  /v1/openapi.json                               | public                                                   |  200   200   200      200        200       200       200      200        200      200         200          200
GET  /v1/taxonomy                                   | any key                                                  |  401   401   200      200        200       200       200      200        200      200         200          200
POST /v1/requests                                   | on the partner's own channel                             |  401   401   202      403        403       403       403      403        403      403         403          403
POST /v1/requests                                   | on another partner's channel                             |  401   401   403      403        403       403       403      403        403      403         403          403
POST /v1/requests                                   | scoped partner, located inside its area                  |  401   401   202      403        403       403       403      403        403      403         403          403
POST /v1/requests                                   | scoped partner, located outside its area                 |  401   401   403      403        403       403       403      403        403      403         403          403
GET  /v1/requests/{caseId}                          | hotline case, own partner                                |  401   401   200      404        404       404       404      404        404      404         404          200
GET  /v1/requests/{caseId}                          | hotline case, another partner                            |  401   401   404      404        404       404       404      404        404      404         404          200
GET  /v1/requests/{caseId}                          | grid-app case, own partner                               |  401   401   200      404        404       404       404      404        404      404         404          200
GET  /v1/requests/{caseId}                          | case in the scoped partner's area, not its own           |  401   401   404      404        404       404       404      404        404      404         404          200
GET  /v1/partners/me/callbacks                      | its own callbacks                                        |  401   401   200      403        403       403       403      403        403      403         403          403
POST /v1/partners/me/callbacks                      | a receiver on this machine                               |  401   401   201      403        403       403       403      403        403      403         403          403
DELETE /v1/partners/me/callbacks/{callbackId}       | its own callback                                         |  401   401   204      403        403       403       403      403        403      403         403          403
DELETE /v1/partners/me/callbacks/{callbackId}       | another partner's callback                               |  401   401   404      403        403       403       403      403        403      403         403          403
POST /v1/partners/me/callbacks/{callbackId}/rotate-secret | its own callback                                   |  401   401   200      403        403       403       403      403        403      403         403          403
POST /v1/partners/me/callbacks/{callbackId}/rotate-secret | another partner's callback                         |  401   401   404      403        403       403       403      403        403      403         403          403
GET  /v1/partners/me/deliveries                     | its failed deliveries                                    |  401   401   200      403        403       403       403      403        403      403         403          403
POST /v1/partners/me/deliveries/{deliveryId}/redeliver | a delivery that is not its own                        |  401   401   404      403        403       403       403      403        403      403         403          403
POST /v1/uploads                                    | a case photo                                             |  401   401   201      403        403       403       403      403        403      403         403          403
POST /v1/uploads                                    | a work-order photo                                       |  401   401   403      403        201       403       403      403        403      403         403          201
POST /v1/uploads                                    | dispute evidence                                         |  401   401   403      403        403       403       403      403        201      403         403          201
GET  /v1/requests                                   | own cases changed in the last hour                       |  401   401   200      403        403       403       403      403        403      403         403          200
POST /v1/requests/{caseId}/reveal                   | hotline case, with a reason                              |  401   401   403      403        403       403       403      403        403      403         403          200
GET  /v1/audit/reveals                              | this month                                               |  401   401   403      403        403       403       403      403        403      403         200          200
GET  /v1/triage                                     | the triage list                                          |  401   401   403      200        403       403       403      403        403      403         403          200
POST /v1/cases/{caseId}/classification              | a case waiting in triage                                 |  401   401   403      200        403       403       403      403        403      403         403          200
GET  /v1/workorders                                 | own department's inbox                                   |  401   401   403      200        200       200       403      403        403      403         403          200
GET  /v1/workorders                                 | another department's inbox                               |  401   401   403      200        403       200       403      403        403      403         403          200
GET  /v1/workorders/{caseId}                        | own partner, own department                              |  401   401   200      200        200       200       404      200        404      404         404          200
GET  /v1/workorders/{caseId}                        | another partner, another department                      |  401   401   404      200        404       200       404      200        404      404         404          200
POST /v1/workorders/{caseId}/actions                | sign, own partner, own department                        |  401   401   403      403        200       403       404      403        404      404         404          200
POST /v1/workorders/{caseId}/actions                | sign, another partner, another department                |  401   401   404      403        404       403       404      403        404      404         404          200
POST /v1/workorders/{caseId}/actions                | transfer, own partner, own department                    |  401   401   403      200        403       403       404      403        404      404         404          200
GET  /v1/reports/kpis                               | the region by district                                   |  401   401   403      200        403       200       200      403        403      403         403          200
GET  /v1/reports/kpis                               | by channel                                               |  401   401   200      200        403       200       200      403        403      403         403          200
GET  /v1/reports/kpis                               | by department                                            |  401   401   403      200        200       200       200      403        403      403         403          200
GET  /v1/reports/kpis                               | scoped partner, by channel                               |  401   401   200      200        403       200       200      403        403      403         403          200
GET  /v1/reports/summary                            | totals                                                   |  401   401   200      200        200       200       200      403        403      403         403          200
GET  /v1/reports/assessment                         | this month                                               |  401   401   403      200        403       200       200      403        403      403         403          200
GET  /v1/reports/topics                             | this month                                               |  401   401   403      200        403       200       200      403        403      403         403          200
GET  /v1/reports/warnings                           | this month                                               |  401   401   403      200        403       200       200      403        403      403         403          200
POST /v1/reports/warnings/{warningId}/acknowledgement | a dispute-risk warning                                 |  401   401   403      403        403       200       403      403        403      403         403          200
GET  /v1/reports/daily/{date}                       | today's report                                           |  401   401   403      200        403       200       200      403        403      403         403          200
POST /v1/disputes                                   | through the partner                                      |  401   401   201      403        403       403       403      403        201      201         403          201
POST /v1/disputes                                   | scoped partner, located inside its area                  |  401   401   201      403        403       403       403      403        201      201         403          201
POST /v1/disputes                                   | scoped partner, located outside its area                 |  401   401   403      403        403       403       403      403        201      201         403          201
GET  /v1/disputes/{disputeId}                       | own partner, holding mediator, its centre                |  401   401   200      404        404       200       404      404        200      200         404          200
GET  /v1/disputes/{disputeId}                       | another partner, another mediator, another centre        |  401   401   404      404        404       200       404      404        404      404         404          200
GET  /v1/disputes/{disputeId}                       | registered by an operator whose key names the partner    |  401   401   404      404        404       200       404      404        200      200         404          200
POST /v1/disputes/{disputeId}/actions               | extend, own partner, holding mediator, its centre        |  401   401   403      404        404       403       404      404        200      200         404          200
POST /v1/disputes/{disputeId}/actions               | extend, another partner, another mediator, another centre |  401   401   404      404        404       403       404      404        404      404         404          200
POST /v1/disputes/{disputeId}/actions               | withdraw, own partner, holding mediator, its centre      |  401   401   200      404        404       403       404      404        200      200         404          200
GET  /v1/disputes/{disputeId}/documents/{document}  | own partner, holding mediator, its centre                |  401   401   200      404        404       200       404      404        200      200         404          200
GET  /v1/disputes/{disputeId}/documents/{document}  | another partner, another mediator, another centre        |  401   401   404      404        404       200       404      404        404      404         404          200
GET  /v1/disputes                                   | its own centre's queue                                   |  401   401   403      403        403       200       403      403        200      200         403          200
GET  /v1/disputes                                   | another centre's queue                                   |  401   401   403      403        403       200       403      403        200      403         403          200
GET  /v1/disputes                                   | docket of a mediator of its own centre                   |  401   401   403      403        403       200       403      403        200      200         403          200
GET  /v1/disputes                                   | docket of a mediator of another centre                   |  401   401   403      403        403       200       403      403        403      403         403          200
GET  /v1/mediators                                  | its own centre                                           |  401   401   403      403        403       200       403      403        403      200         200          200
GET  /v1/mediators                                  | another centre                                           |  401   401   403      403        403       200       403      403        403      403         200          200
GET  /v1/mediators/{mediatorId}                     | a mediator of its own centre                             |  401   401   403      403        403       200       403      403        403      200         200          200
GET  /v1/mediators/{mediatorId}                     | a mediator of another centre                             |  401   401   403      403        403       200       403      403        403      404         200          200
PUT  /v1/mediators/{mediatorId}                     | an existing mediator, unchanged                          |  401   401   403      403        403       403       403      403        403      403         200          200
GET  /open311/v2/services.json                      | public                                                   |  200   200   200      200        200       200       200      200        200      200         200          200
GET  /open311/v2/services.xml                       | public                                                   |  200   200   200      200        200       200       200      200        200      200         200          200
GET  /open311/v2/services/{service}                 | public                                                   |  200   200   200      200        200       200       200      200        200      200         200          200
POST /open311/v2/requests.json                      | on the partner's own channel                             |  403   403   200      403        403       403       403      403        403      403         403          403
POST /open311/v2/requests.xml                       | scoped partner, located outside its area                 |  403   403   403      403        403       403       403      403        403      403         403          403
GET  /open311/v2/requests.json                      | own cases                                                |  403   403   200      403        403       403       403      403        403      403         403          200
GET  /open311/v2/requests.xml                       | own cases                                                |  403   403   200      403        403       403       403      403        403      403         403          200
GET  /open311/v2/requests/{request}                 | hotline case, own partner                                |  403   403   200      404        404       404       404      404        404      404         404          200
GET  /open311/v2/requests/{request}                 | hotline case, another partner                            |  403   403   404      404        404       404       404      404        404      404         404          200
GET  /open311/v2/tokens/{token}                     | hotline case, own partner                                |  403   403   200      404        404       404       404      404        404      404         404          200
GET  /open311/v2/tokens/{token}                     | hotline case, another partner                            |  403   403   404      404        404       404       404      404        404      404         404          200
`;

const columns = ['none', 'revoked', ...roles] as const;
type Column = (typeof columns)[number];

interface Row {
  route: string;
  subject: string;
  expected: Record<Column, number>;
}

function parsePolicy(text: string): Row[] {
  const [header, ...lines] = text.trim().split('\n');
  const headings = header!.split('|')[2]!.trim().split(/\s+/);
  expect(headings).toEqual([...columns]);
  return lines.map((line) => {
    const [route, subject, cells] = line.split('|').map((s) => s.trim());
    const values = cells!.split(/\s+/).map(Number);
    expect(values, line).toHaveLength(columns.length);
    return { route: route!.replace(/\s+/, ' '), subject: subject!, expected: Object.fromEntries(columns.map((c, i) => [c, values[i]!])) as Record<Column, number> };
  });
}

/** Whose the subject is: the partner column's partner, the owner's id every other key carries, and the scoped roles' own ids. */
interface Who {
  partner: string;
  owner: string;
  department: string;
  mediator: string;
  coordinator: string;
}

interface Cell {
  who: Who;
  path: string;
  body?: object;
}

/** Builds one cell's request; `allowed` says the policy expects success, so a state-changing subject makes a fresh fixture. */
type Subject = (allowed: boolean) => Promise<Cell> | Cell;

const region = loadRegion('wuhai');
const scopedPartner = region.partners.find((p) => p.areaId !== region.id)!;
const villages = region.grids.filter((g) => g.id.endsWith('-g1')).map((g) => g.villageId);
const cursors = new Map<string, number>();
/** A village not used before for this kind of fixture (the same words at the same place would be linked as a repeat). */
function village(kind: 'case' | 'dispute', district?: string): string {
  const pool = villages.filter((v) => !district || v.startsWith(`${district}-`));
  const key = `${kind}|${district ?? '*'}`;
  const n = cursors.get(key) ?? 0;
  cursors.set(key, n + 1);
  // Disputes and cases each walk their own pool; the district pools start from the other end so they do not meet the city-wide walk.
  return district ? pool[pool.length - 1 - (n % pool.length)]! : pool[n % pool.length]!;
}

let stack: Stack;
let serial = 0;
let revokedKey: string;

beforeAll(async () => {
  stack = await startLocalStack({ inMemory: true, port: 0, sweepIntervalMs: 300 });
  const issued = await stack.keys.issue({ partnerId: 'hotline-12345', role: 'partner' }, { label: 'revoked before use' });
  await stack.keys.revoke({ partnerId: 'hotline-12345', keyId: issued.record.keyId });
  revokedKey = issued.key;
});

afterAll(async () => {
  await stack?.stop();
});

/** The staff's keys for Open311, one per role and scope, issued into the key store as an administrator would. */
const staffKeys = new Map<string, Promise<string>>();
function staffKey(caller: Caller): Promise<string> {
  const id = JSON.stringify(caller);
  if (!staffKeys.has(id)) staffKeys.set(id, stack.keys.issue(caller, { label: 'authorization matrix' }).then((issued) => issued.key));
  return staffKeys.get(id)!;
}

/**
 * The credential of one column: a partner key from the key store for the partner column, a staff
 * token from the local issuer for every other role (its subject the subject's owner, as above);
 * on Open311 routes a staff key with the same scopes instead of the token.
 */
async function keyOf(column: Column, who: Who, open311 = false): Promise<string | undefined> {
  const staff = (scopes: Omit<Caller, 'partnerId'>) => (open311 ? staffKey({ partnerId: who.owner, ...scopes }) : stack.issueToken({ partnerId: who.owner, ...scopes }));
  switch (column) {
    case 'none':
      return undefined;
    case 'revoked':
      return revokedKey;
    case 'partner':
      return stack.partnerKeys[who.partner];
    case 'department':
      return staff({ role: 'department', departmentId: who.department });
    case 'mediator':
      return staff({ role: 'mediator', mediatorId: who.mediator });
    case 'coordinator':
      return staff({ role: 'coordinator', committeeId: who.coordinator });
    default:
      return staff({ role: column });
  }
}

const operator = () => stack.issueToken({ partnerId: 'hotline-12345', role: 'operator' });
const partnerKey = (partnerId: string) => stack.partnerKeys[partnerId]!;

function streetlight(villageId: string, channel = 'hotline-12345') {
  return {
    channel,
    kind: 'complaint',
    title: '小区路灯坏了',
    description: '小区门口的路灯不亮一个多月了，晚上黑灯瞎火的，请尽快维修。',
    location: { gridId: `${villageId}-g1` },
    reporter: { name: '张女士', phone: '13912345678' },
  };
}

/** The streetlight complaint as an Open311 form (the key is added by `send`). */
function open311Form(villageId: string) {
  return { service_code: 'urban-streetlight', address_id: `${villageId}-g1`, description: '小区门口的路灯不亮一个多月了，晚上黑灯瞎火的，请尽快维修。' };
}

async function submitted(partnerId: string, body: object): Promise<string> {
  const res = await call<SubmitAccepted>(stack, partnerKey(partnerId), 'POST', '/v1/requests', body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.caseId;
}

/** A hotline case in 海勃湾区, dispatched to its department. */
async function dispatchedCase(): Promise<{ caseId: string; departmentId: string }> {
  const caseId = await submitted('hotline-12345', streetlight(village('case', 'hbw')));
  const view = await eventually(async () => {
    const res = await call<CaseView>(stack, operator(), 'GET', `/v1/requests/${caseId}`);
    return res.body.status === 'dispatched' && res.body.department ? res.body : undefined;
  }, 30_000, `case ${caseId} to be dispatched`);
  // The work order is the dispatch service's; wait until it answers too.
  await eventually(async () => ((await call(stack, operator(), 'GET', `/v1/workorders/${caseId}`)).status === 200 ? true : undefined), 30_000, 'the work order');
  return { caseId, departmentId: view.department!.id };
}

/** Words the taxonomy does not know: the classifier sends them to triage. */
async function triageCase(): Promise<string> {
  const caseId = await submitted('hotline-12345', {
    channel: 'hotline-12345',
    kind: 'complaint',
    title: `蜂巢挂在窗外${++serial}`,
    description: '窗户外面挂了一个马蜂窝，马蜂飞进屋里，孩子被蛰了',
    location: { gridId: `${village('case')}-g1` },
  });
  await eventually(async () => ((await call<CaseView>(stack, operator(), 'GET', `/v1/requests/${caseId}`)).body.status === 'triage' ? true : undefined), 30_000, 'triage');
  return caseId;
}

function dispute(villageId: string, riskFlags: string[] = []) {
  const n = ++serial;
  return {
    source: 'counter',
    type: 'neighbour',
    title: '楼上漏水',
    narrative: '楼上卫生间漏水把我家天花板泡坏了，多次找他协商不理睬。',
    parties: [
      // Parties are known by their numbers: the same two would be linked to the open dispute.
      { role: 'applicant', kind: 'person', name: `王秀英${n}`, phone: `1391234${String(n).padStart(4, '0')}`, channel: 'own-channel' },
      { role: 'respondent', kind: 'person', name: `赵建国${n}`, phone: `1369876${String(n).padStart(4, '0')}` },
    ],
    location: { gridId: `${villageId}-g1` },
    consentToMediate: true,
    riskFlags,
  };
}

/** A dispute registered through the hotline (or by the given key), assigned to a mediator at its village committee. */
async function registeredDispute(riskFlags: string[] = [], key = partnerKey('hotline-12345')): Promise<{ disputeId: string; mediatorId: string; centreId: string }> {
  const res = await call<DisputeRegistered>(stack, key, 'POST', '/v1/disputes', dispute(village('dispute', 'hbw'), riskFlags));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const view = await call<DisputeView>(stack, operator(), 'GET', `/v1/disputes/${res.body.disputeId}`);
  expect(view.body.status, JSON.stringify(view.body)).toBe('assigned');
  return { disputeId: res.body.disputeId, mediatorId: view.body.mediator!.id, centreId: view.body.centre.id };
}

/**
 * One request; bodies are read as JSON only when they are JSON (the daily report and documents are Markdown).
 * Open311 routes get the key as Open311 clients send it (`api_key`), a body form-encoded, and must refuse in the
 * specification's format (a list of {code, description}); every other route in problem+json.
 */
async function send(key: string | undefined, method: string, path: string, body?: object): Promise<{ status: number; contentType: string; problem?: { title?: string; detail?: string }; errorFormatOk: boolean }> {
  const open311 = path.startsWith('/open311/');
  const url = open311 && key && method === 'GET' ? `${path}${path.includes('?') ? '&' : '?'}api_key=${key}` : path;
  const response = await fetch(`${stack.apiUrl}${url}`, {
    method,
    headers: {
      ...(key && !open311 ? { authorization: `Bearer ${key}` } : {}),
      ...(body === undefined ? {} : { 'content-type': open311 ? 'application/x-www-form-urlencoded' : 'application/json' }),
    },
    body: body === undefined ? undefined : open311 ? new URLSearchParams({ ...(body as Record<string, string>), ...(key ? { api_key: key } : {}) }).toString() : JSON.stringify(body),
  });
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  if (open311) {
    const xml = contentType.startsWith('text/xml');
    const errors =
      response.status < 400
        ? undefined
        : xml
          ? [...text.matchAll(/<error>\s*<code>(\d+)<\/code>\s*<description>([^<]*)<\/description>\s*<\/error>/g)].map((m) => ({ code: Number(m[1]), description: m[2]! }))
          : contentType.startsWith('application/json')
            ? (JSON.parse(text) as { code: number; description: string }[])
            : undefined;
    const errorFormatOk = response.status < 400 || (Array.isArray(errors) && errors.length > 0 && errors.every((e) => e.code === response.status && typeof e.description === 'string'));
    return { status: response.status, contentType, problem: errors ? { title: errors.map((e) => e.description).join('; ') } : undefined, errorFormatOk };
  }
  const problem = contentType.includes('json') && response.status >= 400 ? (JSON.parse(text) as { title?: string; detail?: string }) : undefined;
  return { status: response.status, contentType, problem, errorFormatOk: response.status < 400 || contentType.startsWith('application/problem+json') };
}

const thisMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('authorization matrix: every route × every role × own/other, as the README says', () => {
  it('answers every cell as written', async () => {
    const rows = parsePolicy(policy);
    const manifest = routes.map((r) => `${r.method} ${r.path}`);
    // Every route of the manifest is in the table, and the table names no other.
    expect([...new Set(rows.map((r) => r.route))].sort()).toEqual([...manifest].sort());

    // Shared fixtures, built through the API. Refused cells change nothing, so they share these.
    const otherPartner = 'petition';
    const [hotlineCase, triageShared, triageFresh1, triageFresh2] = await Promise.all([dispatchedCase(), triageCase(), triageCase(), triageCase()]);
    const triagePool = [triageFresh1, triageFresh2];
    const otherDepartment = region.departments.find((d) => d.id !== hotlineCase.departmentId && d.id.startsWith('wd-'))!.id;
    const hotlineNumber = (await call<CaseView>(stack, operator(), 'GET', `/v1/requests/${hotlineCase.caseId}`)).body.caseNumber;
    const gridCase = await submitted('grid-app', { ...streetlight(village('case'), 'grid-worker-app'), reporter: { name: '李师傅', phone: '13812345678' } });
    const held = await registeredDispute();
    const accepted = await call<DisputeView>(stack, stack.issueToken({ partnerId: 'x', role: 'mediator', mediatorId: held.mediatorId }), 'POST', `/v1/disputes/${held.disputeId}/actions`, { type: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const byOperator = await registeredDispute([], operator());
    const otherCentre = 'wd-centre';
    const otherMediator = region.mediation.mediators.find((m) => m.committeeId === otherCentre)!.id;
    const testMediator = { name: '测试调解员', committeeId: 'city-centre', specialties: ['*'], capacity: 1, active: false };
    expect((await call(stack, operator(), 'PUT', '/v1/mediators/authz-matrix', testMediator)).status).toBe(201);
    await stack.invoke('reporting-daily', { 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date(Date.now() + 86_400_000).toISOString(), detail: {} });
    await eventually(async () => ((await send(operator(), 'GET', `/v1/reports/daily/${today()}`)).status === 200 ? true : undefined), 30_000, 'the daily report');

    const own: Who = { partner: 'hotline-12345', owner: 'hotline-12345', department: hotlineCase.departmentId, mediator: held.mediatorId, coordinator: held.centreId };
    const other: Who = { partner: otherPartner, owner: 'hotline-12345', department: otherDepartment, mediator: otherMediator, coordinator: otherCentre };
    const scoped: Who = { ...own, partner: scopedPartner.id, owner: scopedPartner.id };

    /** A risk-flagged dispute and the warning reporting raised for it. */
    async function riskWarning(): Promise<string> {
      const d = await registeredDispute(['violence']);
      return eventually(async () => {
        const res = await call<{ items: { warningId: string; subject: { disputeId?: string; caseId?: string } }[] }>(stack, operator(), 'GET', '/v1/reports/warnings?kind=dispute-risk');
        return res.body.items.find((w) => w.subject.disputeId === d.disputeId || w.subject.caseId === d.disputeId)?.warningId;
      }, 30_000, 'the dispute-risk warning');
    }
    const sharedWarning = await riskWarning();

    // Callbacks that ask only for a step none of these cases takes, at a port nothing answers on.
    const quietCallback = { url: 'http://127.0.0.1:9/none', events: ['mediation.breached'] };
    async function callback(partnerId: string): Promise<string> {
      const res = await call<{ id: string }>(stack, partnerKey(partnerId), 'POST', '/v1/partners/me/callbacks', quietCallback);
      expect(res.status).toBe(201);
      return res.body.id;
    }
    const [ownCallback, otherCallback] = await Promise.all([callback(own.partner), callback(other.partner)]);

    const fresh = {
      order: async (allowed: boolean) => (allowed ? dispatchedCase() : hotlineCase),
      dispute: async (allowed: boolean) => (allowed ? registeredDispute() : held),
    };

    const subjects: Record<string, Record<string, Subject>> = {
      'GET /v1/openapi.json': { public: () => ({ who: own, path: '/v1/openapi.json' }) },
      'GET /v1/taxonomy': { 'any key': () => ({ who: own, path: '/v1/taxonomy' }) },
      'GET /open311/v2/services.json': { public: () => ({ who: own, path: '/open311/v2/services.json' }) },
      'GET /open311/v2/services.xml': { public: () => ({ who: own, path: '/open311/v2/services.xml' }) },
      'GET /open311/v2/services/{service}': { public: () => ({ who: own, path: '/open311/v2/services/urban-streetlight.json' }) },
      'POST /open311/v2/requests.json': {
        "on the partner's own channel": () => ({ who: own, path: '/open311/v2/requests.json', body: open311Form(village('case', 'wd')) }),
      },
      'POST /open311/v2/requests.xml': {
        'scoped partner, located outside its area': () => ({ who: scoped, path: '/open311/v2/requests.xml', body: open311Form(village('case', 'wd')) }),
      },
      'GET /open311/v2/requests.json': { 'own cases': () => ({ who: own, path: '/open311/v2/requests.json?status=open' }) },
      'GET /open311/v2/requests.xml': { 'own cases': () => ({ who: own, path: `/open311/v2/requests.xml?service_request_id=${hotlineNumber}` }) },
      'GET /open311/v2/requests/{request}': {
        'hotline case, own partner': () => ({ who: own, path: `/open311/v2/requests/${hotlineNumber}.json` }),
        'hotline case, another partner': () => ({ who: other, path: `/open311/v2/requests/${hotlineNumber}.json` }),
      },
      'GET /open311/v2/tokens/{token}': {
        'hotline case, own partner': () => ({ who: own, path: `/open311/v2/tokens/${hotlineCase.caseId}.json` }),
        'hotline case, another partner': () => ({ who: other, path: `/open311/v2/tokens/${hotlineCase.caseId}.json` }),
      },
      'POST /v1/uploads': {
        'a case photo': () => ({ who: own, path: '/v1/uploads', body: { purpose: 'case-photo', contentType: 'image/jpeg', size: 1000, fileName: 'a.jpg' } }),
        'a work-order photo': () => ({ who: own, path: '/v1/uploads', body: { purpose: 'workorder-photo', contentType: 'image/jpeg', size: 1000, fileName: 'a.jpg' } }),
        'dispute evidence': () => ({ who: own, path: '/v1/uploads', body: { purpose: 'dispute-evidence', contentType: 'application/pdf', size: 1000, fileName: 'a.pdf' } }),
      },
      'POST /v1/requests': {
        "on the partner's own channel": () => ({ who: own, path: '/v1/requests', body: streetlight(village('case', 'wd')) }),
        "on another partner's channel": () => ({ who: other, path: '/v1/requests', body: streetlight(village('case', 'wd')) }),
        'scoped partner, located inside its area': () => ({ who: scoped, path: '/v1/requests', body: streetlight(village('case', scopedPartner.areaId), 'wechat') }),
        'scoped partner, located outside its area': () => ({ who: scoped, path: '/v1/requests', body: streetlight(village('case', 'wd'), 'wechat') }),
      },
      'GET /v1/requests/{caseId}': {
        'hotline case, own partner': () => ({ who: own, path: `/v1/requests/${hotlineCase.caseId}` }),
        'hotline case, another partner': () => ({ who: other, path: `/v1/requests/${hotlineCase.caseId}` }),
        'grid-app case, own partner': () => ({ who: { ...own, partner: 'grid-app', owner: 'grid-app' }, path: `/v1/requests/${gridCase}` }),
        "case in the scoped partner's area, not its own": () => ({ who: scoped, path: `/v1/requests/${hotlineCase.caseId}` }),
      },
      'GET /v1/requests': {
        'own cases changed in the last hour': () => ({ who: own, path: `/v1/requests?partnerId=${own.partner}&changedSince=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}` }),
      },
      'GET /v1/partners/me/callbacks': { 'its own callbacks': () => ({ who: own, path: '/v1/partners/me/callbacks' }) },
      'POST /v1/partners/me/callbacks': { 'a receiver on this machine': () => ({ who: own, path: '/v1/partners/me/callbacks', body: quietCallback }) },
      'DELETE /v1/partners/me/callbacks/{callbackId}': {
        'its own callback': async (allowed) => ({ who: own, path: `/v1/partners/me/callbacks/${allowed ? await callback(own.partner) : ownCallback}` }),
        "another partner's callback": () => ({ who: own, path: `/v1/partners/me/callbacks/${otherCallback}` }),
      },
      'POST /v1/partners/me/callbacks/{callbackId}/rotate-secret': {
        'its own callback': () => ({ who: own, path: `/v1/partners/me/callbacks/${ownCallback}/rotate-secret` }),
        "another partner's callback": () => ({ who: own, path: `/v1/partners/me/callbacks/${otherCallback}/rotate-secret` }),
      },
      'GET /v1/partners/me/deliveries': { 'its failed deliveries': () => ({ who: own, path: '/v1/partners/me/deliveries?state=failed' }) },
      'POST /v1/partners/me/deliveries/{deliveryId}/redeliver': {
        'a delivery that is not its own': () => ({ who: own, path: `/v1/partners/me/deliveries/${otherCallback}.${hotlineCase.caseId}/redeliver` }),
      },
      'POST /v1/requests/{caseId}/reveal': {
        'hotline case, with a reason': () => ({ who: own, path: `/v1/requests/${hotlineCase.caseId}/reveal`, body: { fields: ['reporter.phone'], reason: '回访核实' } }),
      },
      'GET /v1/audit/reveals': { 'this month': () => ({ who: own, path: `/v1/audit/reveals?month=${new Date().toISOString().slice(0, 7)}` }) },
      'GET /v1/triage': { 'the triage list': () => ({ who: own, path: '/v1/triage' }) },
      'POST /v1/cases/{caseId}/classification': {
        'a case waiting in triage': (allowed) => ({ who: own, path: `/v1/cases/${allowed ? triagePool.pop()! : triageShared}/classification`, body: { minor: 'safety-emergency' } }),
      },
      'GET /v1/workorders': {
        "own department's inbox": () => ({ who: own, path: `/v1/workorders?departmentId=${own.department}` }),
        "another department's inbox": () => ({ who: own, path: `/v1/workorders?departmentId=${otherDepartment}` }),
      },
      'GET /v1/workorders/{caseId}': {
        'own partner, own department': () => ({ who: own, path: `/v1/workorders/${hotlineCase.caseId}` }),
        'another partner, another department': () => ({ who: other, path: `/v1/workorders/${hotlineCase.caseId}` }),
      },
      'POST /v1/workorders/{caseId}/actions': {
        'sign, own partner, own department': async (allowed) => {
          const c = await fresh.order(allowed);
          return { who: { ...own, department: c.departmentId }, path: `/v1/workorders/${c.caseId}/actions`, body: { type: 'sign' } };
        },
        'sign, another partner, another department': () => ({ who: other, path: `/v1/workorders/${hotlineCase.caseId}/actions`, body: { type: 'sign' } }),
        'transfer, own partner, own department': async (allowed) => {
          const c = await fresh.order(allowed);
          return { who: { ...own, department: c.departmentId }, path: `/v1/workorders/${c.caseId}/actions`, body: { type: 'transfer', departmentId: otherDepartment, reason: '属地不符' } };
        },
      },
      'GET /v1/reports/kpis': {
        'the region by district': () => ({ who: own, path: '/v1/reports/kpis?groupBy=district' }),
        'by channel': () => ({ who: own, path: '/v1/reports/kpis?groupBy=channel' }),
        'by department': () => ({ who: own, path: '/v1/reports/kpis?groupBy=department' }),
        'scoped partner, by channel': () => ({ who: scoped, path: '/v1/reports/kpis?groupBy=channel' }),
      },
      'GET /v1/reports/summary': { totals: () => ({ who: own, path: '/v1/reports/summary' }) },
      'GET /v1/reports/assessment': { 'this month': () => ({ who: own, path: `/v1/reports/assessment?month=${thisMonth()}` }) },
      'GET /v1/reports/topics': { 'this month': () => ({ who: own, path: `/v1/reports/topics?month=${thisMonth()}` }) },
      'GET /v1/reports/warnings': { 'this month': () => ({ who: own, path: `/v1/reports/warnings?month=${thisMonth()}` }) },
      'POST /v1/reports/warnings/{warningId}/acknowledgement': {
        'a dispute-risk warning': async (allowed) => ({ who: own, path: `/v1/reports/warnings/${allowed ? await riskWarning() : sharedWarning}/acknowledgement`, body: {} }),
      },
      'GET /v1/reports/daily/{date}': { "today's report": () => ({ who: own, path: `/v1/reports/daily/${today()}` }) },
      'POST /v1/disputes': {
        'through the partner': () => ({ who: own, path: '/v1/disputes', body: dispute(village('dispute', 'hn')) }),
        'scoped partner, located inside its area': () => ({ who: scoped, path: '/v1/disputes', body: dispute(village('dispute', scopedPartner.areaId)) }),
        'scoped partner, located outside its area': () => ({ who: scoped, path: '/v1/disputes', body: dispute(village('dispute', 'wd')) }),
      },
      'GET /v1/disputes/{disputeId}': {
        'own partner, holding mediator, its centre': () => ({ who: own, path: `/v1/disputes/${held.disputeId}` }),
        'another partner, another mediator, another centre': () => ({ who: other, path: `/v1/disputes/${held.disputeId}` }),
        'registered by an operator whose key names the partner': () => ({ who: { ...own, mediator: byOperator.mediatorId, coordinator: byOperator.centreId }, path: `/v1/disputes/${byOperator.disputeId}` }),
      },
      'POST /v1/disputes/{disputeId}/actions': {
        'extend, own partner, holding mediator, its centre': async (allowed) => {
          const d = await fresh.dispute(allowed);
          return { who: { ...own, mediator: d.mediatorId, coordinator: d.centreId }, path: `/v1/disputes/${d.disputeId}/actions`, body: { type: 'extend', days: 5, reason: '当事人外出务工' } };
        },
        'extend, another partner, another mediator, another centre': async (allowed) => {
          const d = await fresh.dispute(allowed);
          return { who: other, path: `/v1/disputes/${d.disputeId}/actions`, body: { type: 'extend', days: 5, reason: '当事人外出务工' } };
        },
        'withdraw, own partner, holding mediator, its centre': async (allowed) => {
          const d = await fresh.dispute(allowed);
          return { who: { ...own, mediator: d.mediatorId, coordinator: d.centreId }, path: `/v1/disputes/${d.disputeId}/actions`, body: { type: 'withdraw', reason: '双方已自行和解' } };
        },
      },
      'GET /v1/disputes/{disputeId}/documents/{document}': {
        'own partner, holding mediator, its centre': () => ({ who: own, path: `/v1/disputes/${held.disputeId}/documents/acceptance-notice` }),
        'another partner, another mediator, another centre': () => ({ who: other, path: `/v1/disputes/${held.disputeId}/documents/acceptance-notice` }),
      },
      'GET /v1/disputes': {
        "its own centre's queue": () => ({ who: own, path: `/v1/disputes?centreId=${held.centreId}` }),
        "another centre's queue": () => ({ who: own, path: `/v1/disputes?centreId=${otherCentre}` }),
        'docket of a mediator of its own centre': () => ({ who: own, path: `/v1/disputes?mediatorId=${held.mediatorId}` }),
        'docket of a mediator of another centre': () => ({ who: own, path: `/v1/disputes?mediatorId=${otherMediator}` }),
      },
      'GET /v1/mediators': {
        'its own centre': () => ({ who: own, path: `/v1/mediators?committeeId=${held.centreId}` }),
        'another centre': () => ({ who: own, path: `/v1/mediators?committeeId=${otherCentre}` }),
      },
      'GET /v1/mediators/{mediatorId}': {
        'a mediator of its own centre': () => ({ who: own, path: `/v1/mediators/${held.mediatorId}` }),
        'a mediator of another centre': () => ({ who: own, path: `/v1/mediators/${otherMediator}` }),
      },
      'PUT /v1/mediators/{mediatorId}': {
        'an existing mediator, unchanged': () => ({ who: own, path: '/v1/mediators/authz-matrix', body: testMediator }),
      },
    };

    const cells = rows.flatMap((row) => columns.map((column) => ({ row, column })));
    const mismatches: string[] = [];
    async function run({ row, column }: (typeof cells)[number]) {
      const build = subjects[row.route]?.[row.subject];
      if (!build) {
        mismatches.push(`${row.route} | ${row.subject}: no request written for this subject`);
        return;
      }
      const expected = row.expected[column];
      const cell = await build(expected >= 200 && expected < 300);
      const method = row.route.split(' ')[0]!;
      const res = await send(await keyOf(column, cell.who, cell.path.startsWith('/open311/')), method, cell.path, cell.body).catch((error: unknown) => ({ status: -1, contentType: '', problem: { title: String(error), detail: undefined }, errorFormatOk: false }));
      const where = `${row.route} | ${row.subject} | ${column}`;
      const why = res.problem?.title ? ` (${res.problem.title}${res.problem.detail ? `: ${res.problem.detail}` : ''})` : '';
      if (res.status !== expected) mismatches.push(`${where}: expected ${expected}, got ${res.status}${why}`);
      else if (!res.errorFormatOk) mismatches.push(`${where}: ${res.status} is not in the route's error format (${res.contentType})`);
    }
    // A few cells at a time: the machine is shared, and fresh fixtures go through the pipeline.
    const queue = [...cells];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        for (let cell = queue.shift(); cell; cell = queue.shift()) await run(cell);
      }),
    );
    if (mismatches.length > 0) console.error(`${mismatches.length} of ${cells.length} cells differ from the policy:\n${mismatches.join('\n')}`);
    expect(mismatches).toEqual([]);
  }, 300_000);

  it('shows a scoped partner its own cases, located in its area, and nothing of the rest of the city', async () => {
    const inside = await submitted(scopedPartner.id, streetlight(village('case', scopedPartner.areaId), 'wechat'));
    const key = partnerKey(scopedPartner.id);
    const kpis = await eventually(async () => {
      const res = await call<KpiReport>(stack, key, 'GET', '/v1/reports/kpis?groupBy=channel');
      return res.status === 200 && res.body.total.received >= 1 ? res.body : undefined;
    }, 30_000, 'reporting to count the scoped partner’s case');
    expect(kpis.scope).toEqual({ dimension: 'channel', values: ['wechat'] });
    expect(kpis.groups.map((g) => g.key)).toEqual(['wechat']);
    const summary = await eventually(async () => {
      const res = await call<ReportSummary>(stack, key, 'GET', '/v1/reports/summary');
      // Until every case of its own is placed (a dispute's place arrives with a later event).
      return res.status === 200 && res.body.total >= 1 && !('unknown' in res.body.byDistrict) ? res.body : undefined;
    }, 30_000, 'the summary to count it, placed');
    // Every case it sees is its own, in 海勃湾区: the city's other cases are not in its totals.
    expect(Object.keys(summary.byDistrict)).toEqual([scopedPartner.areaId]);
    expect((await call<CaseView>(stack, key, 'GET', `/v1/requests/${inside}`)).status).toBe(200);
  }, 120_000);
});
