import { describe, expect, it } from 'vitest';
import { CallbackAudience } from '../../src/adapters/callback-audience';
import type { CallbackEndpoint } from '../../src/domain/callbacks/endpoints';

const endpoint = (overrides: Partial<CallbackEndpoint> = {}) => ({ id: 'e1', partnerId: 'p', url: 'https://partner.example/hook', ...overrides }) as CallbackEndpoint;

describe('who hears of a change', () => {
  it('a partner with an active endpoint listens, and is remembered for a minute without asking again', async () => {
    let clock = 0;
    let asked = 0;
    const audience = new CallbackAudience(async () => (asked++, [endpoint()]), () => clock);
    expect(await audience.listens('p')).toBe(true);
    clock = 59_999;
    expect(await audience.listens('p')).toBe(true);
    expect(asked).toBe(1);
    clock = 60_000;
    expect(await audience.listens('p')).toBe(true);
    expect(asked).toBe(2);
  });

  it('a partner without one (or with only disabled ones) is asked again every time, so an endpoint registered now hears of the next change', async () => {
    let endpoints: CallbackEndpoint[] = [endpoint({ disabledAt: '2026-11-27T00:00:00Z' })];
    let asked = 0;
    const audience = new CallbackAudience(async () => (asked++, endpoints), () => 0);
    expect(await audience.listens('p')).toBe(false);
    expect(await audience.listens('p')).toBe(false);
    expect(asked).toBe(2);
    endpoints = [endpoint()];
    expect(await audience.listens('p')).toBe(true);
  });

  it('asks about each partner apart', async () => {
    const audience = new CallbackAudience(async (partnerId) => (partnerId === 'with' ? [endpoint()] : []), () => 0);
    expect(await audience.listens('with')).toBe(true);
    expect(await audience.listens('without')).toBe(false);
  });
});
