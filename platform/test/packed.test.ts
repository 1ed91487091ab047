import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bodyDictionaries, dispatchRecordDictionary, intakeCaseDictionary, packBody, unpackBody, unpackedItem } from '../src';

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

  it('keeps every dictionary as it was first written: stored bodies can be read only with the same text', () => {
    // A better dictionary is a new one with a new tag; editing one of these would make every body written with it unreadable.
    const frozen: Record<number, string> = {
      [intakeCaseDictionary.tag]: '3a538902737f0652769cfa81154fcde986eac2a4884203e7bcc9a8f02afedd90',
      [dispatchRecordDictionary.tag]: '6ef013f81c63b35cfa1efa91d2823934a6afa35682976efafab28b74947e264c',
    };
    for (const dictionary of bodyDictionaries) expect(createHash('sha256').update(dictionary.text).digest('hex')).toBe(frozen[dictionary.tag]);
    expect(new Set(bodyDictionaries.map((d) => d.tag)).size).toBe(bodyDictionaries.length);
    expect(bodyDictionaries.every((d) => d.tag !== 0x1f)).toBe(true);
  });
});
