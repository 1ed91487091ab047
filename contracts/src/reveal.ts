import * as z from 'zod';
import { IsoDateTime } from './vocabulary';

/** What an operator may ask to see unmasked on a case: the reporter's name, phone, or the title and description as written. */
export const RevealField = z.enum(['reporter.name', 'reporter.phone', 'text']);
export type RevealField = z.infer<typeof RevealField>;

export const RevealRequestBody = z
  .object({
    fields: z.array(RevealField).min(1).max(3),
    reason: z.string().trim().min(4).max(500),
  })
  .strict()
  .meta({
    id: 'RevealRequest',
    description: 'Which personal data to unmask and why; the reason is kept in the audit record.',
    example: { fields: ['reporter.phone'], reason: '回访核实处理结果，需要联系来电人' },
  });
export type RevealRequestBody = z.infer<typeof RevealRequestBody>;

export const RevealAnswer = z
  .object({
    caseId: z.string(),
    auditId: z.string(),
    reporter: z.object({ name: z.string().optional(), phone: z.string().optional() }).optional(),
    title: z.string().optional(),
    description: z.string().optional(),
  })
  .meta({
    id: 'RevealAnswer',
    description: 'The asked-for fields in the clear, with the id of the audit record written for this reveal.',
    example: { caseId: '0b8f1c2e-5d4a-4f7e-9a51-2f0c6d3e8b71', auditId: 'c1f0e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e4f', reporter: { phone: '13912345678' } },
  });
export type RevealAnswer = z.infer<typeof RevealAnswer>;

/** One reveal, written before the data is answered and never changed: who, in what role, which fields of which case, when, why. */
export const RevealAuditEntry = z
  .object({
    auditId: z.string(),
    at: IsoDateTime,
    by: z.object({ id: z.string(), role: z.string() }),
    caseId: z.string(),
    caseNumber: z.string(),
    fields: z.array(RevealField),
    reason: z.string(),
  })
  .meta({ id: 'RevealAuditEntry' });
export type RevealAuditEntry = z.infer<typeof RevealAuditEntry>;

export const RevealAuditQuery = z
  .object({
    month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
    caseId: z.uuid().optional(),
    after: z.string().regex(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9a-f-]{36}$/, 'after must be the cursor of a previous page').optional(),
  })
  .strict();
export type RevealAuditQuery = z.infer<typeof RevealAuditQuery>;

export const RevealAuditList = z
  .object({ items: z.array(RevealAuditEntry), cursor: z.string().optional() })
  .meta({
    id: 'RevealAuditList',
    description: 'Reveals of one month (UTC), oldest first; pass `cursor` as `after` for the next page.',
    example: {
      items: [
        {
          auditId: 'c1f0e2d3-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
          at: '2026-11-24T09:30:00.000Z',
          by: { id: 'ops', role: 'operator' },
          caseId: '0b8f1c2e-5d4a-4f7e-9a51-2f0c6d3e8b71',
          caseNumber: 'WH-20261124-000042',
          fields: ['reporter.phone'],
          reason: '回访核实处理结果，需要联系来电人',
        },
      ],
    },
  });
export type RevealAuditList = z.infer<typeof RevealAuditList>;
