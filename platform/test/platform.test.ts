import { describe, expect, it } from 'vitest';
import { authenticate, issueApiKey, verifyApiKey } from '../src/auth';
import { HttpProblem } from '../src/errors';
import { decryptPii, encryptPii, maskPhone } from '../src/pii';
import { readServiceEnv } from '../src/env';

const secret = 'a'.repeat(64);
const piiKey = 'b'.repeat(64);

describe('partner keys', () => {
  it('verify with the secret that signed them', () => {
    const key = issueApiKey(secret, { partnerId: 'hotline-12345', role: 'partner' });
    expect(verifyApiKey(secret, key)).toEqual({ partnerId: 'hotline-12345', role: 'partner' });
    expect(verifyApiKey('c'.repeat(64), key)).toBeUndefined();
  });

  it('reject tampered claims', () => {
    const key = issueApiKey(secret, { partnerId: 'hotline-12345', role: 'partner' });
    const [tag, , signature] = key.split('.');
    const forged = Buffer.from(JSON.stringify({ partnerId: 'hotline-12345', role: 'operator' })).toString('base64url');
    expect(verifyApiKey(secret, `${tag}.${forged}.${signature}`)).toBeUndefined();
  });

  it('turn a missing or bad Authorization header into a 401 problem', () => {
    const bad = [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer nope' }];
    for (const headers of bad) {
      expect(() => authenticate(headers, secret)).toThrow(HttpProblem);
      try {
        authenticate(headers, secret);
      } catch (error) {
        expect((error as HttpProblem).status).toBe(401);
      }
    }
  });
});

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
