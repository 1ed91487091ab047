import { apiEntry } from '@govflow/platform';
import { createReportingApi } from '../app/api';
import { ReportingRepository } from '../adapters/repository';
import { logger, runtimeFromEnv } from '../adapters/runtime';

const runtime = runtimeFromEnv(process.env);

/** API Gateway (HTTP API, payload 2.0): GET /v1/reports/summary. */
export const handler = apiEntry(logger, (secrets) =>
  createReportingApi({
    regionId: runtime.config.regionId,
    repository: new ReportingRepository(runtime.doc, runtime.config.tableName),
    secrets,
    logger,
    now: () => new Date(),
  }),
);
