import { describe, expect, it } from 'vitest';
import { closedAt, closesNow, erasePersonalData, erasureDue, holdsPersonalFiles } from '../../src/domain/workorder/retention';
import { lifeToClose, photo, recordWith, type Step } from './fixtures';

describe('retention of a work order’s photos', () => {
  it('counts from the step that closed the order, and only a closed order has a close', () => {
    expect(closedAt(recordWith(lifeToClose))).toBe('2026-11-25T16:30:00.000Z');
    expect(closedAt(recordWith(lifeToClose.slice(0, 3)))).toBeUndefined();
    // Rated unsatisfied (重办), then closed again later: the later close counts.
    const reopened: Step[] = [...lifeToClose.slice(0, 3), ['rate', 'signed', '2026-11-25T06:00:00.000Z'], ['resolve', 'resolved', '2026-11-26T01:00:00.000Z'], ['verify', 'verified', '2026-11-26T02:00:00.000Z'], ['rate', 'closed', '2026-11-26T03:00:00.000Z']];
    expect(closedAt(recordWith(reopened))).toBe('2026-11-26T03:00:00.000Z');
  });

  it('knows the write that closes the order, and whether there is anything to erase', () => {
    expect(closesNow(recordWith(lifeToClose))).toBe(true);
    expect(closesNow(recordWith(lifeToClose.slice(0, 3)))).toBe(false);
    // A record whose order is closed but whose last step led elsewhere is not the closing write.
    const later = recordWith([...lifeToClose, ['request-extension', 'extension-requested', '2026-11-27T00:00:00.000Z']]);
    expect(closesNow({ ...later, workOrder: { ...later.workOrder!, status: 'closed' } })).toBe(false);
    expect(holdsPersonalFiles(recordWith(lifeToClose))).toBe(false);
    expect(holdsPersonalFiles(recordWith(lifeToClose, [photo]))).toBe(true);
  });

  it('is due on its day, once, and never while the order is open', () => {
    const closed = recordWith(lifeToClose, [photo]);
    expect(erasureDue(closed, '2026-11-26', '2026-11-26')).toBe(true);
    expect(erasureDue(closed, '2026-11-26', '2026-11-27')).toBe(true);
    expect(erasureDue(closed, '2026-11-27', '2026-11-26')).toBe(false);
    expect(erasureDue(closed, undefined, '2026-11-26')).toBe(false);
    expect(erasureDue(recordWith(lifeToClose.slice(0, 3), [photo]), '2026-11-26', '2026-11-26')).toBe(false);
    expect(erasureDue({ ...closed, personalDataErasedAt: '2026-11-26T00:00:00.000Z' }, '2026-11-26', '2026-11-26')).toBe(false);
  });

  it('drops the photos and keeps the order, its steps and category', () => {
    const closed = { ...recordWith(lifeToClose, [photo]), category: { major: 'urban' as const, minor: 'urban-streetlight', minorName: '路灯', confidence: 0.9, by: 'classifier' as const } };
    const erased = erasePersonalData(closed, '2026-11-26T00:00:00.000Z');
    expect(erased.workOrderFiles).toBeUndefined();
    expect(erased).toMatchObject({ personalDataErasedAt: '2026-11-26T00:00:00.000Z', version: closed.version + 1, category: closed.category, workOrder: closed.workOrder, request: closed.request });
  });
});
