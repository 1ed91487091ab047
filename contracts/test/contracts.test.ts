import { describe, expect, it } from 'vitest';
import {
  allEvents,
  CaseListQuery,
  caseNumberPattern,
  caseNoticeIssuedV1,
  caseReceivedV1,
  emissions,
  makeEvent,
  sendsTo,
  parseEvent,
  subscribersOf,
  subscriptions,
  SubmitRequestBody,
  UnknownEventError,
} from '../src';
import { routes } from '@govflow/infra/manifest';
import { buildOpenApiDocument } from '../src/openapi';

const received = {
  eventId: 'e-1',
  type: 'case.received',
  version: 1,
  occurredAt: '2026-11-24T02:00:00.000Z',
  region: 'wuhai',
  caseId: 'c-1',
  traceId: 't-1',
  payload: {
    caseNumber: 'WH-20261124-000001',
    partnerId: 'hotline-12345',
    channel: 'hotline-12345',
    kind: 'complaint',
    title: '路灯不亮',
    description: '路灯坏了',
    location: { address: '人民路' },
    receivedAt: '2026-11-24T02:00:00.000Z',
    attachmentCount: 0,
  },
};

describe('event envelope', () => {
  it('parses an event its consumer accepts', () => {
    const event = parseEvent(JSON.stringify(received), [caseReceivedV1]);
    expect(event.payload.caseNumber).toBe('WH-20261124-000001');
  });

  it('rejects an unknown version, an unknown type and a broken payload', () => {
    expect(() => parseEvent(JSON.stringify({ ...received, version: 2 }), [caseReceivedV1])).toThrow(UnknownEventError);
    expect(() => parseEvent(JSON.stringify({ ...received, type: 'case.vanished' }), [caseReceivedV1])).toThrow(UnknownEventError);
    const broken = { ...received, payload: { ...received.payload, channel: 'carrier-pigeon' } };
    expect(() => parseEvent(JSON.stringify(broken), [caseReceivedV1])).toThrow();
    expect(() => parseEvent('{not json', [caseReceivedV1])).toThrow(SyntaxError);
  });

  it('fails when a published contract loses a field', () => {
    const { caseNumber: _dropped, ...payload } = received.payload;
    expect(() => parseEvent(JSON.stringify({ ...received, payload }), [caseReceivedV1])).toThrow();
  });

  it('routes every event to at least reporting', () => {
    for (const contract of allEvents) {
      expect(subscribersOf({ type: contract.type, payload: {} })).toContain('reporting');
    }
    expect(subscriptions.dispatch).toEqual(['case.received']);
  });

  it('has one producing stage for every event, and the queues a stage sends to follow from what it emits', () => {
    const producers = (type: string) => (Object.keys(emissions) as (keyof typeof emissions)[]).filter((stage) => emissions[stage].includes(type));
    for (const contract of allEvents) expect(producers(contract.type), contract.type).toHaveLength(1);
    // Intake's acceptance also goes to the partner-callbacks queue, and its notices only there.
    expect(sendsTo('intake')).toEqual(['dispatch', 'reporting', 'callbacks']);
    expect(subscribersOf({ type: caseNoticeIssuedV1.type, payload: {} })).toEqual(['callbacks']);
    // A case of a partner without a callback endpoint is not sent to the callbacks queue; one made before the field still is.
    expect(subscribersOf({ type: 'case.received', payload: { partnerListens: false } })).toEqual(['dispatch', 'reporting']);
    expect(subscribersOf({ type: 'case.received', payload: { partnerListens: true } })).toEqual(['dispatch', 'reporting', 'callbacks']);
    expect(subscribersOf({ type: 'case.received', payload: {} })).toEqual(['dispatch', 'reporting', 'callbacks']);
    expect(emissions.intake).toContain(caseNoticeIssuedV1.type);
    expect(sendsTo('dispatch')).toEqual(['intake', 'mediation', 'reporting']);
    expect(sendsTo('mediation')).toEqual(['intake', 'reporting']);
    expect(sendsTo('reporting')).toEqual([]);
  });

  it('makes only events its contract accepts', () => {
    const fields = { region: 'wuhai', caseId: 'c1', traceId: 't1', occurredAt: new Date('2026-11-27T00:00:00Z') };
    const event = makeEvent(caseReceivedV1, { ...fields, payload: parseEvent(JSON.stringify(received), [caseReceivedV1]).payload });
    expect(event).toMatchObject({ type: 'case.received', version: 1, caseId: 'c1', occurredAt: '2026-11-27T00:00:00.000Z' });
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => makeEvent(caseReceivedV1, { ...fields, payload: {} as never })).toThrow();
  });
});

describe('partner API schemas', () => {
  const valid = {
    channel: 'mini-program',
    kind: 'help',
    title: '求助',
    description: '老人走失',
    location: { point: { lat: 39.67, lng: 106.82 } },
  };

  it('accept a minimal request and default attachments', () => {
    expect(SubmitRequestBody.parse(valid).attachments).toEqual([]);
  });

  it('reject unknown fields, unknown channels and a location with nothing in it', () => {
    expect(SubmitRequestBody.safeParse({ ...valid, extra: 1 }).success).toBe(false);
    expect(SubmitRequestBody.safeParse({ ...valid, channel: 'fax' }).success).toBe(false);
    expect(SubmitRequestBody.safeParse({ ...valid, location: {} }).success).toBe(false);
    expect(SubmitRequestBody.safeParse({ ...valid, title: '   ' }).success).toBe(false);
  });

  it('generate an OpenAPI document with every route', () => {
    const doc = buildOpenApiDocument() as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    // Every route the deployment serves is documented, with its method, and nothing else is.
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods as object).map((m) => `${m.toUpperCase()} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['SubmitRequest', 'Case', 'Problem', 'ReportSummary', 'KpiReport', 'Rate', 'AssessmentReport', 'WarningList', 'TopicList']));
  });

  it('document a 401 problem on every route behind the authorizer, which takes a partner key or a staff token (partner keys alone where only partners may call)', () => {
    const doc = buildOpenApiDocument() as {
      paths: Record<string, Record<string, { security?: object[]; 'x-roles'?: string[]; responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    for (const route of routes.filter((r) => !r.public)) {
      const operation = doc.paths[route.path]![route.method.toLowerCase()]!;
      const partnersOnly = operation['x-roles']?.every((role) => role === 'partner');
      expect(operation.security, `${route.method} ${route.path}`).toEqual(partnersOnly ? [{ partnerKey: [] }] : [{ partnerKey: [] }, { staffToken: [] }]);
      expect(Object.keys(operation.responses['401']?.content ?? {}), `${route.method} ${route.path}`).toEqual(['application/problem+json']);
    }
  });
});

describe('the partner list and the case number', () => {
  it('takes the number read to citizens where a case id goes, and nothing else that looks like it', () => {
    expect(caseNumberPattern.test('WH-20261124-000042')).toBe(true);
    expect(caseNumberPattern.test('12ea08a8-307b-446a-acbc-f3b7ac029114')).toBe(false);
    expect(caseNumberPattern.test('WH-2026112-000042')).toBe(false);
    expect(caseNumberPattern.test('wh-20261124-000042')).toBe(false);
  });

  it('lists by exactly one of externalId and changedSince, 1 to 100 at a time', () => {
    expect(CaseListQuery.safeParse({ externalId: 'crm-1' }).success).toBe(true);
    expect(CaseListQuery.safeParse({ changedSince: '2026-11-27T00:00:00Z', limit: '100' }).success).toBe(true);
    expect(CaseListQuery.safeParse({}).success).toBe(false);
    expect(CaseListQuery.safeParse({ externalId: 'crm-1', changedSince: '2026-11-27T00:00:00Z' }).success).toBe(false);
    expect(CaseListQuery.safeParse({ changedSince: 'yesterday' }).success).toBe(false);
    expect(CaseListQuery.safeParse({ externalId: 'crm-1', limit: '101' }).success).toBe(false);
  });
});
