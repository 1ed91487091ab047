import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';

/** What `npm start` writes to .data/local.json for tools like the demo and the benchmark. */
export const LocalInfo = z.object({
  apiUrl: z.string().url(),
  apiKey: z.string(),
  region: z.string(),
  partnerKeys: z.record(z.string(), z.string()).optional(),
  tokenIssuer: z.string().optional(),
  /** Demo staff users' tokens from the local issuer (see `npm run token` for fresh ones). */
  staffTokens: z
    .object({
      operator: z.string(),
      mediators: z.record(z.string(), z.string()),
    })
    .partial()
    .optional(),
  endpoints: z.object({ dynamodb: z.string(), sqs: z.string() }).optional(),
  tableNames: z.record(z.string(), z.string()).optional(),
  queueUrls: z.record(z.string(), z.string()).optional(),
  dlqUrls: z.record(z.string(), z.string()).optional(),
});
export type LocalInfo = z.infer<typeof LocalInfo>;

export function readLocalInfo(): LocalInfo {
  const path = resolve(process.env.GOVFLOW_DATA_DIR ?? '.data', 'local.json');
  try {
    return LocalInfo.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    console.error(`Cannot read ${path}: start the system first with \`npm start\` (in another terminal).`);
    throw error;
  }
}

export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 100): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
