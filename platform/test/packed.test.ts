import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  bodyDictionaries,
  dispatchRecordDictionary,
  disputeDictionary,
  eventsDictionary,
  intakeCaseDictionary,
  packBody,
  packedEvents,
  reportingRecordDictionary,
  unpackBody,
  unpackedItem,
} from '../src';

/** A dispatch record as a closed work order leaves it (made-up values, the real shape). */
const dispatchRecord = {
  caseId: '5d0f1c9e-8f5b-4a43-9f51-0d6c2f1b7a10',
  caseNumber: 'XA-20261127-000042',
  partnerId: 'mini-program-xian',
  status: 'dispatched',
  category: { major: 'urban', minor: 'urban-road-damage', minorName: '道路破损', confidence: 0.93, by: 'classifier' },
  workOrder: {
    workOrderId: 'WO-XA-20261127-000042',
    partnerId: 'mini-program-xian',
    status: 'closed',
    sequence: 4,
    departmentId: 'xa-roads-bureau',
    departmentName: '碑林区市政道路管理所',
    coHandlerIds: [],
    signDeadline: '2026-11-28T03:12:09.511Z',
    resolveDeadline: '2026-12-09T09:30:00.000Z',
    signHours: 24,
    resolveWorkingDays: 10,
    returnCount: 0,
    reopenCount: 0,
    escalated: false,
    clockStartedAt: '2026-11-27T03:12:09.511Z',
    audit: [
      { at: '2026-11-27T05:40:00.120Z', by: { id: 'staff-xa-roads-bureau', role: 'department' }, action: 'sign', from: 'dispatched', to: 'signed' },
      { at: '2026-11-30T08:02:13.004Z', by: { id: 'staff-xa-roads-bureau', role: 'department' }, action: 'resolve', from: 'signed', to: 'resolved', reason: '已修补路面坑洞' },
      { at: '2026-12-01T01:15:45.880Z', by: { id: 'grid-app', role: 'grid-worker' }, action: 'verify', from: 'resolved', to: 'verified' },
      { at: '2026-12-01T06:33:02.319Z', by: { id: 'mini-program-xian', role: 'partner' }, action: 'rate', from: 'verified', to: 'closed', reason: 'satisfied' },
    ],
    result: '已修补路面坑洞',
    rating: 'satisfied',
  },
  jurisdiction: { gridId: 'xa-bl-03-g2', villageId: 'xa-bl-03', townId: 'xa-bl', districtId: 'xa', resolvedBy: 'grid-id' },
  request: {
    region: 'xian',
    caseId: '5d0f1c9e-8f5b-4a43-9f51-0d6c2f1b7a10',
    caseNumber: 'XA-20261127-000042',
    traceId: '0b7e2d8c-51c4-4f7e-b0a5-9e2a7c3d6f11',
    partnerId: 'mini-program-xian',
    kind: 'complaint',
    title: '友谊路有个大坑',
    description: '友谊路和含光路口往东五十米有个大坑，下雨天积水，电动车已经摔了好几个了，请尽快处理。',
    location: { address: '碑林区友谊西路', gridId: 'xa-bl-03-g2' },
    receivedAt: '2026-11-27T03:12:09.511Z',
  },
  receivedAt: '2026-11-27T03:12:09.511Z',
  decidedAt: '2026-11-27T03:12:09.902Z',
  history: [{ at: '2026-11-27T03:12:09.902Z', status: 'dispatched', by: 'classifier', note: 'urban-road-damage' }],
};

const at = (day: number, time = '03:12:09.511') => `2026-12-${String(day).padStart(2, '0')}T${time}Z`;
const by = (id: string, role: string) => ({ id, role });
const xianVillage = { gridId: 'xa-yt-07-g1', villageId: 'xa-yt-07', townId: 'xa-yt', districtId: 'xa', resolvedBy: 'grid-id' };

/** A dispute settled at a village committee (made-up values, the real shape). */
const dispute = {
  disputeId: '9a41c2f0-2d3e-4c1b-8f7a-6b5d4e3c2b1a',
  code: 'XATJ-20261201-000317',
  caseId: '0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5',
  caseNumber: 'XA-20261201-004211',
  partnerId: 'hotline-xian',
  traceId: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2918',
  source: 'case',
  type: 'neighbour',
  minor: 'dispute-neighbour',
  title: { masked: '楼上漏水纠纷' },
  narrative: { masked: '楼上卫生间漏水导致楼下天花板发霉，多次协商未果，请求调解。' },
  riskFlags: [],
  consentToMediate: true,
  parties: [
    { partyId: 'P1', role: 'applicant', kind: 'person', name: { masked: '王**', sealed: 'v2.AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w.x7Kq2mN9pQ1r.Zt3Vb8Nc5Xw1Ly4Ke7Gh2A.k9Jd' }, phone: { masked: '139****2281', sealed: 'v2.AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w.Pq8Wm3Rt6Yu1.Ab4Cd7Ef0Gh3Ij6Kl9Mn2O.p5Qr8St1Uv' }, channel: 'own-channel', identities: ['3mZx9Q2v7LkP0aB4cD8eF1gH5iJ6kL9mN2oP3qR4sT5', 'Yt6Ur7Ie8Ow9Pq0As1Sd2Df3Fg4Gh5Hj6Jk7Kl8Lz9X'], confirmedAt: at(9), confirmedVia: 'own-channel' },
    { partyId: 'P2', role: 'respondent', kind: 'person', name: { masked: '李*', sealed: 'v2.AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAhIiMkJSYnKCkqKywtLi8w.Lm4Nb7Vc0Xz3.Qw6Er9Ty2Ui5Op8As1Df4G.h7Jk' }, channel: 'counter', identities: ['Zx1Cv2Bn3Mq4Wa5Se6Dr7Ft8Gy9Hu0Ji1Ko2Lp3Zx4C'], confirmedAt: at(9, '07:40:00.000'), confirmedVia: 'counter' },
  ],
  jurisdiction: xianVillage,
  tier: 'village',
  centreId: 'xa-yt-07-committee',
  centreName: '雁塔区长延堡街道红专南路社区人民调解委员会',
  mediator: { id: 'xa-yt-07-committee-m2', name: '赵调解员' },
  team: [],
  status: 'closed',
  sequence: 9,
  version: 9,
  openedAt: at(1),
  receivedAt: at(1, '03:10:00.000'),
  updatedAt: at(20),
  tierDeadline: at(31),
  sessions: [{ sessionId: 'S1', at: at(5, '06:00:00.000'), place: '红专南路社区调解室', held: true, outcome: 'agreement', attendance: [{ partyId: 'P1', present: true }, { partyId: 'P2', present: true }], evidence: [] }],
  agreement: { terms: { masked: '楼上住户承担维修费用三千元，十日内修复防水层。' }, partial: false, reachedAt: at(5, '07:00:00.000'), effectiveAt: at(9, '07:40:00.000'), judicialWindowClosesAt: at(39), judicial: 'not-applied' },
  followUps: [{ dueAt: at(19), doneAt: at(20), performance: 'performed' }],
  documents: ['acceptance-notice', 'agreement'],
  matterKey: 'neighbour#xa-yt-07',
  centresSeen: ['xa-yt-07-committee'],
  mediatorsSeen: ['xa-yt-07-committee-m2'],
  history: [
    { at: at(1), action: 'opened', by: by('dispatch', 'system'), to: 'queued', note: '红专南路社区人民调解委员会' },
    { at: at(1), action: 'assigned', by: by('dispatch', 'system'), from: 'queued', to: 'assigned' },
    { at: at(2), action: 'accepted', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'assigned', to: 'accepted' },
    { at: at(5, '06:00:00.000'), action: 'session-held', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'accepted', to: 'accepted' },
    { at: at(5, '07:00:00.000'), action: 'agreed', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'accepted', to: 'agreed' },
    { at: at(9), action: 'party-confirmed', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'agreed', to: 'agreed', note: 'P1' },
    { at: at(9, '07:40:00.000'), action: 'party-confirmed', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'agreed', to: 'agreed', note: 'P2' },
    { at: at(20), action: 'followed-up', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'agreed', to: 'agreed' },
    { at: at(20), action: 'closed', by: by('xa-yt-07-committee-m2', 'mediator'), from: 'agreed', to: 'closed' },
  ],
};

/** Reporting's record of a closed work order with its counter change (made-up values, the real shape). */
const reportingRecord = {
  record: {
    caseId: '5d0f1c9e-8f5b-4a43-9f51-0d6c2f1b7a10',
    partnerId: 'mini-program-xian',
    receivedAt: at(1),
    channel: 'mini-program',
    kind: { value: 'complaint', at: at(1) },
    category: { value: { major: 'urban', minor: 'urban-road-damage' }, at: at(1, '03:12:10.002') },
    place: { value: { districtId: 'xa', townId: 'xa-bl', villageId: 'xa-bl-03', gridId: 'xa-bl-03-g2' }, at: at(1, '03:12:10.002') },
    milestones: { classified: at(1, '03:12:10.002') },
    dispatch: { at: at(1, '03:12:10.002'), departmentId: 'xa-roads-bureau', signDeadline: at(2), resolveDeadline: at(12) },
    workSteps: [
      { sequence: 1, type: 'workorder.signed', at: at(1, '05:40:00.120'), from: 'dispatched', to: 'signed', departmentId: 'xa-roads-bureau', signDeadline: at(2), resolveDeadline: at(12) },
      { sequence: 2, type: 'workorder.resolved', at: at(4, '08:02:13.004'), from: 'signed', to: 'resolved', departmentId: 'xa-roads-bureau', signDeadline: at(2), resolveDeadline: at(12) },
      { sequence: 3, type: 'workorder.verified', at: at(5, '01:15:45.880'), from: 'resolved', to: 'verified', departmentId: 'xa-roads-bureau', signDeadline: at(2), resolveDeadline: at(12) },
      { sequence: 4, type: 'workorder.rated', at: at(5, '06:33:02.319'), from: 'verified', to: 'closed', departmentId: 'xa-roads-bureau', signDeadline: at(2), resolveDeadline: at(12), rating: 'satisfied' },
    ],
    supervisions: [],
    disputeSteps: [],
  },
  applied: {
    dims: { place: 'xa|xa-bl|xa-bl-03|xa-bl-03-g2', category: 'urban|urban-road-damage', handling: 'xa-roads-bureau|mini-program|complaint', topic: 'xa-bl|urban' },
    signals: { hotspot: ['xa-bl-03', '2026-12-01T03'], cluster: 'xa-bl-03|urban-road-damage' },
    entries: [
      { metric: 'received', bucket: '2026-12-01', value: 1 },
      { metric: 'received', bucket: '2026-12-01T03', value: 1, signal: 'hotspot' },
      { metric: 'dispatched', bucket: '2026-12-01', value: 1 },
      { metric: 'signed', bucket: '2026-12-01', value: 1 },
      { metric: 'closed', bucket: '2026-12-05', value: 1 },
      { metric: 'rated', bucket: '2026-12-05', value: 1 },
      { metric: 'satisfied', bucket: '2026-12-05', value: 1 },
    ],
  },
  delta: {
    'place#2026-12-05#xa|xa-bl|xa-bl-03|xa-bl-03-g2': { closed: 1, rated: 1, satisfied: 1, open: -1 },
    'category#2026-12-05#urban|urban-road-damage': { closed: 1, rated: 1, satisfied: 1, open: -1 },
    'handling#2026-12-05#xa-roads-bureau|mini-program|complaint': { closed: 1, rated: 1, satisfied: 1, open: -1 },
  },
  deltaVersion: 5,
};

/** A work-order step and a dispute step as a write stores them for its relay (made-up values, the real shape). */
const envelope = (type: string, payload: Record<string, unknown>) => ({
  eventId: '2f4e6a8c-0b1d-4f3e-9a5c-7e9b1d3f5a7c',
  type,
  version: 1,
  occurredAt: at(5, '06:33:02.319'),
  region: 'xian',
  caseId: '5d0f1c9e-8f5b-4a43-9f51-0d6c2f1b7a10',
  traceId: '0b7e2d8c-51c4-4f7e-b0a5-9e2a7c3d6f11',
  payload,
});
const events = [
  envelope('workorder.rated', {
    workOrderId: 'WO-XA-20261201-000042', partnerId: 'mini-program-xian', sequence: 4, from: 'verified', to: 'closed', by: by('mini-program-xian', 'partner'),
    departmentId: 'xa-roads-bureau', departmentName: '碑林区市政道路管理所', reason: 'satisfied', signDeadline: at(2), resolveDeadline: at(12), rating: 'satisfied', escalated: false, receivedAt: at(1),
  }),
  envelope('mediation.party-confirmed', {
    disputeId: dispute.disputeId, code: dispute.code, partnerId: 'hotline-xian', caseNumber: dispute.caseNumber, sequence: 6, from: 'agreed', to: 'agreed', by: by('xa-yt-07-committee-m2', 'mediator'),
    tier: 'village', centreId: dispute.centreId, centreName: dispute.centreName, mediatorId: 'xa-yt-07-committee-m2', mediatorName: '赵调解员', disputeType: 'neighbour', source: 'case', riskFlags: [], partyCount: 2,
    jurisdiction: xianVillage, reason: 'P1', judicial: { windowClosesAt: at(39) }, openedAt: at(1), receivedAt: at(1, '03:10:00.000'),
  }),
];

describe('packed bodies', () => {
  it('round-trips a body deflated with each dictionary, and one gzipped', () => {
    for (const dictionary of [...bodyDictionaries, undefined]) {
      const body = packBody(dispatchRecord, dictionary);
      expect(body[0]).toBe(dictionary?.tag ?? 0x1f);
      expect(unpackBody({ body })).toEqual(dispatchRecord);
      expect(unpackedItem({ pk: 'CASE#x', version: 3, body })).toEqual({ pk: 'CASE#x', version: 3, ...dispatchRecord });
    }
  });

  it('still reads a body gzipped before the dictionaries, and an item from before bodies', () => {
    expect(unpackBody({ body: gzipSync(JSON.stringify({ a: 1 })) })).toEqual({ a: 1 });
    expect(unpackBody({ status: 'received' })).toBeUndefined();
  });

  it('refuses a body that names a dictionary it does not know', () => {
    const body = packBody({ a: 1 }, dispatchRecordDictionary);
    body[0] = 9;
    expect(() => unpackBody({ body })).toThrow(/unknown dictionary \(tag 9\)/);
  });

  it('takes a third or more off what gzip makes of a record of another region than the dictionary was written from', () => {
    const gzipped = gzipSync(JSON.stringify(dispatchRecord)).length;
    const deflated = packBody(dispatchRecord, dispatchRecordDictionary).length;
    expect(deflated).toBeLessThan(gzipped * 0.67);
  });

  it('takes a quarter or more off what gzip makes of a dispute, a reporting record and events of another region than their dictionaries were drafted from', () => {
    for (const [value, dictionary] of [[dispute, disputeDictionary], [reportingRecord, reportingRecordDictionary], [events, eventsDictionary]] as const) {
      const deflated = packBody(value, dictionary);
      expect(unpackBody({ body: deflated })).toEqual(value);
      expect(deflated.length).toBeLessThan(gzipSync(JSON.stringify(value)).length * 0.75);
    }
    expect(packedEvents(events as never)).toEqual(packBody(events, eventsDictionary));
  });

  it('keeps every dictionary as it was first written: stored bodies can be read only with the same text', () => {
    // A better dictionary is a new one with a new tag; editing one of these would make every body written with it unreadable.
    const frozen: Record<number, string> = {
      [intakeCaseDictionary.tag]: '3a538902737f0652769cfa81154fcde986eac2a4884203e7bcc9a8f02afedd90',
      [dispatchRecordDictionary.tag]: '6ef013f81c63b35cfa1efa91d2823934a6afa35682976efafab28b74947e264c',
      [disputeDictionary.tag]: 'ccb7c0547c9c7b78fc4949f193987c5a6bc8daea216090685263b8e33a2714a6',
      [reportingRecordDictionary.tag]: '7a55d08977ac1e9d5a6065dcdf032a6eb81ae84610af3c1bcb32b7d211c1ce1c',
      [eventsDictionary.tag]: 'a0dfecfcee2a016e55f99a543ace776d3eb348729328a55ba055cc031731d6ca',
    };
    for (const dictionary of bodyDictionaries) expect(createHash('sha256').update(dictionary.text).digest('hex')).toBe(frozen[dictionary.tag]);
    expect(new Set(bodyDictionaries.map((d) => d.tag)).size).toBe(bodyDictionaries.length);
    expect(bodyDictionaries.every((d) => d.tag !== 0x1f)).toBe(true);
  });
});
