import * as z from 'zod';
import { IsoDateTime } from './vocabulary';

/**
 * Every event travels in this envelope. `type` is `<context>.<past-tense-fact>`;
 * an incompatible payload change is a new `version` of the same type.
 */
export const EnvelopeBase = z.object({
  eventId: z.string().min(1).max(128),
  type: z.string().regex(/^[a-z]+\.[a-z-]+$/),
  version: z.number().int().positive(),
  occurredAt: IsoDateTime,
  region: z.string().min(1),
  caseId: z.string().min(1),
  traceId: z.string().min(1),
  payload: z.unknown(),
});
export type EnvelopeBase = z.infer<typeof EnvelopeBase>;

export interface EventContract<T extends string, V extends number, P extends z.ZodType> {
  readonly type: T;
  readonly version: V;
  readonly payload: P;
  readonly envelope: z.ZodType<Envelope<T, V, z.infer<P>>>;
}

export interface Envelope<T extends string = string, V extends number = number, P = unknown> {
  eventId: string;
  type: T;
  version: V;
  occurredAt: string;
  region: string;
  caseId: string;
  traceId: string;
  payload: P;
}

/** One object that both producer and consumer import: name, version and schema together. */
export function defineEvent<T extends string, V extends number, P extends z.ZodType>(
  type: T,
  version: V,
  payload: P,
): EventContract<T, V, P> {
  const envelope = EnvelopeBase.extend({
    type: z.literal(type),
    version: z.literal(version),
    payload,
  }) as unknown as z.ZodType<Envelope<T, V, z.infer<P>>>;
  return { type, version, payload, envelope };
}

export type EventOf<C> = C extends EventContract<infer T, infer V, infer P> ? Envelope<T, V, z.infer<P>> : never;

export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
}

/**
 * Parses a raw message body against the contracts a consumer accepts.
 * Throws on malformed JSON, an unknown type/version or a payload that breaks the schema.
 */
export function parseEvent<C extends EventContract<string, number, z.ZodType>>(
  body: string,
  accepted: readonly C[],
): EventOf<C> {
  const raw: unknown = JSON.parse(body);
  const base = EnvelopeBase.parse(raw);
  const contract = accepted.find((c) => c.type === base.type && c.version === base.version);
  if (!contract) {
    throw new UnknownEventError(`no accepted contract for ${base.type} v${base.version}`);
  }
  return contract.envelope.parse(raw) as EventOf<C>;
}

export interface EnvelopeFields<P> {
  region: string;
  caseId: string;
  traceId: string;
  payload: P;
  occurredAt: Date;
  eventId?: string;
}

/** Builds an event and validates it against its contract: a producer never emits what its consumers would reject. */
export function makeEvent<T extends string, V extends number, P extends z.ZodType>(
  contract: EventContract<T, V, P>,
  fields: EnvelopeFields<z.input<P>>,
): Envelope<T, V, z.infer<P>> {
  return contract.envelope.parse({
    eventId: fields.eventId ?? globalThis.crypto.randomUUID(),
    type: contract.type,
    version: contract.version,
    occurredAt: fields.occurredAt.toISOString(),
    region: fields.region,
    caseId: fields.caseId,
    traceId: fields.traceId,
    payload: fields.payload,
  });
}
