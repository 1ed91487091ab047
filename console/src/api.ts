/**
 * The console's one door to the API: a thin fetch wrapper with one function per operation
 * it uses. Everything else calls these, so a generated client can replace this module
 * without touching the views. Same origin: locally the gateway serves both, deployed
 * CloudFront puts `/v1/*` in front of the API.
 */
import type { CaseView, KpiReport, AssessmentReport, TaxonomyList, WorkOrderActionBody, DisputeActionBody, DisputeView, WarningView } from '@govflow/contracts';

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

export interface Suggestion {
  major: string;
  minor: string;
  minorName: string;
  confidence: number;
}

export interface TriageItem {
  caseId: string;
  caseNumber: string;
  reason?: 'unclassified' | 'location-unresolved' | 'returned';
  kind: string;
  title: string;
  description: string;
  location: { address?: string; gridId?: string };
  suggestion?: Partial<Suggestion>;
  suggestions?: Suggestion[];
  receivedAt: string;
}

export interface WorkOrder {
  caseId: string;
  caseNumber: string;
  workOrderId: string;
  status: string;
  departmentId: string;
  departmentName: string;
  category?: { major: string; minor: string; minorName: string };
  title: string;
  signDeadline: string;
  resolveDeadline: string;
  returnCount: number;
  reopenCount: number;
  escalated: boolean;
  supervision?: { kind: 'sign' | 'resolve'; deadline: string; level: 'due-soon' | 'overdue' | 'notice'; at: string };
  priority: string;
  receivedAt: string;
  audit?: { at: string; by: { id: string; role: string }; action: string; from: string; to: string; reason?: string }[];
}

export interface DisputeSummary {
  disputeId: string;
  code: string;
  status: string;
  type: string;
  title: string;
  tier: string;
  centreId: string;
  mediatorId?: string;
  riskFlags: string[];
  openedAt: string;
  queuedAt?: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export type Api = ReturnType<typeof createApi>;

export function createApi(key: string, base = '') {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
    if (!response.ok) {
      const problem = (typeof parsed === 'object' && parsed ? parsed : {}) as { title?: string; detail?: string; message?: string };
      throw new ApiError(response.status, problem.title ?? problem.message ?? response.statusText, problem.detail);
    }
    return parsed as T;
  }
  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
    const s = search.toString();
    return s ? `?${s}` : '';
  };
  const id = encodeURIComponent;

  return {
    taxonomy: () => request<TaxonomyList>('GET', '/v1/taxonomy'),
    triage: (cursor?: string) => request<Page<TriageItem>>('GET', `/v1/triage${query({ limit: 100, cursor })}`),
    classify: (caseId: string, minor: string) => request<{ status: string; workOrder?: WorkOrder }>('POST', `/v1/cases/${id(caseId)}/classification`, { minor }),
    inbox: (departmentId: string | undefined, cursor?: string) => request<Page<WorkOrder>>('GET', `/v1/workorders${query({ departmentId, limit: 200, cursor })}`),
    workOrder: (caseId: string) => request<WorkOrder>('GET', `/v1/workorders/${id(caseId)}`),
    act: (caseId: string, action: WorkOrderActionBody) => request<WorkOrder>('POST', `/v1/workorders/${id(caseId)}/actions`, action),
    caseView: (caseId: string) => request<CaseView>('GET', `/v1/requests/${id(caseId)}`),
    kpis: (params: { from?: string; to?: string; groupBy: string }) => request<KpiReport>('GET', `/v1/reports/kpis${query(params)}`),
    assessment: (month: string) => request<AssessmentReport>('GET', `/v1/reports/assessment${query({ month })}`),
    warnings: (month: string) => request<{ items: WarningView[] }>('GET', `/v1/reports/warnings${query({ month })}`),
    disputes: (params: { centreId?: string; mediatorId?: string; status?: string; cursor?: string }) =>
      request<Page<DisputeSummary>>('GET', `/v1/disputes${query({ ...params, limit: 100 })}`),
    dispute: (disputeId: string) => request<DisputeView>('GET', `/v1/disputes/${id(disputeId)}`),
    disputeAct: (disputeId: string, action: DisputeActionBody) => request<DisputeView>('POST', `/v1/disputes/${id(disputeId)}/actions`, action),
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
