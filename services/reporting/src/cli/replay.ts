/**
 * `npm run reporting:replay -- --table <archive table> [--into <table>] --from YYYY-MM-DD [--to YYYY-MM-DD] [--name run] [--region wuhai]`
 *
 * Rebuilds reporting's projections from its event archive (or back-fills a new figure in
 * place: `--into` the same table). Shows progress; run it again with the same `--name` to
 * resume where it stopped. DynamoDB is reached the usual way (AWS_ENDPOINT_URL_DYNAMODB for
 * the local system).
 */
import { parseArgs } from 'node:util';
import { createDocumentClient } from '@govflow/platform';
import { loadRegion } from '@govflow/regions';
import { replayArchive } from '../app/replay';

const { values } = parseArgs({
  options: {
    table: { type: 'string' },
    into: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    name: { type: 'string', default: 'replay' },
    region: { type: 'string', default: 'wuhai' },
  },
});
if (!values.table || !values.from || !/^\d{4}-\d{2}-\d{2}$/.test(values.from)) {
  console.error('usage: npm run reporting:replay -- --table <archive table> [--into <table>] --from YYYY-MM-DD [--to YYYY-MM-DD] [--name run]');
  process.exit(2);
}
const started = Date.now();
const result = await replayArchive({
  doc: createDocumentClient(),
  region: loadRegion(values.region),
  sourceTable: values.table,
  targetTable: values.into ?? values.table,
  from: values.from,
  to: values.to ?? new Date().toISOString().slice(0, 10),
  name: values.name,
  onProgress: ({ day, events }) => process.stdout.write(`\rreplaying ${day}: ${events} events, ${Math.round(events / ((Date.now() - started) / 1000 || 1))}/s   `),
});
console.log(`\n${result.events} events replayed into ${values.into ?? values.table}; position saved as "${values.name}".`);
