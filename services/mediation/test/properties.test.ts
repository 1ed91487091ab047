import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { disputeTypes, riskFlags, terminalDisputeStatuses, type Jurisdiction } from '@govflow/contracts';
import type { DisputeAction } from '../src/domain/lifecycle';
import { committees, operator, systemActor, village, World } from './world';

const places: Jurisdiction[] = [village, { villageId: 'hbw-xinhua-2', townId: 'hbw-xinhua', districtId: 'hbw', resolvedBy: 'grid-id' }, { townId: 'hbw-xinhua', districtId: 'hbw', resolvedBy: 'address' }];

const action: fc.Arbitrary<DisputeAction> = fc.oneof(
  fc.constant<DisputeAction>({ type: 'accept' }),
  fc.constantFrom<DisputeAction>({ type: 'decline', reason: 'other' }, { type: 'withdraw' }, { type: 'close' }, { type: 'refer-to-court', reason: '调解不成' }),
  fc.constant<DisputeAction>({ type: 'schedule-session', at: '2026-12-01T02:00:00.000Z', place: '调解室' }),
  fc.record({ outcome: fc.constantFrom('agreement', 'partial-agreement', 'no-agreement', 'withdrawn'), escalate: fc.boolean() }).map(
    ({ outcome, escalate }): DisputeAction => ({ type: 'record-session', attendance: [], evidence: [], outcome, escalate, terms: { masked: '协议' } }),
  ),
  fc.constantFrom<DisputeAction>({ type: 'confirm', partyId: 'P1', via: 'counter' }, { type: 'confirm', partyId: 'P2', via: 'counter' }),
  fc.constantFrom<DisputeAction>({ type: 'escalate', reason: '双方同意提级' }, { type: 'extend', days: 10, reason: '双方同意' }),
  fc.constantFrom(...riskFlags).map((flag): DisputeAction => ({ type: 'flag-risk', flag })),
  fc.constant<DisputeAction>({ type: 'reassign', reason: '当事人申请回避' }),
  fc.constantFrom<DisputeAction>({ type: 'record-judicial', outcome: 'confirmed' }, { type: 'record-judicial', outcome: 'rejected' }, { type: 'follow-up', performance: 'performed' }),
  fc.constantFrom<DisputeAction>({ type: 'report-breach', then: 'reopen' }, { type: 'report-breach', then: 'refer-to-court' }),
);
const system: fc.Arbitrary<DisputeAction> = fc.constantFrom<DisputeAction>({ type: 'time-limit' }, { type: 'assign-from-queue' }, { type: 'remind' });

const scenario = fc.record({
  openings: fc.array(fc.record({ place: fc.nat(places.length - 1), type: fc.constantFrom(...disputeTypes), flags: fc.subarray([...riskFlags], { maxLength: 1 }) }), { minLength: 1, maxLength: 9 }),
  steps: fc.array(fc.record({ dispute: fc.nat(8), action: fc.oneof({ weight: 5, arbitrary: action }, { weight: 1, arbitrary: system }), advanceDays: fc.nat(20) }), { maxLength: 60 }),
});

const reopening = (a: DisputeAction) => (a.type === 'report-breach' && a.then === 'reopen') || (a.type === 'record-judicial' && a.outcome === 'rejected');

describe('random lives of disputes (fast-check)', () => {
  it('keep every mediator within capacity, each dispute at one tier, closed closed unless reopened, every step in the history once', () => {
    fc.assert(
      fc.property(scenario, ({ openings, steps }) => {
        const world = new World((p) => ({ ...p, capacity: Math.min(p.capacity, 2) }));
        openings.forEach((o, i) => world.open({ disputeId: `d-${i}`, type: o.type, riskFlags: o.flags, jurisdiction: places[o.place]! }));
        const capacity = new Map(world.profiles.map((p) => [p.id, p.capacity]));
        for (const step of steps) {
          const id = `d-${step.dispute % openings.length}`;
          world.now = new Date(world.now.getTime() + step.advanceDays * 86_400_000);
          const before = world.disputes.get(id)!;
          const isSystem = ['time-limit', 'assign-from-queue', 'remind'].includes(step.action.type);
          const outcome = world.act(id, step.action, isSystem ? systemActor : operator);
          if ('refused' in outcome) {
            expect(world.disputes.get(id)).toBe(before);
            continue;
          }
          const after = outcome.dispute;
          // Every transition in the history once, numbered without gaps.
          expect(outcome.steps.map((s) => s.payload.sequence)).toEqual(outcome.steps.map((_, k) => before.sequence + k + 1));
          expect(after.history).toHaveLength(after.sequence);
          // Closed (or any end) stays so unless reopened.
          if (terminalDisputeStatuses.includes(before.status) && !reopening(step.action)) expect(after.status).toBe(before.status);
          // One tier: the centre's, and every mediator it holds sits at that centre.
          const centre = committees.find((c) => c.id === after.centreId)!;
          expect(after.tier).toBe(centre.tier);
          for (const m of [after.mediator, ...after.team].filter((x) => x && !terminalDisputeStatuses.includes(after.status) && after.status !== 'queued')) {
            expect(world.profiles.find((p) => p.id === m!.id)?.committeeId).toBe(after.centreId);
          }
        }
        // Loads are the disputes held, never past capacity.
        const held = world.held();
        for (const [id, load] of world.loads) {
          expect(load).toBe(held.get(id) ?? 0);
          expect(load).toBeLessThanOrEqual(capacity.get(id)!);
        }
      }),
      { numRuns: 300 },
    );
  });
});
