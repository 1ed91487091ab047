/**
 * The console's one door to the API, typed from the OpenAPI document partners build on
 * (`contracts/src/openapi-types.ts`, made by `npm run openapi:types`): a path, parameter,
 * body or answer the document does not describe does not compile, so the console cannot
 * drift from the API. Same origin: locally the gateway serves both, deployed CloudFront
 * puts `/v1/*` in front of the API.
 */
import createClient from 'openapi-fetch';
import type { components, operations, paths } from '@govflow/contracts/openapi-types';

type Schemas = components['schemas'];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

export type TriageItem = Schemas['TriageList']['items'][number];
export type Suggestion = TriageItem['suggestions'][number];
export type WorkOrder = Schemas['WorkOrder'];
/** A work order as lists show it: everything but the audit trail. */
export type WorkOrderSummary = Schemas['WorkOrderSummary'];
export type WorkOrderAction = Schemas['WorkOrderAction'];
export type DisputeSummary = Schemas['DisputeList']['items'][number];
export type Dispute = Schemas['Dispute'];
export type DisputeAction = Schemas['DisputeAction'];
export type CaseView = Schemas['Case'];
export type KpiReport = Schemas['KpiReport'];
export type AssessmentReport = Schemas['AssessmentReport'];
export type Warning = Schemas['Warning'];
export type Taxonomy = Schemas['Taxonomy'];
export type RevealRequest = Schemas['RevealRequest'];
export type RevealAnswer = Schemas['RevealAnswer'];
export type KpiQuery = QueryOf<'getKpis'>;
export type DisputeQuery = QueryOf<'listDisputes'>;

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
  ) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

/** The answer's body, or an ApiError carrying the problem document's title and detail. */
async function answer<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) {
    const problem = (typeof error === 'object' && error ? error : {}) as { title?: string; detail?: string; message?: string };
    throw new ApiError(response.status, problem.title ?? problem.message ?? response.statusText, problem.detail);
  }
  return data;
}

export type Api = ReturnType<typeof createApi>;

export function createApi(key: string, baseUrl = location.origin) {
  const client = createClient<paths, `${string}/${string}json`>({ baseUrl, headers: { authorization: `Bearer ${key}` } });
  const caseId = (id: string) => ({ params: { path: { caseId: id } } });
  const disputeId = (id: string) => ({ params: { path: { disputeId: id } } });
  return {
    taxonomy: () => answer(client.GET('/v1/taxonomy')),
    triage: (cursor?: string) => answer(client.GET('/v1/triage', { params: { query: { limit: '100', cursor } } })),
    classify: (id: string, minor: string) => answer(client.POST('/v1/cases/{caseId}/classification', { ...caseId(id), body: { minor } })),
    inbox: (departmentId: string | undefined, cursor?: string) => answer(client.GET('/v1/workorders', { params: { query: { departmentId, limit: '200', cursor } } })),
    workOrder: (id: string) => answer(client.GET('/v1/workorders/{caseId}', caseId(id))),
    act: (id: string, action: WorkOrderAction) => answer(client.POST('/v1/workorders/{caseId}/actions', { ...caseId(id), body: action })),
    caseView: (id: string) => answer(client.GET('/v1/requests/{caseId}', caseId(id))),
    reveal: (id: string, request: RevealRequest) => answer(client.POST('/v1/requests/{caseId}/reveal', { ...caseId(id), body: request })),
    kpis: (query: KpiQuery) => answer(client.GET('/v1/reports/kpis', { params: { query } })),
    assessment: (month: string) => answer(client.GET('/v1/reports/assessment', { params: { query: { month } } })),
    warnings: (month: string) => answer(client.GET('/v1/reports/warnings', { params: { query: { month } } })),
    disputes: (query: Omit<DisputeQuery, 'limit'>) => answer(client.GET('/v1/disputes', { params: { query: { ...query, limit: 100 } } })),
    dispute: (id: string) => answer(client.GET('/v1/disputes/{disputeId}', disputeId(id))),
    disputeAct: (id: string, action: DisputeAction) => answer(client.POST('/v1/disputes/{disputeId}/actions', { ...disputeId(id), body: action })),
  };
}

/** Every page of a listing, up to `maxPages` (a console view, not an export). */
export async function allPages<T>(load: (cursor?: string) => Promise<Page<T>>, maxPages = 20): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await load(cursor);
    items.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return items;
}
