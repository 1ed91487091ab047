import type { Logger } from '@aws-lambda-powertools/logger';
import type { RegionConfig } from '@govflow/contracts';
import type { ReportingRepository } from '../adapters/repository';
import { addRows, digestedDimensions, isSealable } from '../domain/digests';
import type { Dimension } from '../domain/figures';
import { addDays, localDay, monthDays } from '../domain/time';

export interface SealDeps {
  region: RegionConfig;
  repository: ReportingRepository;
  logger?: Logger;
}

export interface SealOptions {
  now: Date;
  /** Seal every day from this one (a back-fill); by default, from the day after the last run's. */
  from?: string;
  /** Stop starting new days after this instant (ms), to stay within the function's time. */
  deadline?: number;
  onDay?: (day: string) => void;
}

/** On the first run, how far back days are sealed (older ones stay readable from live items; `from` back-fills them). */
const firstRunDays = 1;
/** A seal that keeps meeting a concurrent change is left for the next run. */
const sealAttempts = 5;

/**
 * The sealing job (run with the warner): folds pending changes into the digests of closed
 * buckets, then digests the days (and months) that became sealable since the last run.
 */
export async function sealDigests(deps: SealDeps, options: SealOptions): Promise<{ folded: number; sealed: number; through: string }> {
  const { repository } = deps;
  const today = localDay(options.now, deps.region.timeZone);
  const clock = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: deps.region.timeZone, hourCycle: 'h23', hour: 'numeric', minute: 'numeric' }).formatToParts(options.now).map((p) => [p.type, Number(p.value)]),
  );
  const minutesIntoToday = clock.hour! * 60 + clock.minute!;
  const lastSealable = addDays(today, isSealable(addDays(today, -1), today, minutesIntoToday) ? -1 : -2);
  const pastDeadline = () => options.deadline !== undefined && Date.now() > options.deadline;

  let folded = 0;
  // A back-fill seals (and folds) just the days it is given; the scheduled run folds wherever changes wait.
  for (const dimension of options.from ? [] : digestedDimensions) {
    for (const bucket of await repository.pendingBuckets(dimension)) {
      if (pastDeadline()) break;
      if (isSealable(bucket, today, minutesIntoToday) && (await sealBucket(repository, dimension, bucket))) folded++;
    }
  }

  let sealed = 0;
  const previous = options.from ? addDays(options.from, -1) : ((await repository.digestProgress()) ?? addDays(lastSealable, -firstRunDays));
  let through = previous;
  for (let day = addDays(previous, 1); day <= lastSealable && !pastDeadline(); day = addDays(day, 1)) {
    const buckets = day === monthDays(day.slice(0, 7)).to ? [day, day.slice(0, 7)] : [day];
    for (const dimension of digestedDimensions) for (const bucket of buckets) if (await sealBucket(repository, dimension, bucket)) sealed++;
    through = day;
    if (!options.from) await repository.saveDigestProgress(day);
    options.onDay?.(day);
  }
  if (folded + sealed > 0) deps.logger?.info('digests sealed', { folded, sealed, through });
  return { folded, sealed, through };
}

/**
 * Digests one bucket: the digest plus its pending changes, or, when there is no digest yet,
 * a day's live items or a month's days; the pending item goes in the same conditional
 * write. True if written.
 */
async function sealBucket(repository: ReportingRepository, dimension: Dimension, bucket: string): Promise<boolean> {
  for (let attempt = 0; attempt < sealAttempts; attempt++) {
    const state = await repository.digestState(dimension, bucket);
    if (state.digest && !state.pending) return false;
    // Read after the pending item, strongly: a change in between moves its seq and cancels the write.
    const rows = state.digest ? addRows(state.digest, state.pending!.rows) : await repository.bucketRows(dimension, bucket);
    if (await repository.sealDigest(dimension, bucket, rows, { pendingSeq: state.pending?.seq, digestVersion: state.digestVersion })) return true;
  }
  return false;
}
