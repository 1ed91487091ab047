import { randomUUID } from 'node:crypto';
import type { Envelope, EventContract } from '@govflow/contracts';
import type { z } from 'zod';

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
    eventId: fields.eventId ?? randomUUID(),
    type: contract.type,
    version: contract.version,
    occurredAt: fields.occurredAt.toISOString(),
    region: fields.region,
    caseId: fields.caseId,
    traceId: fields.traceId,
    payload: fields.payload,
  });
}
