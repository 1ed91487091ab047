import { describe, expect, it } from 'vitest';
import type { SQSRecord } from 'aws-lambda';
import { groupByCase } from '../src/consumer';
import { ConfigError } from '../src/errors';
import { readServiceEnv } from '../src/env';
import { fingerprint } from '../src/fingerprint';
import { decryptPii, encryptPii, isBankCardNumber, isResidentIdNumber, maskEmail, maskIdNumber, maskName } from '../src/pii';
import { checkUploadedObject, checkUploadRequest, contentDisposition, fileNameOf, ownerSegment, storedKey } from '../src/uploads';

/* Edges of personal data, uploads and keys that the services' tests reach only in passing. */

const key = 'c'.repeat(64);
/** A resident ID number with its GB 11643 check character, for a given 17-digit body. */
const withCheck = (body: string) => body + '10X98765432'[[...body].reduce((sum, d, i) => sum + [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i]! * Number(d), 0) % 11]!;

describe('sealed personal data', () => {
  it('is v1.<iv>.<tag>.<data>, and anything else is not a sealed value', () => {
    const sealed = encryptPii(key, '13912345678');
    expect(sealed.split('.')).toHaveLength(4);
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(decryptPii(key, sealed)).toBe('13912345678');
    const [, iv, tag, data] = sealed.split('.');
    for (const bad of [`v2.${iv}.${tag}.${data}`, `v1..${tag}.${data}`, `v1.${iv}..${data}`, `v1.${iv}.${tag}.`, 'v1']) {
      expect(() => decryptPii(key, bad)).toThrow('not a sealed value');
    }
  });
});

describe('numbers that are personal data', () => {
  it('are resident ID numbers only with a real birth date from 1900 and the right check character, nothing around them', () => {
    const valid = '11010519491231002X';
    expect(isResidentIdNumber(valid)).toBe(true);
    expect(isResidentIdNumber(valid.toLowerCase())).toBe(true);
    expect(isResidentIdNumber(`${valid}0`)).toBe(false);
    expect(isResidentIdNumber(`0${valid}`)).toBe(false);
    // Two valid numbers run together: refused as a whole, not read from the start.
    expect(isResidentIdNumber(`${valid}${withCheck('11010519000101002')}`)).toBe(false);
    expect(isResidentIdNumber(withCheck('11010519000101002'))).toBe(true);
    expect(isResidentIdNumber(withCheck('11010518991231002'))).toBe(false);
    expect(isResidentIdNumber(withCheck('11010519491301002'))).toBe(false);
    expect(isResidentIdNumber(withCheck('11010519490230002'))).toBe(false);
    expect(isResidentIdNumber(withCheck('11010519490229002'))).toBe(false);
    expect(isResidentIdNumber(withCheck('11010519480229002'))).toBe(true);
  });

  it('are bank card numbers of 13 to 19 digits passing Luhn', () => {
    expect(isBankCardNumber('4111111111111111')).toBe(true);
    expect(isBankCardNumber('4111111111111112')).toBe(false);
    // Doubled digits 5 to 9 count as the sum of their two digits (5 → 10 → 1).
    expect(isBankCardNumber('5555555555554444')).toBe(true);
    expect(isBankCardNumber('5555555555554445')).toBe(false);
    expect(isBankCardNumber('6011111111111117')).toBe(true);
    expect(isBankCardNumber('0004111111111111111')).toBe(true);
    expect(isBankCardNumber('00004111111111111111')).toBe(false);
    expect(isBankCardNumber('411111111111')).toBe(false);
  });

  it('are masked whole when short, and trimmed first', () => {
    expect(maskIdNumber('1234567890')).toBe('**********');
    expect(maskIdNumber('12345678901')).toBe('123456*8901');
    expect(maskIdNumber(' 150302199001011237 ')).toBe('150302********1237');
    expect(maskName(' 张三 ')).toBe('张*');
    expect(maskName('张')).toBe('*');
  });

  it('include e-mail addresses, masked to their first letter and domain', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z********@example.com');
    expect(maskEmail('a@b.cn')).toBe('a@b.cn');
    expect(maskEmail('@example.com')).toBe('************');
    expect(maskEmail('no-at-sign')).toBe('**********');
    expect(maskEmail('x@y@z.cn')).toBe('x**@z.cn');
  });
});

describe('uploads', () => {
  const partner = { partnerId: 'p', role: 'partner' as const };

  it('are owned by the whole identity a key carries', () => {
    const mediator = { partnerId: 'p', role: 'mediator' as const, mediatorId: 'm1', committeeId: 'c1' };
    expect(ownerSegment(mediator)).toMatch(/^[0-9a-f]{16}$/);
    expect(ownerSegment({ ...mediator, mediatorId: 'm2' })).not.toBe(ownerSegment(mediator));
    expect(ownerSegment({ ...mediator, committeeId: 'c2' })).not.toBe(ownerSegment(mediator));
    expect(ownerSegment({ partnerId: 'p', role: 'department', departmentId: 'd1' })).not.toBe(ownerSegment({ partnerId: 'p', role: 'department', departmentId: 'd2' }));
  });

  it('are kept under a record id that is safe in a key, and nothing else', () => {
    expect(storedKey('case-photo', 'case_1-A', 'upl_1')).toBe('cases/case_1-A/upl_1');
    expect(() => storedKey('case-photo', 'abc/../x', 'upl_1')).toThrow('record id not usable in a key: abc/../x');
    expect(() => storedKey('case-photo', '../abc', 'upl_1')).toThrow(Error);
    expect(() => storedKey('case-photo', 'x'.repeat(101), 'upl_1')).toThrow(Error);
  });

  it('carry file names percent-encoded, upper-case hex, and read back only their own form', () => {
    expect(contentDisposition("a*b'(c)!.jpg")).toBe("inline; filename*=UTF-8''a%2Ab%27%28c%29%21.jpg");
    expect(fileNameOf(undefined)).toBeUndefined();
    expect(fileNameOf('attachment')).toBeUndefined();
    expect(fileNameOf("inline; filename*=UTF-8''%E0%A4%A")).toBeUndefined();
  });

  it('are refused with the reason, naming who may upload, what types and how large', () => {
    const problem = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as { status: number; kind: string; title: string; detail: string };
      }
      throw new Error('not refused');
    };
    expect(problem(() => checkUploadRequest({ partnerId: 'p', role: 'dispatcher' }, { purpose: 'case-photo', contentType: 'image/jpeg', size: 1, fileName: 'a.jpg' }))).toMatchObject({
      status: 403,
      title: 'A dispatcher key may not upload case-photo files',
      detail: 'case-photo is uploaded by: partner.',
    });
    expect(problem(() => checkUploadRequest(partner, { purpose: 'case-photo', contentType: 'application/pdf', size: 1, fileName: 'a.pdf' }))).toMatchObject({
      status: 415,
      title: 'application/pdf is not accepted for case-photo',
      detail: expect.stringMatching(/^Accepted: image\/jpeg, /),
    });
    expect(problem(() => checkUploadRequest(partner, { purpose: 'case-photo', contentType: 'image/jpeg', size: 10 * 1024 * 1024 + 1, fileName: 'a.jpg' }))).toMatchObject({
      status: 413,
      title: `A case-photo file may be at most ${10 * 1024 * 1024} bytes`,
      detail: `${10 * 1024 * 1024 + 1} bytes were announced.`,
    });
    expect(checkUploadRequest(partner, { purpose: 'case-photo', contentType: 'image/jpeg', size: 10 * 1024 * 1024, fileName: 'a.jpg' }).maxBytes).toBe(10 * 1024 * 1024);
  });

  it('are linked only when stored, of an accepted type, and of a size above nothing and within the limit', () => {
    const facts = (size: number | undefined, contentType: string | undefined = 'image/png') => ({ contentType, size, contentDisposition: undefined });
    const refused = (size: number | undefined, contentType?: string) => {
      try {
        checkUploadedObject('case-photo', 'upl_1', facts(size, contentType));
      } catch (error) {
        return error as { status: number; kind: string; title: string; detail: string };
      }
      return undefined;
    };
    expect(checkUploadedObject('case-photo', 'upl_1', facts(10 * 1024 * 1024))).toEqual({ uploadId: 'upl_1', purpose: 'case-photo', fileName: 'upl_1', contentType: 'image/png', size: 10 * 1024 * 1024 });
    expect(checkUploadedObject('case-photo', 'upl_1', facts(1)).size).toBe(1);
    expect(refused(0)).toMatchObject({ status: 422, kind: 'upload-not-acceptable', title: 'The uploaded file upl_1 is not an acceptable case-photo', detail: 'Stored as image/png, 0 bytes.' });
    expect(refused(10 * 1024 * 1024 + 1)).toMatchObject({ status: 422 });
    let unknownFacts: unknown;
    try {
      checkUploadedObject('case-photo', 'upl_1', { contentType: undefined, size: undefined, contentDisposition: undefined });
    } catch (error) {
      unknownFacts = error;
    }
    expect(unknownFacts).toMatchObject({ detail: 'Stored as unknown type, ? bytes.' });
    expect(refused(5, 'text/html')).toMatchObject({ kind: 'upload-not-acceptable' });
    let missing: unknown;
    try {
      checkUploadedObject('case-photo', 'upl_9', undefined);
    } catch (error) {
      missing = error;
    }
    expect(missing).toMatchObject({ status: 422, kind: 'upload-not-found', title: 'No uploaded file upl_9', detail: expect.stringContaining('POST /v1/uploads') });
  });
});

describe('a function’s environment', () => {
  it('must hold the URL of every queue it sends to, and keeps only the URLs it has', () => {
    expect(() => readServiceEnv({ REGION_ID: 'wuhai', TABLE_NAME: 't' }, ['dispatch'])).toThrow(ConfigError);
    expect(() => readServiceEnv({ TABLE_NAME: 't' }, ['dispatch'])).toThrow(/missing environment: REGION_ID, \S+/);
    const env = readServiceEnv({ REGION_ID: 'wuhai', TABLE_NAME: 't', QUEUE_URL_DISPATCH: 'http://q/dispatch' }, []);
    expect(env.queueUrls).toStrictEqual({ dispatch: 'http://q/dispatch' });
  });
});

describe('grouping a batch by case', () => {
  it('keeps records without a case id apart, and a case id must be a string', () => {
    const record = (messageId: string, body: unknown) => ({ messageId, body: JSON.stringify(body) }) as SQSRecord;
    const groups = groupByCase([record('1', { type: 'x' }), record('2', { type: 'y' }), record('3', { caseId: 7 }), record('4', { caseId: 7 })]);
    expect(groups.map((g) => g.map((r) => r.messageId))).toEqual([['1'], ['2'], ['3'], ['4']]);
  });
});

describe('fingerprints', () => {
  it('tell an array from an object with the same entries', () => {
    expect(fingerprint({ a: [1, 2] })).not.toBe(fingerprint({ a: { 0: 1, 1: 2 } }));
    expect(fingerprint([])).not.toBe(fingerprint({}));
  });
});
