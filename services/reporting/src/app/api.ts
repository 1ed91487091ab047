import type { Logger } from '@aws-lambda-powertools/logger';
import { SummaryQuery } from '@govflow/contracts';
import { authenticate, HttpProblem, json, routeApi, zodIssues, type ApiEvent, type Secrets } from '@govflow/platform';
import { daysBetween, summarize } from '../domain/projection';
import type { ReportingRepository } from '../adapters/repository';

const defaultRangeDays = 30;
const maxRangeDays = 366;

export interface ReportingApiDeps {
  regionId: string;
  repository: ReportingRepository;
  secrets: Secrets;
  logger: Logger;
  now: () => Date;
}

/** GET /v1/reports/summary: an operator sees the whole region, a partner only its own cases. */
export function createReportingApi(deps: ReportingApiDeps) {
  return routeApi(
    {
      'GET /v1/reports/summary': async (event: ApiEvent) => {
        const caller = authenticate(event.headers, deps.secrets.authSecret);
        if (caller.role === 'grid-worker') throw new HttpProblem(403, 'forbidden', 'Reports are for partners, departments, dispatchers, supervisors and operators');
        const query = SummaryQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw new HttpProblem(422, 'validation-failed', 'Bad query', 'See errors.', zodIssues(query.error));
        const now = deps.now();
        const to = query.data.to ? new Date(query.data.to) : now;
        const from = query.data.from ? new Date(query.data.from) : new Date(to.getTime() - defaultRangeDays * 86_400_000);
        const days = daysBetween(from, to);
        if (days.length > maxRangeDays) {
          throw new HttpProblem(422, 'range-too-long', 'Time range too long', `At most ${maxRangeDays} days per summary.`);
        }
        const [fromIso, toIso] = [from.toISOString(), to.toISOString()];
        const pages = await Promise.all(days.map((day) => deps.repository.receivedOn(day, fromIso, toIso)));
        const summary = summarize(pages.flat(), {
          region: deps.regionId,
          from: fromIso,
          to: toIso,
          // Region-wide roles see everything; a partner its own cases; department staff their department's.
          partnerId: caller.role === 'partner' ? caller.partnerId : undefined,
          departmentId: caller.role === 'department' ? (caller.departmentId ?? '(none)') : undefined,
          generatedAt: now.toISOString(),
        });
        return json(200, summary);
      },
    },
    deps.logger,
  );
}
