import { describe, expect, it } from 'vitest';
import { noticeTypes } from '@govflow/contracts';
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

  it('refuse private, loopback, link-local and unspecified addresses at their exact edges, in IPv4 and IPv6', () => {
    const refused = (host: string) => callbackUrlProblem(`https://${host}/n`, deployed) === 'the URL must name a public host';
    const inside = ['10.0.0.0', '127.1.2.3', '0.0.0.0', '169.254.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '100.64.0.1', '100.127.255.255'];
    const outside = ['11.0.0.1', '126.0.0.1', '1.0.0.1', '169.253.0.1', '168.254.0.1', '170.254.0.1', '172.15.255.255', '172.32.0.1', '171.16.0.1', '192.167.0.1', '193.168.0.1', '100.63.255.255', '100.128.0.1', '99.64.0.1', '101.64.0.1'];
    expect(inside.filter((h) => !refused(h))).toEqual([]);
    expect(outside.filter(refused)).toEqual([]);
    const inside6 = ['[::1]', '[::]', '[fc00::1]', '[fd12::1]', '[FE80::1]', '[fe80::abcd]', '[::ffff:10.0.0.1]'];
    const outside6 = ['[2001:db8::1]', '[2400:3200::1]', '[fe00::1]', '[1::ffff:1]', '[::2]', '[ff02::1]'];
    expect(inside6.filter((h) => !refused(h))).toEqual([]);
    expect(outside6.filter(refused)).toEqual([]);
    // A host name is not an address: it is checked when it is resolved, not here.
    expect(refused('fd.example.cn')).toBe(false);
  });

  it('say why a URL is refused, one reason at a time', () => {
    expect(callbackUrlProblem('https://user@example.cn/n', deployed)).toBe('credentials in the URL are not allowed; authenticate by checking the signature');
    expect(callbackUrlProblem('https://:pw@example.cn/n', deployed)).toBe('credentials in the URL are not allowed; authenticate by checking the signature');
    expect(callbackUrlProblem('https://example.cn/n#part', deployed)).toBe('a fragment is never sent; remove it');
    expect(callbackUrlProblem('http://example.cn/n', local)).toBe('plain http is allowed only to localhost or 127.0.0.1');
    expect(callbackUrlProblem('http://example.cn/n', deployed)).toBe('the URL must use https');
    expect(callbackUrlProblem('https://10.0.0.1/n', local)).toBeUndefined();
  });

  it('show an endpoint as the partner sees it: every type when none was asked for, why it was disabled, no rotation before the first', () => {
    const now = new Date('2026-11-28T00:00:00.000Z');
    expect(toCallbackView({ ...endpoint, events: undefined }, now).events).toHaveLength(noticeTypes.length);
    expect(toCallbackView(endpoint, now)).toEqual({
      id: 'cb_1',
      url: 'https://example.cn/n',
      events: ['case.closed'],
      description: undefined,
      createdAt: '2026-11-27T00:00:00.000Z',
      disabled: undefined,
      secretRotatedAt: undefined,
      previousSecretValidUntil: undefined,
    });
    expect(toCallbackView({ ...endpoint, disabledAt: '2026-11-27T05:00:00.000Z', disabledReason: 'answered 410 Gone' }, now).disabled).toEqual({ at: '2026-11-27T05:00:00.000Z', reason: 'answered 410 Gone' });
    expect(toCallbackView({ ...endpoint, disabledAt: '2026-11-27T05:00:00.000Z' }, now).disabled).toEqual({ at: '2026-11-27T05:00:00.000Z', reason: '' });
    // The previous secret's end is shown while it still signs, not after, and not at its very end.
    const rotated = { ...endpoint, secrets: rotatedSecrets(endpoint, 'second', now) };
    expect(toCallbackView(rotated, new Date('2026-11-28T23:59:59.999Z')).previousSecretValidUntil).toBe('2026-11-29T00:00:00.000Z');
    expect(toCallbackView(rotated, new Date('2026-11-29T00:00:00.000Z'))).toMatchObject({ secretRotatedAt: now.toISOString(), previousSecretValidUntil: undefined });
    // The first rotation of an endpoint without a secret yet (never the case once created) keeps just the new one.
    expect(rotatedSecrets({ ...endpoint, secrets: [] }, 'only', now)).toEqual([{ sealed: 'only', createdAt: now.toISOString() }]);
  });
});
