import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mediationRequestedV1 } from '@govflow/contracts';
import { sqsConsumer, type OperatorMetrics } from '@govflow/platform';
import { amountInText, disputeTypeOf } from '../domain/placement';
import type { MediationRepository } from '../adapters/repository';
import type { MediationService } from './service';

export interface MediationConsumerDeps {
  doc: DynamoDBDocumentClient;
  tableName: string;
  repository: MediationRepository;
  service: MediationService;
  logger: Logger;
  metrics?: OperatorMetrics;
}

/**
 * Consumes `mediation.requested`: the citizen's case becomes a dispute with its own code,
 * opened at the tier its facts call for (or linked to an open one about the same matter).
 * The dispute's id is the case's id, so a redelivered request can never open it twice; it
 * finds the dispute there and changes nothing (no inbox marker is kept, and no dispute number
 * is drawn for it).
 */
export function createMediationConsumer(deps: MediationConsumerDeps) {
  return sqsConsumer({
    accepted: [mediationRequestedV1],
    doc: deps.doc,
    tableName: deps.tableName,
    logger: deps.logger,
    metrics: deps.metrics,
    handle: async (event) => {
      if (await deps.repository.exists(event.caseId)) return { writes: [], emit: [] };
      const p = event.payload;
      const text = `${p.title} ${p.description}`;
      const { change, events, outcome } = await deps.service.openingEffect({
        disputeId: event.caseId,
        caseId: event.caseId,
        caseNumber: p.caseNumber,
        partnerId: p.partnerId,
        traceId: event.traceId,
        source: 'case',
        type: disputeTypeOf(p.minor),
        minor: p.minor,
        title: deps.service.seal(p.title),
        narrative: deps.service.seal(p.description),
        narrativeText: p.description,
        amount: amountInText(text),
        riskFlags: [],
        consentToMediate: true,
        parties: [],
        jurisdiction: p.jurisdiction,
        receivedAt: p.receivedAt,
        by: { id: 'dispatch', role: 'system' },
      });
      const d = outcome.dispute;
      deps.logger.info('dispute opened from a case', { caseId: event.caseId, code: d.code, tier: d.tier, centreId: d.centreId, status: d.status });
      await deps.repository.beforeStep(change);
      return { writes: deps.repository.writesFor(change), emit: events };
    },
  });
}
