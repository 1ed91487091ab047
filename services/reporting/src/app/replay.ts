import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { allEvents, parseEvent, type RegionConfig } from '@govflow/contracts';
import { ReportingRepository } from '../adapters/repository';
import { addDays } from '../domain/time';
import { createProjector } from './consumer';

export interface ReplayOptions {
  doc: DynamoDBDocumentClient;
  region: RegionConfig;
  /** The table whose archive is read. */
  sourceTable: string;
  /** The table rebuilt (the same table to back-fill a figure in place). */
  targetTable: string;
  /** First and last UTC day of the archive to replay. */
  from: string;
  to: string;
  /** The run's name: its position is kept under it in the target table, so a rerun resumes. */
  name: string;
  /** Stop once this many events are done, at the end of an archive item (to hand the rest to a later run). */
  maxEvents?: number;
  onProgress?: (p: { day: string; events: number }) => void;
}

/**
 * Replays archived events, oldest first, through the consumer's own projection into the
 * target table. Merging a fact twice changes nothing, so a replay over figures that
 * already hold some events (a resumed run, a back-fill in place) counts each once. The
 * position is saved after every page; warnings are filed but not sent again.
 */
export async function replayArchive(options: ReplayOptions): Promise<{ events: number; done: boolean }> {
  const source = new ReportingRepository(options.doc, options.sourceTable);
  const target = new ReportingRepository(options.doc, options.targetTable);
  const projectEvent = createProjector({ doc: options.doc, tableName: options.targetTable, region: options.region });
  const position = (await target.replayPosition(options.name)) ?? { day: options.from, events: 0 };
  let replayed = 0;
  for (let day = position.day; day <= options.to; day = addDays(day, 1)) {
    let after = day === position.day ? position.after : undefined;
    for (;;) {
      const page = await source.archivePage(day, after);
      for (const item of page.items) {
        // A run stops between archive items, so a resumed one starts at the next item.
        if (options.maxEvents !== undefined && replayed >= options.maxEvents) {
          await target.saveReplayPosition(options.name, { day, after, events: position.events + replayed });
          return { events: replayed, done: false };
        }
        for (const raw of item.events) {
          const event = parseEvent(JSON.stringify(raw), allEvents);
          const effect = await projectEvent(event, { archive: options.sourceTable !== options.targetTable, reserved: 0 });
          if (effect.writes.length > 0) await options.doc.send(new TransactWriteCommand({ TransactItems: effect.writes }));
          replayed++;
        }
        after = item.key;
      }
      await target.saveReplayPosition(options.name, { day, after, events: position.events + replayed });
      options.onProgress?.({ day, events: position.events + replayed });
      if (!page.last) break;
    }
  }
  await target.saveReplayPosition(options.name, { day: addDays(options.to, 1), events: position.events + replayed });
  return { events: replayed, done: true };
}
