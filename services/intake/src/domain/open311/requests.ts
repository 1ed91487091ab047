import {
  Open311RequestForm,
  SubmitRequestBody,
  type CaseStatus,
  type MinorCategory,
  type Open311ServiceRequest,
  type Open311Status,
  type Partner,
  type RegionConfig,
} from '@govflow/contracts';
import type { CaseRecord } from '../case';
import { Open311Rejection } from './rejection';
import { defaultKind, findService } from './services';

/** Fields a form may carry once; a second value would leave us guessing which the client meant. */
const formFieldLimit = 64;

/**
 * Reads an `application/x-www-form-urlencoded` body into fields, with `attribute[code]=v`
 * (and `attribute[code][]=v` for a list) gathered under `attribute`.
 */
export function readOpen311Form(raw: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const attribute: Record<string, string | string[]> = {};
  const problems: string[] = [];
  let count = 0;
  for (const [name, value] of new URLSearchParams(raw)) {
    if (++count > formFieldLimit) throw new Open311Rejection(400, [`a request has at most ${formFieldLimit} form fields`]);
    const attr = /^attribute\[([^\]]+)\](\[\])?$/.exec(name);
    if (attr) {
      const code = attr[1]!;
      if (attr[2]) attribute[code] = [...(Array.isArray(attribute[code]) ? attribute[code] : []), value];
      else if (code in attribute) problems.push(`attribute[${code}] is given more than once`);
      else attribute[code] = value;
    } else if (name in fields) problems.push(`${name} is given more than once`);
    // An empty field is an absent one ("a null parameter should be treated as a non-declared one").
    else if (value !== '') fields[name] = value;
  }
  if (problems.length) throw new Open311Rejection(400, problems);
  return { ...fields, attribute };
}

export interface Open311Submission {
  body: SubmitRequestBody;
  service: MinorCategory;
}

/** `jurisdiction_id` may be omitted (one endpoint, one region); given, it must name this region. */
export function checkJurisdiction(region: RegionConfig, jurisdictionId: string | undefined): void {
  if (jurisdictionId !== undefined && jurisdictionId !== '' && jurisdictionId !== region.id) {
    throw new Open311Rejection(404, [`jurisdiction_id ${jurisdictionId} not found: this endpoint serves ${region.id}`]);
  }
}

/**
 * An Open311 form as the request our own API takes: the service's name is the default
 * title (the classifier reads the title twice, so the citizen's choice weighs), the
 * partner's first channel the default channel, the grid the address_id.
 */
export function submissionOf(region: RegionConfig, partner: Partner, fields: Record<string, unknown>): Open311Submission {
  const parsed = Open311RequestForm.safeParse(fields);
  if (!parsed.success) {
    throw new Open311Rejection(400, parsed.error.issues.map((i) => (i.path.length ? `${formName(i.path)}: ${i.message}` : i.message)));
  }
  const form = parsed.data;
  checkJurisdiction(region, form.jurisdiction_id);
  const service = findService(region, form.service_code);
  if (!service) throw new Open311Rejection(404, [`service_code ${form.service_code} not found`]);
  // 王 + 晓明 → 王晓明; john + smith → john smith.
  const chinese = /[\u3400-\u9fff]/u.test(`${form.last_name ?? ''}${form.first_name ?? ''}`);
  const name = chinese ? [form.last_name, form.first_name].filter(Boolean).join('') : [form.first_name, form.last_name].filter(Boolean).join(' ');
  const reporter = name || form.phone || form.email ? { name: name || undefined, phone: form.phone, email: form.email } : undefined;
  const candidate = {
    channel: form.attribute.channel ?? partner.channels[0]!,
    kind: form.attribute.kind ?? defaultKind(service),
    title: form.attribute.title ?? service.name,
    description: form.description,
    location: {
      point: form.lat !== undefined && form.long !== undefined ? { lat: form.lat, lng: form.long } : undefined,
      address: form.address_string,
      gridId: form.address_id,
    },
    reporter,
    attachments: form.media_url ? [form.media_url] : [],
    externalId: form.attribute.external_id,
  };
  // The same rules as our own API's body, so nothing reaches intake that a JSON partner could not send.
  const checked = SubmitRequestBody.safeParse(JSON.parse(JSON.stringify(candidate)));
  if (!checked.success) throw new Open311Rejection(400, checked.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { body: checked.data, service };
}

function formName(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  return `${head}${rest.map((p) => `[${p}]`).join('')}`;
}

/** Our statuses that leave nothing for anyone to do on the request: handled, ended in mediation, or merged into another case. */
const closedStatuses: ReadonlySet<CaseStatus> = new Set([
  'resolved',
  'verified',
  'closed',
  'linked',
  'mediation-agreed',
  'mediation-declined',
  'referred-to-court',
  'mediation-withdrawn',
]);

export function open311Status(status: CaseStatus): Open311Status {
  return closedStatuses.has(status) ? 'closed' : 'open';
}

const statusNames: Record<CaseStatus, string> = {
  received: '已受理',
  classified: '已分类',
  triage: '待人工分拣',
  dispatched: '已派遣',
  'mediation-requested': '已转调解',
  'mediation-opened': '调解已登记',
  mediating: '调解中',
  'mediation-agreed': '已达成调解协议',
  'mediation-declined': '调解不予受理',
  'referred-to-court': '已移送法院',
  'mediation-withdrawn': '调解申请已撤回',
  signed: '已签收, 办理中',
  returned: '已退单, 重新派遣中',
  'extension-requested': '已申请延期',
  resolved: '已办结',
  verified: '已核验',
  closed: '已结案',
  linked: '重复件',
};

/** Our richer status in Chinese and the last step the case took (its history's last note). */
export function statusNotes(record: Pick<CaseRecord, 'status' | 'history'>): string {
  const name = statusNames[record.status];
  const note = record.history.at(-1)?.note;
  if (!note) return name;
  return note.startsWith(name) ? note : `${name}: ${note}`;
}

/**
 * A case as an Open311 request. Only masked text and no reporter field: what a client
 * fetches here it may publish (FixMyStreet shows reports on a public map).
 */
export function toOpen311Request(record: CaseRecord): Open311ServiceRequest {
  const updated = record.history.reduce((latest, h) => (h.at > latest ? h.at : latest), record.receivedAt);
  return {
    service_request_id: record.caseNumber,
    status: open311Status(record.status),
    status_notes: statusNotes(record),
    service_name: record.category?.minorName,
    service_code: record.category?.minor,
    description: record.description,
    agency_responsible: record.department?.name ?? record.mediation?.committeeName,
    requested_datetime: record.receivedAt,
    updated_datetime: updated,
    expected_datetime: record.deadline,
    address: record.location.address,
    address_id: record.location.gridId,
    lat: record.location.point?.lat,
    long: record.location.point?.lng,
    media_url: record.attachments[0],
  };
}
