import { describe, expect, it } from 'vitest';
import { callbackUrlProblem, rotatedSecrets, signingSecrets, toCallbackView, wants, type CallbackEndpoint } from '../../src/domain/callbacks/endpoints';

const deployed = { allowLocalHttp: false };
const local = { allowLocalHttp: true };

describe('callback endpoints', () => {
  it('take HTTPS to a public host; plain http only to this machine, and only in the local system', () => {
    expect(callbackUrlProblem('https://hotline.example.cn/notices', deployed)).toBeUndefined();
    expect(callbackUrlProblem('http://hotline.example.cn/notices', deployed)).toMatch(/https/);
    expect(callbackUrlProblem('http://localhost:4000/n', deployed)).toMatch(/https/);
    expect(callbackUrlProblem('http://localhost:4000/n', local)).toBeUndefined();
    expect(callbackUrlProblem('http://127.0.0.1:4000/n', local)).toBeUndefined();
    expect(callbackUrlProblem('http://10.0.0.5/n', local)).toMatch(/localhost/);
    for (const host of ['169.254.169.254', '10.1.2.3', '192.168.1.1', '127.0.0.1', 'localhost', '[::1]', '[fd00::1]']) {
      expect(callbackUrlProblem(`https://${host}/n`, deployed)).toMatch(/public host/);
    }
    expect(callbackUrlProblem('https://user:pw@example.cn/n', deployed)).toMatch(/credentials/);
    expect(callbackUrlProblem('ftp://example.cn/n', deployed)).toMatch(/https/);
    expect(callbackUrlProblem('not a url', deployed)).toBe('not a URL');
  });

  const endpoint: CallbackEndpoint = {
    id: 'cb_1',
    partnerId: 'p',
    url: 'https://example.cn/n',
    events: ['case.closed'],
    createdAt: '2026-11-27T00:00:00.000Z',
    secrets: [{ sealed: 'first', createdAt: '2026-11-27T00:00:00.000Z' }],
  };

  it('sign with the new and the previous secret for 24 hours after a rotation, then with the new one only', () => {
    const now = new Date('2026-11-28T00:00:00.000Z');
    const rotated = { ...endpoint, secrets: rotatedSecrets(endpoint, 'second', now) };
    expect(signingSecrets(rotated, now)).toEqual(['second', 'first']);
    expect(signingSecrets(rotated, new Date('2026-11-28T23:59:59.000Z'))).toEqual(['second', 'first']);
    expect(signingSecrets(rotated, new Date('2026-11-29T00:00:00.000Z'))).toEqual(['second']);
    const twice = { ...rotated, secrets: rotatedSecrets(rotated, 'third', new Date('2026-11-28T01:00:00.000Z')) };
    expect(twice.secrets.map((s) => s.sealed)).toEqual(['third', 'second']);
    expect(toCallbackView(rotated, now)).toMatchObject({ secretRotatedAt: now.toISOString(), previousSecretValidUntil: '2026-11-29T00:00:00.000Z' });
    expect(JSON.stringify(toCallbackView(rotated, now))).not.toContain('first');
  });

  it('want only the types asked for, and nothing once disabled', () => {
    expect(wants(endpoint, 'case.closed')).toBe(true);
    expect(wants(endpoint, 'case.signed')).toBe(false);
    expect(wants({ ...endpoint, events: undefined }, 'mediation.agreed')).toBe(true);
    expect(wants({ ...endpoint, disabledAt: '2026-11-27T01:00:00.000Z' }, 'case.closed')).toBe(false);
  });
});
