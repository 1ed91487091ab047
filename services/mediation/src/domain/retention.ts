import { isTerminal, type Dispute, type Sealed } from './dispute';

/**
 * When the dispute last ended: the step that took it from an open status to a final one
 * (later steps on a closed dispute, a follow-up or a reminder, do not move it). Undefined while open.
 */
export function closedAt(d: Pick<Dispute, 'status' | 'history'>): string | undefined {
  if (!isTerminal(d.status)) return undefined;
  for (let i = d.history.length - 1; i >= 0; i--) {
    const entry = d.history[i]!;
    if (isTerminal(entry.to) && (entry.from === undefined || !isTerminal(entry.from))) return entry.at;
  }
  return d.history[0]?.at;
}

/** True when this step ends the dispute: it then writes the erasure marker. */
export function closes(before: Dispute | undefined, after: Dispute): boolean {
  return isTerminal(after.status) && (!before || !isTerminal(before.status));
}

/** Whether its personal data is due for erasure on `today`, given the day its last close falls due (`dueDay`). */
export function erasureDue(d: Dispute, dueDay: string | undefined, today: string): boolean {
  const ended = closedAt(d);
  return ended !== undefined && dueDay !== undefined && dueDay <= today && !(d.personalDataErasedAt && d.personalDataErasedAt >= ended);
}

const isSealed = (value: unknown): value is Sealed =>
  typeof value === 'object' && value !== null && typeof (value as Sealed).masked === 'string' && typeof (value as Sealed).sealed === 'string';

/** A copy of `value` with every sealed original dropped, its masked form kept. */
function withoutSealed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSealed) as T;
  if (isSealed(value)) return { masked: value.masked } as T;
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutSealed(v)])) as T;
  return value;
}

/**
 * The dispute once its retention has passed: every sealed original (parties' names, phones,
 * ID numbers, addresses, representatives, the narrative, agreement terms) is gone and the
 * parties' keyed identity hashes with them; the masked forms, statuses, times, tiers and
 * history stay, so figures and the dispute's course read as before. Minutes and documents'
 * sealed bodies are separate items, removed beside this; so are the evidence files and signed
 * agreements in storage (the caller deletes them first: `files` names them).
 */
export function erasePersonalData(d: Dispute, at: string): Dispute {
  const { files: _files, issuedBy, ...erased } = withoutSealed(d);
  // The minutes are deleted beside this: nothing is left to say which write stored them.
  const documentsIssuedBy = issuedBy?.documents ? { issuedBy: { documents: issuedBy.documents } } : {};
  return { ...erased, ...documentsIssuedBy, parties: erased.parties.map((p) => ({ ...p, identities: [] })), personalDataErasedAt: at, version: d.version + 1 };
}
