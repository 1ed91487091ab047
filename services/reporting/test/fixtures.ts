import { afterAll, beforeAll } from 'vitest';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { makeEvent } from '@govflow/contracts';
import { startEmbeddedServers, type EmbeddedServers } from '@govflow/local/servers';
import type {
  workOrderStepEvents,
  disputeStepEvents} from '@govflow/contracts';
import {
  caseClassifiedV1,
  caseLinkedAsRepeatV1,
  caseReceivedV1,
  mediationAcceptedV1,
  mediationAgreedV1,
  mediationClosedV1,
  mediationEscalatedV1,
  mediationJudicialRecordedV1,
  mediationOpenedV2,
  mediationReferredToCourtV1,
  mediationRiskAlertedV1,
  workorderDispatchedV1,
  workorderExtensionDecidedV1,
  workorderExtensionRequestedV1,
  workorderRatedV1,
  workorderResolvedV1,
  workorderReturnedV1,
  workorderSignedV1,
  workorderSupervisedV1,
  workorderTransferredV1,
  workorderVerifiedV1,
  type AnyEvent,
  type MediationTier,
  type Rating,
  type WorkOrderStatus
} from '@govflow/contracts';

/** Beijing local time to an instant. */
export const bj = (local: string) => new Date(`${local}+08:00`);

const place = { districtId: 'hbw', townId: 'hbw-xinhua', villageId: 'hbw-xinhua-1', gridId: 'hbw-xinhua-1-g1', resolvedBy: 'grid-id' } as const;
const cityDept = 'hbw-city-management-bureau';
const waterDept = 'city-water-utility';

/** Builds one case's events, step by step, the way dispatch and mediation would emit them. */
export class CaseStory {
  readonly events: AnyEvent[] = [];
  private sequence = 0;
  private disputeSequence = 0;
  private department = cityDept;
  private signDeadline: string;
  private resolveDeadline: string;

  constructor(
    readonly caseId: string,
    readonly receivedAt: string,
    private readonly kind: 'complaint' | 'dispute' = 'complaint',
  ) {
    this.signDeadline = new Date(Date.parse(receivedAt) + 24 * 3_600_000).toISOString();
    this.resolveDeadline = new Date(Date.parse(receivedAt) + 5 * 86_400_000).toISOString();
  }

  private common(at: string) {
    return { region: 'wuhai', caseId: this.caseId, traceId: 't', occurredAt: new Date(at) };
  }

  received(): this {
    this.events.push(
      makeEvent(caseReceivedV1, {
        ...this.common(this.receivedAt),
        payload: { caseNumber: `WH-${this.caseId}`, partnerId: 'hotline-12345', channel: 'hotline-12345', kind: this.kind, title: 't', description: 'd', location: { gridId: place.gridId }, receivedAt: this.receivedAt, attachmentCount: 0 },
      }),
    );
    return this;
  }

  classified(at: string, minor = 'urban-streetlight', major: 'urban' | 'dispute' = 'urban'): this {
    this.events.push(
      makeEvent(caseClassifiedV1, {
        ...this.common(at),
        payload: { partnerId: 'hotline-12345', kind: this.kind, major, minor, minorName: 'x', confidence: 0.9, route: major === 'dispute' ? 'mediation' : 'workorder', jurisdiction: place, receivedAt: this.receivedAt },
      }),
    );
    return this;
  }

  dispatched(at: string, deadlines?: { sign: string; resolve: string }): this {
    if (deadlines) [this.signDeadline, this.resolveDeadline] = [deadlines.sign, deadlines.resolve];
    this.events.push(
      makeEvent(workorderDispatchedV1, {
        ...this.common(at),
        payload: {
          workOrderId: `WO-${this.caseId}`, partnerId: 'hotline-12345', major: 'urban', minor: 'urban-streetlight', departmentId: this.department, departmentName: 'x',
          coHandlerIds: [], jurisdiction: place, signDeadline: this.signDeadline, resolveDeadline: this.resolveDeadline, receivedAt: this.receivedAt,
        },
      }),
    );
    return this;
  }

  private step(contract: (typeof workOrderStepEvents)[number], at: string, from: WorkOrderStatus, to: WorkOrderStatus, extra: { rating?: Rating } = {}): this {
    this.events.push(
      makeEvent(contract as typeof workorderSignedV1, {
        ...this.common(at),
        payload: {
          workOrderId: `WO-${this.caseId}`, partnerId: 'hotline-12345', sequence: ++this.sequence, from, to, by: { id: 'u', role: 'department' },
          departmentId: this.department, departmentName: 'x', signDeadline: this.signDeadline, resolveDeadline: this.resolveDeadline, escalated: false, receivedAt: this.receivedAt, ...extra,
        },
      }),
    );
    return this;
  }

  signed(at: string) { return this.step(workorderSignedV1, at, 'dispatched', 'signed'); }
  returned(at: string) { return this.step(workorderReturnedV1, at, 'dispatched', 'returned'); }
  transferred(at: string, to: 'same' | 'water') {
    if (to === 'water') this.department = waterDept;
    this.signDeadline = new Date(Date.parse(at) + 24 * 3_600_000).toISOString();
    return this.step(workorderTransferredV1, at, 'returned', 'dispatched');
  }
  extensionRequested(at: string) { return this.step(workorderExtensionRequestedV1, at, 'signed', 'extension-requested'); }
  extensionApproved(at: string, newDeadline: string) {
    this.resolveDeadline = newDeadline;
    return this.step(workorderExtensionDecidedV1, at, 'extension-requested', 'signed');
  }
  resolved(at: string) { return this.step(workorderResolvedV1, at, 'signed', 'resolved'); }
  verified(at: string, passed = true) { return this.step(workorderVerifiedV1, at, 'resolved', passed ? 'verified' : 'signed'); }
  rated(at: string, rating: Rating, newDeadline?: string) {
    if (rating === 'unsatisfied' && newDeadline) this.resolveDeadline = newDeadline;
    return this.step(workorderRatedV1, at, 'verified', rating === 'unsatisfied' ? 'signed' : 'closed', { rating });
  }

  supervised(at: string, level: 'due-soon' | 'overdue' | 'notice', deadlineKind: 'sign' | 'resolve' = 'resolve'): this {
    this.events.push(
      makeEvent(workorderSupervisedV1, {
        ...this.common(at),
        payload: {
          workOrderId: `WO-${this.caseId}`, partnerId: 'hotline-12345', level, deadlineKind, deadline: deadlineKind === 'resolve' ? this.resolveDeadline : this.signDeadline,
          departmentId: this.department, departmentName: 'x', status: 'signed', receivedAt: this.receivedAt,
        },
      }),
    );
    return this;
  }

  linkedAsRepeat(at: string, originalCaseId: string, repeatCount = 1): this {
    this.events.push(
      makeEvent(caseLinkedAsRepeatV1, {
        ...this.common(at),
        payload: { partnerId: 'hotline-12345', originalCaseId, originalCaseNumber: `WH-${originalCaseId}`, repeatCount, major: 'urban', minor: 'urban-streetlight', jurisdiction: place, receivedAt: this.receivedAt },
      }),
    );
    return this;
  }

  private disputeStep(contract: (typeof disputeStepEvents)[number], at: string, to: 'queued' | 'assigned' | 'accepted' | 'agreed' | 'closed' | 'referred-to-court', tier: MediationTier, extra: Record<string, unknown> = {}): this {
    this.events.push(
      makeEvent(contract as typeof mediationAcceptedV1, {
        ...this.common(at),
        payload: {
          disputeId: `D-${this.caseId}`, code: `WHTJ-${this.caseId}`, partnerId: 'grid-app', sequence: ++this.disputeSequence, to, by: { id: 'm', role: 'mediator' }, tier,
          centreId: 'c', centreName: 'c', disputeType: 'neighbour', source: this.kind === 'dispute' ? 'case' : 'counter', riskFlags: [], partyCount: 2, jurisdiction: place,
          openedAt: this.receivedAt, receivedAt: this.receivedAt, ...extra,
        },
      }),
    );
    return this;
  }

  disputeOpened(at: string, tier: MediationTier) { return this.disputeStep(mediationOpenedV2, at, 'assigned', tier); }
  riskAlerted(at: string, tier: MediationTier) { return this.disputeStep(mediationRiskAlertedV1, at, 'accepted', tier, { riskFlags: ['violence'] }); }
  disputeAccepted(at: string, tier: MediationTier) { return this.disputeStep(mediationAcceptedV1, at, 'accepted', tier); }
  disputeEscalated(at: string, from: MediationTier, to: MediationTier) { return this.disputeStep(mediationEscalatedV1, at, 'accepted', to, { escalation: { fromTier: from, toTier: to, cause: 'session-failed' } }); }
  disputeAgreed(at: string, tier: MediationTier) { return this.disputeStep(mediationAgreedV1, at, 'agreed', tier); }
  judicialConfirmed(at: string, tier: MediationTier) { return this.disputeStep(mediationJudicialRecordedV1, at, 'agreed', tier, { judicial: { outcome: 'confirmed' } }); }
  disputeClosed(at: string, tier: MediationTier) { return this.disputeStep(mediationClosedV1, at, 'closed', tier); }
  referredToCourt(at: string, tier: MediationTier) { return this.disputeStep(mediationReferredToCourtV1, at, 'referred-to-court', tier); }
}

export interface EmbeddedDynamo {
  servers: EmbeddedServers;
  dynamo: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/** A local DynamoDB (and its streams) for a file's tests: started before them and handed to `started`, closed after them. */
export function withEmbeddedDynamo(started: (local: EmbeddedDynamo) => void): void {
  let servers: EmbeddedServers | undefined;
  beforeAll(async () => {
    servers = await startEmbeddedServers({});
    const dynamo = new DynamoDBClient({ endpoint: servers.dynamodbEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    started({ servers, dynamo, doc: DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } }) });
  });
  afterAll(async () => {
    await servers?.close();
  });
}
