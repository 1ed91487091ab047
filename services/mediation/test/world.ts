import { loadRegion } from '@govflow/regions';
import type { Jurisdiction } from '@govflow/contracts';
import { heldBy, type Actor, type Dispute, type Party } from '../src/domain/dispute';
import { applyDisputeAction, placementFor, type DisputeAction, type LifeContext, type Outcome, type Refusal } from '../src/domain/lifecycle';
import { profileFromRegion, type MediatorProfile } from '../src/domain/mediators';
import { openDispute, type OpeningInput } from '../src/domain/opening';

export const region = loadRegion('wuhai');
export const settings = region.mediation.settings;
export const committees = region.mediation.committees;
export const village: Jurisdiction = { gridId: 'hbw-xinhua-1-g1', villageId: 'hbw-xinhua-1', townId: 'hbw-xinhua', districtId: 'hbw', resolvedBy: 'grid-id' };

export const operator: Actor = { id: 'op', role: 'operator' };
export const systemActor: Actor = { id: 'system', role: 'system' };

export function party(partyId: string, role: Party['role'], identity = partyId): Party {
  return { partyId, role, kind: 'person', name: { masked: `${partyId}*` }, channel: 'counter', identities: [identity] };
}

export function openingInput(overrides: Partial<OpeningInput> = {}): OpeningInput {
  return {
    disputeId: 'd-1',
    code: 'WHTJ-20261126-000001',
    partnerId: 'petition',
    traceId: 't',
    source: 'counter',
    type: 'neighbour',
    title: { masked: '邻里纠纷' },
    narrative: { masked: '楼上漏水' },
    narrativeText: '楼上漏水',
    riskFlags: [],
    consentToMediate: true,
    parties: [party('P1', 'applicant'), party('P2', 'respondent')],
    jurisdiction: village,
    receivedAt: '2026-11-26T01:00:00.000Z',
    by: { id: 'petition', role: 'partner' },
    ...overrides,
  };
}

/**
 * A region's mediation in memory: rosters from the region data (optionally edited), loads
 * kept the way the repository keeps them (taken and released by the difference in who
 * holds each dispute), and a clock the test moves.
 */
export class World {
  readonly disputes = new Map<string, Dispute>();
  readonly loads = new Map<string, number>();
  readonly profiles: MediatorProfile[];
  now = new Date('2026-11-26T02:00:00.000Z');

  constructor(edit: (p: MediatorProfile) => MediatorProfile = (p) => p) {
    this.profiles = region.mediation.mediators.map((m) => edit(profileFromRegion(m, committees)));
  }

  context(): LifeContext {
    const rosters = new Map<string, MediatorProfile[]>();
    for (const p of this.profiles) rosters.set(p.committeeId, [...(rosters.get(p.committeeId) ?? []), p]);
    return { now: this.now, timeZone: region.timeZone, settings, committees, rosters, loads: new Map(this.loads) };
  }

  private commit(before: Dispute | undefined, outcome: Outcome): Outcome {
    for (const id of before ? heldBy(before) : []) this.loads.set(id, (this.loads.get(id) ?? 0) - 1);
    for (const id of heldBy(outcome.dispute)) this.loads.set(id, (this.loads.get(id) ?? 0) + 1);
    this.disputes.set(outcome.dispute.disputeId, outcome.dispute);
    return outcome;
  }

  open(overrides: Partial<OpeningInput> = {}): Dispute {
    return this.commit(undefined, openDispute(openingInput(overrides), this.context())).dispute;
  }

  act(disputeId: string, action: DisputeAction, actor: Actor = operator): Outcome | Refusal {
    const before = this.disputes.get(disputeId)!;
    // The app asks the domain which roster it needs; here every roster is at hand, but the call must not throw.
    placementFor(before, action, committees, settings);
    const outcome = applyDisputeAction(before, action, actor, this.context());
    return 'refused' in outcome ? outcome : this.commit(before, outcome);
  }

  /** Like `act`, failing the test on a refusal. */
  must(disputeId: string, action: DisputeAction, actor: Actor = operator): Outcome {
    const outcome = this.act(disputeId, action, actor);
    if ('refused' in outcome) throw new Error(`${action.type} refused: ${outcome.detail}`);
    return outcome;
  }

  /** What each mediator holds, counted from the disputes themselves. */
  held(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const d of this.disputes.values()) for (const id of heldBy(d)) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }
}
