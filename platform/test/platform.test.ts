import { describe, expect, it } from 'vitest';
import { decryptPii, encryptPii, maskPhone } from '../src/pii';
import { readServiceEnv } from '../src/env';

const piiKey = 'b'.repeat(64);

describe('personal data', () => {
  it('round-trips through sealing and never shows the plain number', () => {
    const sealed = encryptPii(piiKey, '13912345678');
    expect(sealed).not.toContain('13912345678');
    expect(decryptPii(piiKey, sealed)).toBe('13912345678');
    expect(encryptPii(piiKey, '13912345678')).not.toBe(sealed);
  });

  it('refuses a tampered sealed value', () => {
    const sealed = encryptPii(piiKey, '13912345678');
    const parts = sealed.split('.');
    parts[3] = Buffer.from('00000000000').toString('base64url');
    expect(() => decryptPii(piiKey, parts.join('.'))).toThrow();
  });

  it('masks mobile numbers as 139****5678', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
    expect(maskPhone('+86 139-1234-5678')).toBe('139****5678');
    expect(maskPhone('4712345')).toBe('*****45');
  });
});

describe('service environment', () => {
  it('names everything missing at once', () => {
    expect(() => readServiceEnv({}, ['dispatch'])).toThrow(/REGION_ID.*TABLE_NAME.*QUEUE_URL_DISPATCH/);
  });

  it('collects queue URLs by stage', () => {
    const env = readServiceEnv({ REGION_ID: 'wuhai', TABLE_NAME: 't', QUEUE_URL_DISPATCH: 'http://q/d' }, ['dispatch']);
    expect(env.queueUrls).toEqual({ dispatch: 'http://q/d' });
  });
});
