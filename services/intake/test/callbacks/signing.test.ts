import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { formatSecret, signature, webhookHeaders } from '../../src/domain/callbacks/signing';

describe('Standard Webhooks signing', () => {
  it('matches the reference vector of the specification’s libraries', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(signature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of whsec_ and base64 from 24 to 64 random bytes', () => {
    expect(formatSecret(new Uint8Array(32).fill(7))).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => formatSecret(new Uint8Array(16))).toThrow(RangeError);
  });

  it('is verified by the standardwebhooks library, with either secret while both sign', () => {
    const old = formatSecret(new Uint8Array(32).fill(1));
    const fresh = formatSecret(new Uint8Array(32).fill(2));
    const body = JSON.stringify({ type: 'case.signed', timestamp: '2026-11-27T01:00:00.000Z', data: { caseNumber: 'WH-20261127-000001' } });
    const now = Math.floor(Date.now() / 1000);
    const headers = webhookHeaders([fresh, old], 'evt-1', now, body);
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(new Webhook(old).verify(body, headers)).toMatchObject({ type: 'case.signed' });
    expect(new Webhook(fresh).verify(body, headers)).toMatchObject({ type: 'case.signed' });
    expect(() => new Webhook(formatSecret(new Uint8Array(32).fill(3))).verify(body, headers)).toThrow();
    expect(() => new Webhook(old).verify(body.replace('signed', 'closed'), headers)).toThrow();
  });
});
