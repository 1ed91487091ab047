import { describe, expect, it } from 'vitest';
import { closedAt, closes, erasePersonalData, erasureDue } from '../src/domain/retention';
import { toDisputeView } from '../src/domain/view';
import { operator, World } from './world';

const sealedParty = { masked: '王**', sealed: 'v1.name' };

describe('retention of a dispute’s personal data', () => {
  it('counts from the step that ended it, not from later steps on it', () => {
    const world = new World();
    const opened = world.open();
    expect(closedAt(opened)).toBeUndefined();
    const withdrawn = world.must('d-1', { type: 'withdraw', reason: '双方自行和解' }, operator).dispute;
    expect(closes(opened, withdrawn)).toBe(true);
    expect(closes(withdrawn, withdrawn)).toBe(false);
    const ended = withdrawn.history.at(-1)!.at;
    expect(closedAt(withdrawn)).toBe(ended);
    const later = { ...withdrawn, history: [...withdrawn.history, { at: '2030-01-01T00:00:00.000Z', action: 'attach', by: operator, from: 'withdrawn' as const, to: 'withdrawn' as const }] };
    expect(closedAt(later)).toBe(ended);
    expect(erasureDue(withdrawn, '2026-11-26', '2026-11-26')).toBe(true);
    expect(erasureDue(withdrawn, '2026-11-27', '2026-11-26')).toBe(false);
    expect(erasureDue(opened, '2026-11-26', '2026-11-26')).toBe(false);
    // Erased after it ended: done; ended again after an erasure (reopened, new data sealed): due again.
    expect(erasureDue({ ...withdrawn, personalDataErasedAt: '2030-01-01T00:00:00.000Z' }, '2026-11-26', '2026-11-26')).toBe(false);
    expect(erasureDue({ ...withdrawn, personalDataErasedAt: '2000-01-01T00:00:00.000Z' }, '2026-11-26', '2026-11-26')).toBe(true);
  });

  it('drops every sealed original and identity hash, keeping masked forms, status, times and history', () => {
    const world = new World();
    world.open();
    const ended = world.must('d-1', { type: 'withdraw' }, operator).dispute;
    const sealed = {
      ...ended,
      narrative: { masked: '对方电话135****1234', sealed: 'v1.narrative' },
      parties: ended.parties.map((p) => ({ ...p, name: sealedParty, phone: { masked: '135****1234', sealed: 'v1.phone' }, idNumber: { masked: '150302********1239', sealed: 'v1.id' } })),
      files: [{ uploadId: 'upl_2', purpose: 'dispute-agreement' as const, key: 'disputes/d-1/upl_2', fileName: '调解协议.pdf', contentType: 'application/pdf' as const, size: 10 }],
    };
    const erased = erasePersonalData(sealed, '2026-12-01T00:00:00.000Z');
    expect(erased.files).toBeUndefined();
    expect(JSON.stringify(erased)).not.toContain('"sealed"');
    expect(erased.parties.every((p) => p.identities.length === 0)).toBe(true);
    expect(erased).toMatchObject({ status: 'withdrawn', history: sealed.history, openedAt: sealed.openedAt, tier: sealed.tier, personalDataErasedAt: '2026-12-01T00:00:00.000Z', version: sealed.version + 1 });
    // Whoever may see it unmasked now sees what everyone sees.
    const unseal = (v: { masked: string; sealed?: string }) => (v.sealed ? `clear(${v.sealed})` : v.masked);
    expect(toDisputeView(erased, { reveal: unseal })).toEqual(toDisputeView(erased));
    expect(toDisputeView(erased).parties[0]).toMatchObject({ name: '王**', phone: '135****1234' });
  });
});
