import type { Logger } from '@aws-lambda-powertools/logger';
import { ClassificationBody, type RegionConfig } from '@govflow/contracts';
import { authenticate, HttpProblem, json, parseJsonBody, routeApi, type ApiEvent, type ApiKeyClaims, type OutboxRelay, type Secrets } from '@govflow/platform';
import { classifyByOperator, NotInTriage } from '../domain/decide';
import { ConcurrentChange, type DispatchRepository } from '../adapters/repository';

export interface DispatchApiDeps {
  region: RegionConfig;
  repository: DispatchRepository;
  relay: OutboxRelay;
  secrets: Secrets;
  logger: Logger;
  now: () => Date;
}

function requireTriageRole(caller: ApiKeyClaims): void {
  if (caller.role !== 'operator' && caller.role !== 'dispatcher') {
    throw new HttpProblem(403, 'forbidden', 'Only dispatchers and operators triage cases');
  }
}

/** Manual triage: the cases the classifier could not route, and the operator's decision on each. */
export function createDispatchApi(deps: DispatchApiDeps) {
  return routeApi(
    {
      'GET /v1/triage': async (event: ApiEvent) => {
        requireTriageRole(authenticate(event.headers, deps.secrets.authSecret));
        const limit = Math.min(Math.max(Number(event.queryStringParameters?.limit ?? 50) || 50, 1), 200);
        const page = await deps.repository.listTriage(limit, event.queryStringParameters?.cursor);
        return json(200, {
          items: page.items.map((r) => ({
            caseId: r.caseId,
            caseNumber: r.caseNumber,
            reason: r.triageReason,
            kind: r.request.kind,
            title: r.request.title,
            description: r.request.description,
            location: r.request.location,
            jurisdiction: r.jurisdiction,
            suggestion: r.category,
            receivedAt: r.receivedAt,
          })),
          cursor: page.cursor,
        });
      },
      'POST /v1/cases/{caseId}/classification': async (event: ApiEvent) => {
        const caller = authenticate(event.headers, deps.secrets.authSecret);
        requireTriageRole(caller);
        const body = parseJsonBody(event, ClassificationBody, { maxBytes: 4096 });
        const caseId = event.pathParameters?.caseId ?? '';
        const record = await deps.repository.get(caseId);
        if (!record) throw new HttpProblem(404, 'case-not-found', 'No such case');
        if (!deps.region.taxonomy.minors.some((m) => m.code === body.minor)) {
          throw new HttpProblem(422, 'unknown-category', 'Unknown category', `No category ${body.minor} in region ${deps.region.id}; see GET /v1/taxonomy.`);
        }
        const now = deps.now();
        let decision;
        try {
          decision = classifyByOperator(deps.region, record, body.minor, caller.partnerId, now);
        } catch (error) {
          if (error instanceof NotInTriage) throw new HttpProblem(409, 'not-in-triage', 'Case is not waiting for triage', error.message);
          throw error;
        }
        try {
          await deps.repository.saveOperatorDecision(
            decision.record,
            record.version,
            { caseId, title: record.request.title, body: record.request.description, minor: body.minor, by: caller.partnerId, at: now.toISOString() },
            deps.region.id,
            decision.events,
          );
        } catch (error) {
          if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'concurrent-change', 'Case changed meanwhile', 'Reload the triage list and try again.');
          throw error;
        }
        await deps.relay.deliver(decision.events);
        deps.logger.info('case classified by operator', { caseId, minor: body.minor, status: decision.record.status });
        return json(200, {
          caseId,
          caseNumber: decision.record.caseNumber,
          status: decision.record.status,
          category: decision.record.category,
          workOrder: decision.record.workOrder,
        });
      },
    },
    deps.logger,
  );
}
