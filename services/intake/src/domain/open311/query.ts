import { open311Limits, Open311Status, type Open311RequestQuery } from '@govflow/contracts';
import type { CaseRecord } from '../case';
import { Open311Rejection } from './rejection';
import { open311Status } from './requests';

/** What `GET requests` asks for: named cases, or a window of time with filters. */
export type Open311Listing =
  | { by: 'ids'; caseNumbers: string[] }
  | { by: 'window'; from: Date; to: Date; serviceCodes?: ReadonlySet<string>; statuses?: ReadonlySet<Open311Status>; limit: number };

const dayMs = 86_400_000;
// W3C date-time with a zone, as the specification requires ("2010-01-01T00:00:00Z"); a date alone is also read, as midnight UTC.
const w3cDateTime = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

const list = (value: string | undefined) =>
  value
    ?.split(',')
    .map((v) => v.trim())
    .filter(Boolean) ?? [];

function instant(name: string, value: string | undefined, problems: string[]): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const at = w3cDateTime.test(value) ? new Date(value) : undefined;
  if (!at || Number.isNaN(at.getTime())) {
    problems.push(`${name} must be a W3C date-time with a time zone, e.g. 2026-11-01T00:00:00+08:00`);
    return undefined;
  }
  return at;
}

/**
 * The specification's filters and defaults: `service_request_id` overrides the rest; with
 * no dates, the last 90 days; with one, 90 days from or up to it; never more than 90 days;
 * at most 1,000 requests, newest first.
 */
export function planListing(query: Open311RequestQuery, now: Date): Open311Listing {
  const problems: string[] = [];
  const ids = list(query.service_request_id);
  if (ids.length > 0) {
    if (ids.length > open311Limits.maxIds) throw new Open311Rejection(400, [`service_request_id names at most ${open311Limits.maxIds} requests`]);
    return { by: 'ids', caseNumbers: [...new Set(ids)] };
  }
  const start = instant('start_date', query.start_date, problems);
  const end = instant('end_date', query.end_date, problems);
  const statuses = list(query.status);
  for (const s of statuses) if (!Open311Status.safeParse(s).success) problems.push(`status ${s} is not open or closed`);
  if (problems.length) throw new Open311Rejection(400, problems);
  const window = open311Limits.windowDays * dayMs;
  const to = end ?? (start ? new Date(start.getTime() + window) : now);
  const from = start ?? new Date(to.getTime() - window);
  if (from > to) throw new Open311Rejection(400, ['start_date is after end_date']);
  if (to.getTime() - from.getTime() > window) throw new Open311Rejection(400, [`start_date and end_date may be at most ${open311Limits.windowDays} days apart`]);
  const codes = list(query.service_code);
  return {
    by: 'window',
    from,
    to,
    serviceCodes: codes.length ? new Set(codes) : undefined,
    statuses: statuses.length ? new Set(statuses as Open311Status[]) : undefined,
    limit: open311Limits.maxResults,
  };
}

/** Whether a case read for a window belongs in the answer: requested inside it, of a named service and status. */
export function inWindow(record: CaseRecord, listing: Extract<Open311Listing, { by: 'window' }>): boolean {
  const at = new Date(record.receivedAt);
  if (at < listing.from || at > listing.to) return false;
  if (listing.serviceCodes && !(record.category && listing.serviceCodes.has(record.category.minor))) return false;
  if (listing.statuses && !listing.statuses.has(open311Status(record.status))) return false;
  return true;
}
