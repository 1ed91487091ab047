/** The binary attribute a large item keeps its compressed body in (`packed.ts`, ADR 0018). */
export const bodyAttribute = 'body';

/** The binary attribute a write keeps its events in for the table's relay (`outbox.ts`, ADR 0023). */
export const outboxAttribute = 'outbox';
