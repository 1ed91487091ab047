import { describe, expect, it } from 'vitest';
import { caseStatuses, Open311ServiceDefinition, Open311ServiceList, Open311ServiceRequest, type Open311RequestQuery } from '@govflow/contracts';
import { loadRegion } from '@govflow/regions';
import { applyProgress, openCase } from '../src/domain/case';
import { inWindow, planListing } from '../src/domain/open311/query';
import { Open311Rejection } from '../src/domain/open311/rejection';
import { open311Status, readOpen311Form, submissionOf, toOpen311Request } from '../src/domain/open311/requests';
import { defaultKind, findService, open311ServiceDefinition, open311Services } from '../src/domain/open311/services';
import { toOpen311Xml } from '../src/domain/open311/xml';
import { specExamples, specRequestFields } from './fixtures/georeport-v2-examples';

const region = loadRegion('wuhai');
const hotline = region.partners.find((p) => p.id === 'hotline-12345')!;

/** XML as the specification's examples lay it out and as we do compare equal: whitespace around elements and text is layout. */
function normalise(xml: string): string {
  return xml
    .replace(/^<\?xml[^>]*\?>/i, (decl) => decl.toLowerCase())
    .replace(/>\s+/g, '>')
    .replace(/\s+</g, '<')
    .replace(/<([a-z_]+)><\/\1>/g, '<$1/>');
}

function rejection(run: () => unknown): Open311Rejection {
  try {
    run();
  } catch (error) {
    if (error instanceof Open311Rejection) return error;
    throw error;
  }
  throw new Error('expected an Open311Rejection');
}

describe('Open311 XML', () => {
  it.each(specExamples)('writes the specification’s $name example from its JSON', ({ root, json, xml }) => {
    expect(normalise(toOpen311Xml(root, json))).toBe(normalise(xml));
  });

  it('escapes markup and drops what XML 1.0 cannot carry', () => {
    const xml = toOpen311Xml('errors', [{ code: 400, description: 'a < b & c > d \u0000 \ud800 "quoted" 路灯' }]);
    expect(xml).toContain('<description>a &lt; b &amp; c &gt; d \ufffd \ufffd "quoted" 路灯</description>');
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<errors>')).toBe(true);
  });

  it('refuses a list it has no item element for, rather than inventing one', () => {
    expect(() => toOpen311Xml('things', { things: [1] })).toThrow(/no item element/);
  });
});

describe('Open311 services', () => {
  it('lists every minor category as a realtime service, grouped by its major, with its keywords', () => {
    const services = Open311ServiceList.parse(open311Services(region));
    expect(services).toHaveLength(region.taxonomy.minors.length);
    const streetlight = services.find((s) => s.service_code === 'urban-streetlight')!;
    expect(streetlight).toMatchObject({ service_name: '路灯照明', group: '城市管理与市政公用', metadata: true, type: 'realtime' });
    expect(streetlight.keywords.split(',')).toContain('路灯不亮');
    // The specification's field order, as its example lists it.
    expect(Object.keys(streetlight)).toEqual(Object.keys((specExamples[0]!.json as object[])[0]!));
  });

  it('defines the attributes our API needs and Open311 lacks, each optional with a default', () => {
    const definition = Open311ServiceDefinition.parse(open311ServiceDefinition(findService(region, 'urban-streetlight')!));
    expect(definition.attributes.map((a) => [a.code, a.required, a.order])).toEqual([
      ['kind', false, 1],
      ['title', false, 2],
      ['channel', false, 3],
      ['external_id', false, 4],
    ]);
    expect(definition.attributes[0]!.values?.map((v) => v.key)).toEqual(['inquiry', 'help', 'complaint', 'report', 'suggestion', 'dispute']);
    expect(defaultKind(findService(region, 'dispute-neighbour')!)).toBe('dispute');
    expect(defaultKind(findService(region, 'urban-streetlight')!)).toBe('complaint');
  });
});

/** The specification's example request, in our region: its fields, our service code and a place in 乌海. */
const exampleForm =
  'api_key=xyz&jurisdiction_id=wuhai&service_code=urban-streetlight&lat=39.6735&long=106.8283&address_string=%E6%B5%B7%E5%8B%83%E6%B9%BE%E5%8C%BA%E6%96%B0%E5%8D%8E%E8%A1%97%E9%81%93' +
  '&email=smit333%40example.org&device_id=tt222111&account_id=123456&first_name=john&last_name=smith&phone=13912345678' +
  '&description=A+large+sinkhole+is+destroying+the+street&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg' +
  '&attribute[WHISPAWN]=123456&attribute[WHISDORN]=COISL001';

describe('an Open311 request as our request', () => {
  it('reads the specification’s example form into the body POST /v1/requests takes', () => {
    const { body, service } = submissionOf(region, hotline, readOpen311Form(exampleForm));
    expect(service.code).toBe('urban-streetlight');
    expect(body).toEqual({
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '路灯照明',
      description: 'A large sinkhole is destroying the street',
      location: { point: { lat: 39.6735, lng: 106.8283 }, address: '海勃湾区新华街道' },
      reporter: { name: 'john smith', phone: '13912345678', email: 'smit333@example.org' },
      attachments: ['http://farm3.static.flickr.com/2002/2212426634_5ed477a060.jpg'],
    });
  });

  it('takes the attributes of the definition, a grid as address_id, and a Chinese name family name first', () => {
    const form = readOpen311Form(
      'service_code=dispute-neighbour&address_id=hbw-xh-yb-g1&description=%E9%82%BB%E5%B1%85%E6%BC%8F%E6%B0%B4&first_name=%E6%99%93%E6%98%8E&last_name=%E7%8E%8B' +
        '&attribute[title]=%E6%A5%BC%E4%B8%8A%E6%BC%8F%E6%B0%B4&attribute[channel]=web&attribute[external_id]=fms-42&attribute[multi][]=a&attribute[multi][]=b',
    );
    const { body } = submissionOf(region, hotline, form);
    expect(body).toMatchObject({ kind: 'dispute', title: '楼上漏水', channel: 'web', externalId: 'fms-42', location: { gridId: 'hbw-xh-yb-g1' }, reporter: { name: '王晓明' } });
  });

  it('refuses what it cannot file, one description per problem, with the specification’s statuses', () => {
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('lat=39.6&long=106.8')))).toMatchObject({
      status: 400,
      descriptions: ['service_code: service_code is required', 'description: description is required'],
    });
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-streetlight&description=x&lat=39.6'))).descriptions).toEqual([
      'lat: lat and long are sent together',
    ]);
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-streetlight&description=x'))).descriptions).toEqual([
      'address_string: a location is required: lat and long, address_string or address_id',
    ]);
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-nothing&description=x&address_string=y')))).toMatchObject({ status: 404 });
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('jurisdiction_id=city.gov&service_code=urban-streetlight&description=x&address_string=y')))).toMatchObject({
      status: 404,
      descriptions: ['jurisdiction_id city.gov not found: this endpoint serves wuhai'],
    });
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-streetlight&description=x&lat=91&long=0'))).status).toBe(400);
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form(`service_code=urban-streetlight&address_string=y&description=${'x'.repeat(4001)}`))).status).toBe(400);
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-streetlight&description=x&address_string=y&attribute[kind]=gossip'))).descriptions).toEqual([
      expect.stringMatching(/^attribute\[kind\]: /),
    ]);
    expect(rejection(() => readOpen311Form('service_code=a&service_code=b')).descriptions).toEqual(['service_code is given more than once']);
    expect(rejection(() => readOpen311Form(Array.from({ length: 65 }, (_, i) => `f${i}=1`).join('&'))).status).toBe(400);
  });

  it('reads attributes exactly: lists gathered, a repeated single refused, names that only look like attributes kept as fields, at most 64 fields', () => {
    expect(readOpen311Form('attribute[tags][]=a&attribute[tags][]=b&attribute[one]=x')).toEqual({ attribute: { tags: ['a', 'b'], one: 'x' } });
    expect(rejection(() => readOpen311Form('attribute[one]=x&attribute[one]=y')).descriptions).toEqual(['attribute[one] is given more than once']);
    expect(rejection(() => readOpen311Form('a=1&a=2&attribute[b]=1&attribute[b]=2'))).toMatchObject({ status: 400, descriptions: ['a is given more than once', 'attribute[b] is given more than once'] });
    expect(readOpen311Form('xattribute[a]=1&attribute[b]x=2')).toEqual({ 'xattribute[a]': '1', 'attribute[b]x': '2', attribute: {} });
    expect(readOpen311Form(Array.from({ length: 64 }, (_, i) => `f${i}=1`).join('&'))).toHaveProperty('f63', '1');
    expect(rejection(() => readOpen311Form(Array.from({ length: 65 }, (_, i) => `f${i}=1`).join('&'))).descriptions).toEqual(['a request has at most 64 form fields']);
  });

  it('takes a jurisdiction_id that names this region or is empty; names a Western reporter first name first; files no reporter when none is given', () => {
    const form = (extra: string) => readOpen311Form(`service_code=urban-streetlight&description=x&address_string=y${extra}`);
    expect(submissionOf(region, hotline, form('&jurisdiction_id=wuhai')).body.location).toEqual({ address: 'y' });
    expect(submissionOf(region, hotline, form('&jurisdiction_id=')).body.title).toBe('路灯照明');
    expect(submissionOf(region, hotline, form('&first_name=John&last_name=Smith')).body.reporter).toEqual({ name: 'John Smith' });
    expect(submissionOf(region, hotline, form('&last_name=Smith')).body.reporter).toEqual({ name: 'Smith' });
    expect(submissionOf(region, hotline, form('&last_name=%E7%8E%8B')).body.reporter).toEqual({ name: '王' });
    expect(submissionOf(region, hotline, form('')).body.reporter).toBeUndefined();
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-nothing&description=x&address_string=y'))).descriptions).toEqual(['service_code urban-nothing not found']);
    expect(rejection(() => submissionOf(region, hotline, readOpen311Form('service_code=urban-streetlight&description=x&long=106.8'))).descriptions).toContain('lat: lat and long are sent together');
  });

  it('treats an empty field as an absent one', () => {
    expect(readOpen311Form('service_code=x&email=&attribute[title]=t')).toEqual({ service_code: 'x', attribute: { title: 't' } });
  });
});

const received = () =>
  openCase({
    caseId: '7d3c1f0e-0000-4000-8000-000000000001',
    caseNumber: 'WH-20261124-000001',
    partnerId: 'hotline-12345',
    traceId: 't-1',
    body: {
      channel: 'hotline-12345',
      kind: 'complaint',
      title: '路灯照明',
      description: '路灯坏了, 电话 139****5678',
      location: { address: '海勃湾区新华街道', point: { lat: 39.6735, lng: 106.8283 } },
      reporter: { name: '张女士', phone: '13912345678', email: 'zhang@example.org' },
      attachments: ['https://example.org/p.jpg'],
    },
    receivedAt: new Date('2026-11-24T02:00:00Z'),
    phone: { sealed: 'v1.sealed', masked: '139****5678' },
    email: { sealed: 'v1.sealed-email', masked: 'z****@example.org' },
    text: { title: '路灯照明', description: '路灯坏了, 电话 139****5678', sealed: 'v1.sealed-text' },
  });

describe('a case as an Open311 request', () => {
  it('is open while anyone has to act, closed once handled, ended in mediation or merged', () => {
    const closed = caseStatuses.filter((s) => open311Status(s) === 'closed');
    expect(closed.sort()).toEqual(['closed', 'linked', 'mediation-agreed', 'mediation-declined', 'mediation-withdrawn', 'referred-to-court', 'resolved', 'verified']);
  });

  it('shows the id read to citizens, our status in notes, the department and the deadline, and no personal data', () => {
    const dispatched = applyProgress(applyProgress(received(), { kind: 'classified', at: '2026-11-24T02:00:01Z', major: 'urban', minor: 'urban-streetlight', minorName: '路灯照明' }), {
      kind: 'dispatched',
      at: '2026-11-24T02:00:02Z',
      departmentId: 'hbw-urban',
      departmentName: '海勃湾区城市管理局',
      deadline: '2026-12-15T10:00:00.000Z',
    });
    const request = Open311ServiceRequest.parse(toOpen311Request(dispatched));
    expect(request).toEqual({
      service_request_id: 'WH-20261124-000001',
      status: 'open',
      status_notes: '已派遣: 派遣至 海勃湾区城市管理局',
      service_name: '路灯照明',
      service_code: 'urban-streetlight',
      description: '路灯坏了, 电话 139****5678',
      agency_responsible: '海勃湾区城市管理局',
      requested_datetime: '2026-11-24T02:00:00.000Z',
      updated_datetime: '2026-11-24T02:00:02Z',
      expected_datetime: '2026-12-15T10:00:00.000Z',
      address: '海勃湾区新华街道',
      lat: 39.6735,
      long: 106.8283,
      media_url: 'https://example.org/p.jpg',
    });
    // In the specification's field order, so the XML reads like its examples.
    const keys = Object.keys(toOpen311Request(dispatched)).filter((k) => (request as Record<string, unknown>)[k] !== undefined);
    expect(keys).toEqual(specRequestFields.filter((f) => keys.includes(f)));
    const xml = toOpen311Xml('service_requests', [request]);
    for (const secret of ['13912345678', '张女士', 'zhang@example.org', 'z****@example.org', 'v1.sealed']) expect(xml + JSON.stringify(request)).not.toContain(secret);
  });

  it('says only the status when the last step has no note, and dates the update by the latest step whatever order they were recorded in', () => {
    const noted = { ...received(), history: [{ at: '2026-11-24T02:00:00.000Z', status: 'received' as const, note: '' }] };
    expect(toOpen311Request(noted).status_notes).toBe('已受理');
    const out = { ...received(), history: [{ at: '2026-11-24T05:00:00.000Z', status: 'received' as const, note: 'a' }, { at: '2026-11-24T03:00:00.000Z', status: 'received' as const, note: 'b' }] };
    expect(toOpen311Request(out).updated_datetime).toBe('2026-11-24T05:00:00.000Z');
    const noPoint = { ...received(), location: { address: '海勃湾区' } };
    expect(toOpen311Request(noPoint)).toMatchObject({ lat: undefined, long: undefined, address: '海勃湾区' });
  });

  it('says where a repeat went when it is merged', () => {
    const linked = applyProgress(received(), { kind: 'linked', at: '2026-11-24T02:00:01Z', originalCaseId: 'x', originalCaseNumber: 'WH-20261120-000007' });
    expect(toOpen311Request(linked)).toMatchObject({ status: 'closed', status_notes: '重复件: 已并入 WH-20261120-000007 办理' });
  });
});

describe('Open311 request lists', () => {
  const now = new Date('2026-11-27T00:00:00Z');
  const window = (query: Open311RequestQuery) => {
    const plan = planListing(query, now);
    if (plan.by !== 'window') throw new Error('expected a window');
    return plan;
  };

  it('default to the last 90 days and 1,000 requests', () => {
    const plan = window({});
    expect(plan.to).toEqual(now);
    expect(plan.from).toEqual(new Date('2026-08-29T00:00:00Z'));
    expect(plan.limit).toBe(1000);
  });

  it('run 90 days from a start date or up to an end date', () => {
    expect(window({ start_date: '2026-11-01T00:00:00+08:00' }).to).toEqual(new Date('2027-01-29T16:00:00Z'));
    expect(window({ start_date: '2026-06-01T00:00:00Z' }).to).toEqual(new Date('2026-08-30T00:00:00Z'));
    expect(window({ end_date: '2026-10-01T00:00:00Z' }).from).toEqual(new Date('2026-07-03T00:00:00Z'));
  });

  it('let service_request_id override every other filter', () => {
    expect(planListing({ service_request_id: 'WH-20261124-000001, WH-20261124-000002,WH-20261124-000001', status: 'bogus' }, now)).toEqual({
      by: 'ids',
      caseNumbers: ['WH-20261124-000001', 'WH-20261124-000002'],
    });
  });

  it('refuse a span over 90 days, dates without a zone, unknown statuses and too many ids', () => {
    expect(rejection(() => planListing({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-11-01T00:00:00Z' }, now)).descriptions).toEqual([
      'start_date and end_date may be at most 90 days apart',
    ]);
    expect(rejection(() => planListing({ start_date: '2026-11-01T00:00:00', status: 'open,pending' }, now)).descriptions).toEqual([
      'start_date must be a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00+08:00',
      'status pending is not open or closed',
    ]);
    expect(rejection(() => planListing({ start_date: '2026-11-20T00:00:00Z', end_date: '2026-11-10T00:00:00Z' }, now)).status).toBe(400);
    expect(rejection(() => planListing({ service_request_id: Array.from({ length: 101 }, (_, i) => `WH-20261124-${String(i).padStart(6, '0')}`).join(',') }, now)).status).toBe(400);
  });

  it('keep a case requested inside the window, of a named service and status', () => {
    const record = { ...received(), category: { major: 'urban' as const, minor: 'urban-streetlight', minorName: '路灯照明' } };
    expect(inWindow(record, window({}))).toBe(true);
    expect(inWindow(record, window({ service_code: 'urban-streetlight,urban-road', status: 'open' }))).toBe(true);
    expect(inWindow(record, window({ service_code: 'urban-road' }))).toBe(false);
    expect(inWindow(record, window({ status: 'closed' }))).toBe(false);
    expect(inWindow(record, window({ start_date: '2026-11-25T00:00:00Z' }))).toBe(false);
    expect(inWindow(received(), window({ service_code: 'urban-streetlight' }))).toBe(false);
  });
});
