import { apiEntry } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { createReportingApi } from '../app/api';
import { ReportingRepository } from '../adapters/repository';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);
const region = loadRegion(runtime.config.regionId);

/** API Gateway (HTTP API, payload 2.0): GET /v1/reports/{kpis,assessment,topics,warnings,daily,summary}. */
export const handler = apiEntry(logger, () =>
  createReportingApi({
    region,
    repository: new ReportingRepository(runtime.doc, runtime.config.tableName),
    logger,
    now: () => new Date(),
    // Tests lower the summary's limit to see it refuse.
    ...(process.env.SUMMARY_MAX_CASES ? { summaryMaxCases: Number(process.env.SUMMARY_MAX_CASES) } : {}),
  }),
);
