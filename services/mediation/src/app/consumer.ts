import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mediationRequestedV1, type RegionConfig } from '@govflow/contracts';
import { sqsConsumer, type OutboxRelay } from '@govflow/platform';
import { openingCommittee, openMediation } from '../domain/opening';
import { MediationRepository } from '../adapters/repository';

export interface MediationConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  relay: OutboxRelay;
  region: RegionConfig;
  logger: Logger;
  now?: () => Date;
}

/** Consumes `mediation.requested`: opens the mediation at the lowest tier and assigns a mediator. */
export function createMediationConsumer(deps: MediationConsumerDeps) {
  const repository = new MediationRepository(deps.doc, deps.tableName);
  const now = deps.now ?? (() => new Date());
  return sqsConsumer({
    accepted: [mediationRequestedV1],
    doc: deps.doc,
    tableName: deps.tableName,
    relay: deps.relay,
    logger: deps.logger,
    handle: async (event) => {
      const committee = openingCommittee(deps.region, event.payload.jurisdiction);
      const mediatorIds = deps.region.mediation.mediators.filter((m) => m.committeeId === committee.id).map((m) => m.id);
      const loads = await repository.openCases(mediatorIds);
      const { mediation, event: opened } = openMediation(deps.region, event, loads, now());
      const writes = [repository.createOnce(mediation)];
      const mediator = deps.region.mediation.mediators.find((m) => m.id === mediation.mediatorId);
      if (mediator) writes.push(repository.takeCase(mediator.id, mediator.capacity));
      deps.logger.info('mediation opened', { caseId: mediation.caseId, tier: mediation.tier, committeeId: mediation.committeeId, mediatorId: mediation.mediatorId });
      return { writes, emit: [opened] };
    },
  });
}
