import type { Logger } from '@aws-lambda-powertools/logger';
import { caseNumberPattern, ClassificationBody, WorkOrderActionBody, type RegionConfig } from '@govflow/contracts';
import { fileViews, linkUploads, releaseIncoming, type ObjectStore } from '@govflow/platform/object-store';
import { callerOf, HttpProblem, json, maskPersonalData, parseJsonBody, requireRole, routeApi, type ApiEvent, type Caller } from '@govflow/platform';
import { transferCorrection } from '../domain/classification/corrections';
import { classifyByOperator, NotInTriage, recategorisation, type DispatchRecord } from '../domain/routing/decide';
import { priorityOf } from '../domain/routing/repeats';
import { applyAction, neverAllowed, stepEvent, type Actor } from '../domain/workorder/lifecycle';
import { ConcurrentChange, type DispatchRepository } from '../adapters/repository';

export interface DispatchApiDeps {
  region: RegionConfig;
  repository: DispatchRepository;
  logger: Logger;
  store: ObjectStore;
  now: () => Date;
}

/**
 * The case the path names, by its id (a UUID) or by the number read to the citizen
 * (`WH-20261124-000042`); anything else, a 10,000-character segment say, names no case.
 */
async function caseOf(event: ApiEvent, repository: DispatchRepository): Promise<DispatchRecord | undefined> {
  const id = event.pathParameters?.caseId ?? '';
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) return repository.get(id);
  return caseNumberPattern.test(id) ? repository.findByNumber(id) : undefined;
}

function requireTriageRole(caller: Caller): void {
  requireRole(caller, ['dispatcher', 'operator'], 'Only dispatchers and operators triage cases');
}

/** Manual triage: the cases the classifier could not route, and the operator's decision on each. */
export function createDispatchApi(deps: DispatchApiDeps) {
  return routeApi(
    {
      'GET /v1/triage': async (event: ApiEvent) => {
        requireTriageRole(callerOf(event));
        const limit = Math.min(Math.max(Number(event.queryStringParameters?.limit ?? 50) || 50, 1), 200);
        const page = await deps.repository.listTriage(limit, event.queryStringParameters?.cursor);
        return json(200, {
          items: page.items.map((r) => ({
            caseId: r.caseId,
            caseNumber: r.caseNumber,
            reason: r.workOrder?.status === 'returned' ? 'returned' : r.triageReason,
            kind: r.request.kind,
            title: r.request.title,
            description: r.request.description,
            location: r.request.location,
            jurisdiction: r.jurisdiction,
            suggestion: r.category,
            suggestions: r.suggestions ?? (r.category ? [{ major: r.category.major, minor: r.category.minor, minorName: r.category.minorName, confidence: r.category.confidence }] : []),
            receivedAt: r.receivedAt,
          })),
          cursor: page.cursor,
        });
      },
      'POST /v1/cases/{caseId}/classification': async (event: ApiEvent) => {
        const caller = callerOf(event);
        requireTriageRole(caller);
        const written = parseJsonBody(event, ClassificationBody, { maxBytes: 4096 });
        const body = written.note === undefined ? written : { ...written, note: maskPersonalData(written.note) };
        const record = await caseOf(event, deps.repository);
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
            { caseId: record.caseId, title: record.request.title, body: record.request.description, minor: body.minor, source: 'triage', by: caller.partnerId, at: now.toISOString() },
            deps.region.id,
            decision.events,
          );
        } catch (error) {
          if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'concurrent-change', 'Case changed meanwhile', 'Reload the triage list and try again.');
          throw error;
        }
        deps.logger.info('case classified by operator', { caseId: record.caseId, minor: body.minor, status: decision.record.status });
        return json(200, {
          caseId: record.caseId,
          caseNumber: decision.record.caseNumber,
          status: decision.record.status,
          category: decision.record.category,
          workOrder: decision.record.workOrder,
        });
      },
      'GET /v1/workorders': async (event: ApiEvent) => {
        const caller = callerOf(event);
        requireRole(caller, ['department', 'dispatcher', 'supervisor', 'operator'], 'Inboxes are for departments, dispatchers and supervisors');
        const q = event.queryStringParameters ?? {};
        const departmentId = caller.role === 'department' ? caller.departmentId : q.departmentId;
        if (caller.role === 'department' && q.departmentId && q.departmentId !== caller.departmentId) throw new HttpProblem(403, 'forbidden', 'Department staff see only their own inbox');
        if (!departmentId) throw new HttpProblem(422, 'department-required', 'Name the department: ?departmentId=…');
        const limit = Math.min(Math.max(Number(q.limit ?? 50) || 50, 1), 200);
        const page = await deps.repository.inbox(departmentId, limit, q.status, q.cursor);
        return json(200, { items: page.items.map(publicOrder), cursor: page.cursor });
      },
      'GET /v1/workorders/{caseId}': async (event: ApiEvent) => {
        const caller = callerOf(event);
        const record = await caseOf(event, deps.repository);
        if (!record?.workOrder || !maySee(caller, record)) throw new HttpProblem(404, 'workorder-not-found', 'No work order for this case');
        const files = await fileViews(deps.store, record.workOrderFiles ?? [], deps.now());
        return json(200, { ...publicOrder(record), files, audit: record.workOrder.audit });
      },
      'POST /v1/workorders/{caseId}/actions': async (event: ApiEvent) => {
        const caller = callerOf(event);
        // Comments are staff's words about a citizen's case: numbers in them are masked before they reach the history, events or logs.
        const action = maskActionText(parseJsonBody(event, WorkOrderActionBody, { maxBytes: 8192 }));
        const record = await caseOf(event, deps.repository);
        if (!record?.workOrder || !maySee(caller, record)) throw new HttpProblem(404, 'workorder-not-found', 'No work order for this case');
        const actor: Actor = { id: caller.partnerId, role: caller.role, departmentId: caller.departmentId, partnerId: caller.partnerId };
        const never = neverAllowed(action.type, caller.role);
        if (never) throw new HttpProblem(403, 'action-forbidden', 'Step refused', never.detail);
        const now = deps.now();
        const recategorised = action.type === 'recategorise' ? recategorisation(deps.region, record, action.minor, now) : undefined;
        if (recategorised && 'refused' in recategorised) throw new HttpProblem(422, recategorised.refused, 'Category refused', recategorisationRefusals[recategorised.refused]);
        const outcome = applyAction(record.workOrder, action, actor, {
          now,
          calendar: deps.region.calendar,
          timeZone: deps.region.timeZone,
          departments: deps.region.departments,
          placement: recategorised?.placement,
        });
        if ('refused' in outcome) {
          const status = outcome.refused === 'forbidden' ? 403 : outcome.refused === 'invalid' ? 422 : 409;
          throw new HttpProblem(status, `action-${outcome.refused}`, 'Step refused', outcome.detail, undefined, { allowedNow: outcome.allowedNow });
        }
        // Photos are linked only once the step itself is allowed: a refused step copies nothing.
        const photos = action.type === 'resolve' && action.photos?.length ? await linkUploads(deps.store, caller, 'workorder-photo', record.caseId, action.photos) : [];
        const next: DispatchRecord = {
          ...record,
          workOrder: outcome.order,
          version: record.version + 1,
          ...(recategorised ? { category: recategorised.category } : {}),
          ...(photos.length > 0 ? { workOrderFiles: [...(record.workOrderFiles ?? []), ...photos] } : {}),
        };
        const stepped = stepEvent({ ...record.request, receivedAt: record.receivedAt }, outcome.order, outcome.entry, now);
        // A recategorisation teaches the category chosen; a transfer to a department of another category, that department's.
        const correction =
          action.type === 'recategorise'
            ? { title: record.request.title, body: record.request.description, minor: action.minor, source: 'recategorisation' as const }
            : action.type === 'transfer' && record.category
              ? transferCorrection(deps.region, record.request, record.category.minor, action.departmentId)
              : undefined;
        const learned = correction && { region: deps.region.id, correction: { ...correction, caseId: record.caseId, by: caller.partnerId, at: now.toISOString() } };
        const events = recategorised ? [recategorised.classified, stepped] : [stepped];
        try {
          await deps.repository.saveStep(next, record.version, events, learned);
        } catch (error) {
          if (error instanceof ConcurrentChange) throw new HttpProblem(409, 'concurrent-change', 'The work order changed meanwhile', 'Reload it and try again.');
          throw error;
        }
        if (photos.length > 0) {
          await releaseIncoming(deps.store, caller, photos).catch((error: unknown) => deps.logger.warn('incoming uploads not deleted', { caseId: record.caseId, error }));
        }
        deps.logger.info('work order step', { caseId: record.caseId, action: action.type, from: outcome.entry.from, to: outcome.entry.to, role: caller.role });
        return json(200, { ...publicOrder(next), files: await fileViews(deps.store, next.workOrderFiles ?? [], now), audit: outcome.order.audit });
      },
    },
    deps.logger,
  );
}

const recategorisationRefusals = {
  'unknown-category': 'No such category in this region; see GET /v1/taxonomy.',
  'dispute-category': 'A dispute is mediated, not handled as a work order: register it with POST /v1/disputes.',
  'same-category': 'The case already has this category; to move it to another unit, transfer it.',
} as const;

/**
 * Department staff see their department's orders; the partner its own cases; routing and
 * supervising roles, and grid workers (who verify on site), all; other roles none. Unseen
 * orders answer 404, so their existence is not learnt.
 */
function maySee(caller: Caller, record: DispatchRecord): boolean {
  switch (caller.role) {
    case 'department':
      return record.workOrder?.departmentId === caller.departmentId;
    case 'partner':
      return record.partnerId === caller.partnerId;
    case 'dispatcher':
    case 'supervisor':
    case 'grid-worker':
    case 'operator':
      return true;
    default:
      return false;
  }
}

function publicOrder(record: DispatchRecord) {
  const w = record.workOrder!;
  return {
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    workOrderId: w.workOrderId,
    status: w.status,
    departmentId: w.departmentId,
    departmentName: w.departmentName,
    coHandlerIds: w.coHandlerIds,
    category: record.category,
    title: record.request.title,
    signDeadline: w.signDeadline,
    resolveDeadline: w.resolveDeadline,
    returnCount: w.returnCount,
    reopenCount: w.reopenCount,
    escalated: w.escalated,
    supervision: w.supervision,
    repeatCount: w.repeatCount ?? 0,
    priority: priorityOf(w),
    rating: w.rating,
    receivedAt: record.receivedAt,
  };
}

/** The action with the phone, ID and bank numbers in its free text (reason, result) masked. */
export function maskActionText(action: WorkOrderActionBody): WorkOrderActionBody {
  const masked = { ...action };
  if ('reason' in masked && masked.reason !== undefined) masked.reason = maskPersonalData(masked.reason);
  if ('result' in masked) masked.result = maskPersonalData(masked.result);
  return masked;
}
