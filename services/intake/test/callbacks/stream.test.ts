import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CaseStatus, NoticeType } from '@govflow/contracts';
import { deadLetter, offer, recordAttempt, redeliver, sendable, type AttemptOutcome, type DeliveryStream, type PendingNotice } from '../../src/domain/callbacks/stream';

const fields = { endpointId: 'cb_test', partnerId: 'hotline-12345', caseId: 'case-1', caseNumber: 'WH-20261127-000001' };
const schedule = { baseMs: 1000, capMs: 8000, giveUpAfterMs: 60_000, minAttempts: 5 };
const t0 = Date.parse('2026-11-27T01:00:00.000Z');
const at = (ms: number) => new Date(t0 + ms);
const ctx = (ms: number) => ({ now: at(ms), endpointCreatedAt: '2026-11-27T00:00:00.000Z', gapWaitMs: 30_000 });

function notice(sequence: number, extra: Partial<PendingNotice> = {}): PendingNotice {
  return {
    eventId: `evt-${sequence}`,
    type: 'case.signed' as NoticeType,
    sequence,
    status: 'signed' as CaseStatus,
    message: '已签收',
    occurredAt: at(sequence * 10).toISOString(),
    previousAt: sequence > 1 ? at((sequence - 1) * 10).toISOString() : undefined,
    ...extra,
  };
}

const attempt = (s: DeliveryStream, outcome: AttemptOutcome, ms: number) => recordAttempt(s, sendable(s, ctx(ms))!.eventId, outcome, { ...ctx(ms), schedule, random: 0.5 })!;

describe('a delivery stream', () => {
  it('sends the acceptance at once and then each notice in turn', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    expect(sendable(s, ctx(0))?.sequence).toBe(1);
    s = attempt(s, { kind: 'delivered' }, 0);
    expect(s).toMatchObject({ next: 2, queue: [] });
    expect(s.retryAt).toBeUndefined();
    s = offer(s, fields, notice(2), ctx(1))!;
    expect(sendable(s, ctx(1))?.sequence).toBe(2);
  });

  it('holds a notice that overtook an earlier one until that one arrives', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    s = attempt(s, { kind: 'delivered' }, 0);
    s = offer(s, fields, notice(3), ctx(1))!;
    expect(sendable(s, ctx(1))).toBeUndefined();
    expect(s.retryAt).toBe(at(1 + 30_000).toISOString());
    s = offer(s, fields, notice(2), ctx(2))!;
    expect(sendable(s, ctx(2))?.sequence).toBe(2);
    s = attempt(s, { kind: 'delivered' }, 2);
    expect(sendable(s, ctx(2))?.sequence).toBe(3);
  });

  it('sends a held notice anyway once the missing one has been waited for long enough', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    s = attempt(s, { kind: 'delivered' }, 0);
    s = offer(s, fields, notice(3), ctx(1))!;
    expect(sendable(s, ctx(30_001))?.sequence).toBe(3);
    s = attempt(s, { kind: 'delivered' }, 30_001);
    expect(s.next).toBe(4);
  });

  it('ignores a notice it has queued or delivered already', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    expect(offer(s, fields, notice(1), ctx(0))).toBeUndefined();
    s = attempt(s, { kind: 'delivered' }, 0);
    expect(offer(s, fields, notice(1), ctx(1))).toBeUndefined();
  });

  it('starts with the first notice after the endpoint was registered, without waiting for earlier ones', () => {
    const late = { ...ctx(0), endpointCreatedAt: at(45).toISOString() };
    const s = offer(undefined, fields, notice(5), late)!;
    expect(sendable(s, late)?.sequence).toBe(5);
    // Notice 5 happened after the registration, so it is owed: 6 waits for it.
    const overtaking = offer(undefined, fields, notice(6), late)!;
    expect(sendable(overtaking, late)).toBeUndefined();
  });

  it('backs off after a failure, keeps later notices behind the failing one, and dead-letters after the window', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    s = attempt(s, { kind: 'failed', error: 'HTTP 503' }, 0);
    expect(s).toMatchObject({ attempts: 1, lastError: 'HTTP 503', firstAttemptAt: at(0).toISOString() });
    expect(s.retryAt).toBe(at(750).toISOString());
    expect(sendable(s, ctx(500))).toBeUndefined();
    s = offer(s, fields, notice(2), ctx(600))!;
    expect(s.attempts).toBe(1);
    expect(sendable(s, ctx(800))?.sequence).toBe(1);
    let ms = 800;
    while (!s.failedAt) {
      s = attempt(s, { kind: 'failed', error: 'HTTP 503' }, ms);
      ms = Date.parse(s.retryAt ?? at(ms).toISOString()) - t0;
    }
    expect(Date.parse(s.failedAt) - t0).toBeGreaterThanOrEqual(60_000);
    expect(s.retryAt).toBeUndefined();
    expect(s.queue.map((n) => n.sequence)).toEqual([1, 2]);
    expect(sendable(s, ctx(ms + 1_000_000))).toBeUndefined();
    const again = redeliver(s, ctx(ms + 5));
    expect(again).toMatchObject({ attempts: 0, retryAt: at(ms + 5).toISOString() });
    expect(again.failedAt).toBeUndefined();
    expect(sendable(again, ctx(ms + 5))?.sequence).toBe(1);
  });

  it('is not dead-lettered before its fifth attempt, however long the sweep was away', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    s = attempt(s, { kind: 'failed', error: 'HTTP 503' }, 0);
    for (const ms of [100_000, 200_000, 300_000]) s = attempt(s, { kind: 'failed', error: 'HTTP 503' }, ms);
    expect(s.failedAt).toBeUndefined();
    s = attempt(s, { kind: 'failed', error: 'HTTP 503' }, 400_000);
    expect(s).toMatchObject({ attempts: 5, failedAt: at(400_000).toISOString() });
  });

  it('dead-letters at once on 410 Gone, and when parked for a disabled endpoint', () => {
    let s = offer(undefined, fields, notice(1), ctx(0))!;
    s = attempt(s, { kind: 'gone' }, 0);
    expect(s.failedAt).toBe(at(0).toISOString());
    expect(s.lastError).toContain('410');
    const parked = deadLetter(offer(undefined, fields, notice(1), ctx(0))!, 'endpoint disabled', ctx(1));
    expect(parked).toMatchObject({ failedAt: at(1).toISOString(), lastError: 'endpoint disabled' });
  });

  it('whatever order notices arrive in, repeated, and however often attempts fail, delivers 1…n exactly in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.shuffledSubarray([...Array.from({ length: n }, (_, i) => i + 1), ...Array.from({ length: n }, (_, i) => i + 1)], { minLength: 2 * n, maxLength: 2 * n }),
            fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }),
          ),
        ),
        ([n, arrivals, failures]) => {
          const delivered: number[] = [];
          let s: DeliveryStream | undefined;
          let ms = 0;
          let f = 0;
          const pump = () => {
            for (let guard = 0; s && guard < 50; guard++) {
              const head = sendable(s, ctx(ms));
              if (!head) return;
              const fails = failures[f++ % failures.length]!;
              s = recordAttempt(s, head.eventId, fails ? { kind: 'failed', error: 'x' } : { kind: 'delivered' }, { ...ctx(ms), schedule: { ...schedule, giveUpAfterMs: 1e12 }, random: 0.5 })!;
              if (!fails) delivered.push(head.sequence);
              ms += 10_000;
            }
          };
          for (const sequence of arrivals) {
            s = offer(s, fields, notice(sequence), ctx(ms)) ?? s;
            pump();
          }
          for (let i = 0; i < 400 && delivered.length < n; i++) {
            ms += 10_000;
            pump();
          }
          expect(delivered).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        },
      ),
      { numRuns: 300 },
    );
  });
});
