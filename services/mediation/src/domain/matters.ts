import { createHash } from 'node:crypto';
import type { Dispute } from './dispute';

/**
 * 重复: the key under which an open dispute is found again. Registered disputes are the
 * same matter when the same parties dispute the same type of thing; disputes from
 * citizens' cases (whose parties are not known yet) when the same type of dispute is
 * reported at the same village or town and told alike.
 */
export function matterKeyOf(d: Pick<Dispute, 'type' | 'parties' | 'jurisdiction'>): string | undefined {
  if (d.parties.length >= 2) {
    const people = d.parties.map((p) => p.identities[0] ?? '').sort().join('|');
    return `P#${d.type}#${createHash('sha256').update(people).digest('base64url')}`;
  }
  const area = d.jurisdiction.villageId ?? d.jurisdiction.townId;
  return area ? `M#${d.type}#${area}` : undefined;
}

/** What is kept of an open dispute under its matter key, to decide whether a new one repeats it. */
export interface MatterEntry {
  disputeId: string;
  code: string;
  text: string;
}

function bigrams(text: string): Set<string> {
  const chars = [...text.replace(/[\s\p{P}]/gu, '')];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Overlap of two texts' character bigrams (Jaccard), 0–1. */
export function textSimilarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const g of x) if (y.has(g)) shared++;
  return shared / (x.size + y.size - shared);
}

/**
 * The open dispute a new one repeats: the same parties (the key says so), or, for a
 * place-and-type key, the most alike account above the region's similarity threshold.
 */
export function findRepeatOf(key: string, text: string, open: readonly MatterEntry[], threshold: number): MatterEntry | undefined {
  if (key.startsWith('P#')) return open[0];
  return open
    .map((entry) => ({ entry, score: textSimilarity(text, entry.text) }))
    .filter((x) => x.score >= threshold)
    .sort((a, b) => b.score - a.score)[0]?.entry;
}
