import { describe, expect, it } from 'vitest';
import type { Dispute } from '../src/domain/dispute';
import { dueAction, dutyShardOf, dutyShards, nextDutyAt } from '../src/domain/duties';
import { judicialReminderAt } from '../src/domain/lifecycle';
import { settings, World } from './world';

/** Times chosen apart so each duty is recognisable: queue try < time limit; reminder < follow-up. */
const queueCheckAt = '2026-11-26T02:15:00.000Z';
const tierDeadline = '2026-12-26T15:59:59.999Z';
const windowCloses = '2026-12-31T00:00:00.000Z';
const reminder = '2026-12-26T00:00:00.000Z'; // 5 days before the window closes
const followUp = '2026-12-20T00:00:00.000Z';

const opened = new World().open();
function dispute(status: Dispute['status'], over: Partial<Dispute> = {}): Dispute {
  const d = structuredClone(opened);
  return { ...d, status, queueCheckAt, tierDeadline, followUps: [], ...over };
}
const agreement = (over: Partial<NonNullable<Dispute['agreement']>> = {}): Dispute['agreement'] => ({
  terms: { masked: 'x' },
  partial: false,
  reachedAt: '2026-11-26T00:00:00.000Z',
  effectiveAt: '2026-12-01T00:00:00.000Z',
  judicialWindowClosesAt: windowCloses,
  ...over,
});

describe('nextDutyAt: the earliest duty of a dispute', () => {
  it.each<[string, Dispute, string | undefined]>([
    ['queued: its next try', dispute('queued'), queueCheckAt],
    ['queued without a try: its time limit', dispute('queued', { queueCheckAt: undefined }), tierDeadline],
    ['assigned: the time limit (not the stale queue try)', dispute('assigned'), tierDeadline],
    ['accepted: the time limit', dispute('accepted'), tierDeadline],
    ['accepted without a time limit: none', dispute('accepted', { tierDeadline: undefined }), undefined],
    ['agreed, not in effect: none', dispute('agreed', { agreement: agreement({ effectiveAt: undefined }), followUps: [{ dueAt: followUp }] }), undefined],
    ['agreed: the reminder when earlier than the follow-up', dispute('agreed', { agreement: agreement(), followUps: [{ dueAt: '2027-01-01T00:00:00.000Z' }] }), reminder],
    ['agreed: the follow-up when earlier', dispute('agreed', { agreement: agreement(), followUps: [{ dueAt: followUp }] }), followUp],
    ['closed: still its follow-ups', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp }] }), followUp],
    ['closed: a done follow-up is no duty', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp, doneAt: followUp }] }), undefined],
    ['closed: a notified follow-up neither', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp, notifiedAt: followUp }] }), undefined],
    ['closed: no reminder after it was sent', dispute('closed', { agreement: agreement({ reminderSentAt: reminder }) }), undefined],
    ['declined: none', dispute('declined'), undefined],
    ['withdrawn: none, even with an agreement', dispute('withdrawn', { agreement: agreement() }), undefined],
  ])('%s', (_, d, expected) => {
    expect(nextDutyAt(d, settings)).toBe(expected);
  });
});

describe('dueAction: what the sweep does at `now`, boundaries included', () => {
  const at = (iso: string) => new Date(iso);
  it.each<[string, Dispute, string, string | undefined]>([
    ['time limit exactly reached', dispute('assigned'), tierDeadline, 'time-limit'],
    ['a millisecond before', dispute('assigned'), '2026-12-26T15:59:59.998Z', undefined],
    ['queued past the time limit', dispute('queued'), tierDeadline, 'time-limit'],
    ['accepted past the time limit', dispute('accepted'), tierDeadline, 'time-limit'],
    ['agreed past the old time limit: no escalation', dispute('agreed', { agreement: agreement({ effectiveAt: undefined }) }), '2027-01-01T00:00:00.000Z', undefined],
    ['queue try exactly due', dispute('queued'), queueCheckAt, 'assign-from-queue'],
    ['queue try a millisecond early', dispute('queued'), '2026-11-26T02:14:59.999Z', undefined],
    ['assigned with a stale queue try', dispute('assigned'), '2026-11-27T00:00:00.000Z', undefined],
    ['queued without a try', dispute('queued', { queueCheckAt: undefined }), '2026-11-27T00:00:00.000Z', undefined],
    ['reminder exactly due', dispute('agreed', { agreement: agreement() }), reminder, 'remind'],
    ['reminder a millisecond early', dispute('agreed', { agreement: agreement() }), '2026-12-25T23:59:59.999Z', undefined],
    ['closed, reminder due', dispute('closed', { agreement: agreement() }), reminder, 'remind'],
    ['not in effect: no reminder', dispute('agreed', { agreement: agreement({ effectiveAt: undefined }) }), reminder, undefined],
    ['withdrawn: no reminder', dispute('withdrawn', { agreement: agreement() }), reminder, undefined],
    ['follow-up exactly due', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp }] }), followUp, 'remind'],
    ['follow-up a millisecond early', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp }] }), '2026-12-19T23:59:59.999Z', undefined],
    ['one of two follow-ups due', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp }, { dueAt: '2027-02-01T00:00:00.000Z' }] }), followUp, 'remind'],
    ['a done follow-up', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp, doneAt: followUp }] }), followUp, undefined],
    ['a notified follow-up', dispute('closed', { agreement: agreement({ judicial: 'confirmed' }), followUps: [{ dueAt: followUp, notifiedAt: followUp }] }), followUp, undefined],
  ])('%s', (_, d, now, expected) => {
    expect(dueAction(d, at(now), settings)?.type).toBe(expected);
  });
});

describe('judicialReminderAt', () => {
  it('is the set number of days before the window closes, unless recorded or sent', () => {
    expect(judicialReminderAt(dispute('agreed', { agreement: agreement() }), settings)).toBe(reminder);
    expect(judicialReminderAt(dispute('agreed', { agreement: agreement({ judicial: 'applied' }) }), settings)).toBeUndefined();
    expect(judicialReminderAt(dispute('agreed', { agreement: agreement({ reminderSentAt: reminder }) }), settings)).toBeUndefined();
    expect(judicialReminderAt(dispute('agreed', { agreement: agreement({ judicialWindowClosesAt: undefined }) }), settings)).toBeUndefined();
    expect(judicialReminderAt(dispute('agreed'), settings)).toBeUndefined();
  });
});

describe('duty shards', () => {
  it('spread disputes over a fixed number of shards', () => {
    expect(dutyShards).toBe(16);
    const shards = new Set(Array.from({ length: 200 }, (_, i) => dutyShardOf(`d-${i}`)));
    expect([...shards].every((s) => s >= 0 && s < 16)).toBe(true);
    expect(shards.size).toBeGreaterThan(8);
  });
});
