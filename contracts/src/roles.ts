import * as z from 'zod';

/**
 * partner: a partner system acting for citizens, sees its own cases; dispatcher: triages
 * and routes; department: staff of one department (its `departmentId`); supervisor:
 * approves extensions, watches escalations; grid-worker: verifies on site; mediator: one
 * mediator (its `mediatorId`), works its docket; coordinator: runs one mediation centre
 * (its `committeeId`); administrator: keeps the mediator directory and the partner keys;
 * analyst: reads the region's reports; operator: sees and does everything.
 */
export const roles = ['partner', 'dispatcher', 'department', 'supervisor', 'analyst', 'grid-worker', 'mediator', 'coordinator', 'administrator', 'operator'] as const;
export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
