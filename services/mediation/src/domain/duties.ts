import { shardOf, type MediationSettings } from '@govflow/contracts';
import { isTerminal, type Dispute } from './dispute';
import { judicialReminderAt, type DisputeAction } from './lifecycle';

/**
 * The timed duties of a dispute: the tier's time limit, a queued dispute's next try, the
 * 司法确认 window reminder and follow-ups (回访) falling due. Each dispute carries only its
 * earliest, in a sharded time-ordered index, so the sweep reads what is due and nothing else.
 */
export function nextDutyAt(d: Dispute, settings: MediationSettings): string | undefined {
  const times: string[] = [];
  if (d.status === 'queued' && d.queueCheckAt) times.push(d.queueCheckAt);
  if ((d.status === 'queued' || d.status === 'assigned' || d.status === 'accepted') && d.tierDeadline) times.push(d.tierDeadline);
  if (d.agreement?.effectiveAt && (d.status === 'agreed' || d.status === 'closed')) {
    const reminder = judicialReminderAt(d, settings);
    if (reminder) times.push(reminder);
    times.push(...d.followUps.filter((f) => !f.doneAt && !f.notifiedAt).map((f) => f.dueAt));
  }
  if (isTerminal(d.status) && d.status !== 'closed') return undefined;
  return times.sort()[0];
}

/** What the sweep does for a dispute whose duty is due at `now` (undefined when nothing is). */
export function dueAction(d: Dispute, now: Date, settings: MediationSettings): DisputeAction | undefined {
  const at = now.toISOString();
  if ((d.status === 'queued' || d.status === 'assigned' || d.status === 'accepted') && d.tierDeadline && d.tierDeadline <= at) return { type: 'time-limit' };
  if (d.status === 'queued' && d.queueCheckAt && d.queueCheckAt <= at) return { type: 'assign-from-queue' };
  if (d.agreement?.effectiveAt && (d.status === 'agreed' || d.status === 'closed')) {
    const reminder = judicialReminderAt(d, settings);
    if ((reminder && reminder <= at) || d.followUps.some((f) => !f.doneAt && !f.notifiedAt && f.dueAt <= at)) return { type: 'remind' };
  }
  return undefined;
}

/** Index shards for duties: enough that a million open disputes never make one key hot. */
export const dutyShards = 16;

export const dutyShardOf = (disputeId: string): number => shardOf(disputeId, dutyShards);
