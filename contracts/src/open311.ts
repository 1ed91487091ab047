import * as z from 'zod';
import { channels, requestKinds } from './vocabulary';

/**
 * Open311 GeoReport v2 as this system speaks it (`/open311/v2/…`): the shapes of its
 * answers in JSON (the XML answers carry the same fields, element for field). Field
 * names are the specification's, snake_case; see docs/adr/0007-open311-georeport.md for
 * how our cases map onto them.
 */

export const open311Formats = ['json', 'xml'] as const;
export type Open311Format = (typeof open311Formats)[number];

export const Open311Service = z
  .object({
    service_code: z.string().meta({ example: 'urban-streetlight' }),
    service_name: z.string().meta({ example: '路灯照明' }),
    description: z.string(),
    metadata: z.boolean().meta({ description: 'Always true: every service has the optional attributes of its definition.' }),
    type: z.enum(['realtime', 'batch', 'blackbox']).meta({ description: 'Always realtime: the id is known as soon as the request is accepted.' }),
    keywords: z.string().meta({ description: 'Comma-separated words that signal the category in a citizen’s text.' }),
    group: z.string().meta({ description: 'The major category’s name.', example: '城市管理与市政公用' }),
  })
  .meta({ id: 'Open311Service', description: 'One minor category of the region’s taxonomy as an Open311 service.' });
export type Open311Service = z.infer<typeof Open311Service>;

export const Open311ServiceList = z.array(Open311Service).meta({ id: 'Open311ServiceList' });

export const open311AttributeCodes = ['kind', 'title', 'channel', 'external_id'] as const;

export const Open311Attribute = z.object({
  variable: z.boolean(),
  code: z.enum(open311AttributeCodes),
  datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
  required: z.boolean(),
  datatype_description: z.string().nullable(),
  order: z.number().int().positive(),
  description: z.string(),
  values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
});
export type Open311Attribute = z.infer<typeof Open311Attribute>;

export const Open311ServiceDefinition = z
  .object({ service_code: z.string(), attributes: z.array(Open311Attribute) })
  .meta({
    id: 'Open311ServiceDefinition',
    description: 'The optional attributes a request of this service may carry, sent as `attribute[code]=value`.',
  });
export type Open311ServiceDefinition = z.infer<typeof Open311ServiceDefinition>;

/** `open` while anyone still has to act; `closed` once handled, merged as a repeat or ended in mediation. */
export const Open311Status = z.enum(['open', 'closed']);
export type Open311Status = z.infer<typeof Open311Status>;

export const Open311ServiceRequest = z
  .object({
    service_request_id: z.string().meta({ description: 'The case number read to citizens.', example: 'WH-20261127-000042' }),
    status: Open311Status,
    status_notes: z.string().meta({ description: 'Our own status in Chinese and the last step taken.', example: '已派遣: 派遣至 海勃湾区城市管理局' }),
    service_name: z.string().optional().meta({ description: 'The category, once the case is classified.' }),
    service_code: z.string().optional(),
    description: z.string().meta({ description: 'As written, with phone, ID and bank numbers masked.' }),
    agency_responsible: z.string().optional().meta({ description: 'The lead department, or the mediation centre of a dispute.' }),
    service_notice: z.string().optional(),
    requested_datetime: z.string(),
    updated_datetime: z.string(),
    expected_datetime: z.string().optional().meta({ description: 'The deadline to resolve, on the region’s working-day calendar.' }),
    address: z.string().optional(),
    address_id: z.string().optional().meta({ description: 'The grid id (网格) the request was filed with, if any.' }),
    lat: z.number().optional(),
    long: z.number().optional(),
    media_url: z.string().optional(),
  })
  .meta({ id: 'Open311ServiceRequest', description: 'A case as Open311 shows it. No personal data: no name, phone or email.' });
export type Open311ServiceRequest = z.infer<typeof Open311ServiceRequest>;

export const Open311ServiceRequestList = z.array(Open311ServiceRequest).meta({ id: 'Open311ServiceRequestList' });

export const Open311RequestAccepted = z
  .array(
    z.object({
      service_request_id: z.string(),
      token: z.string().meta({ description: 'The case id; `GET /open311/v2/tokens/{token}` answers the service_request_id for it.' }),
      service_notice: z.string(),
    }),
  )
  .meta({ id: 'Open311RequestAccepted' });
export type Open311RequestAccepted = z.infer<typeof Open311RequestAccepted>;

export const Open311TokenAnswer = z
  .array(z.object({ service_request_id: z.string(), token: z.string() }))
  .meta({ id: 'Open311TokenAnswer' });

export const Open311Error = z
  .array(
    z.object({
      code: z.number().int().meta({ description: 'The HTTP status.' }),
      description: z.string(),
    }),
  )
  .meta({ id: 'Open311Errors', description: 'The specification’s error format: one entry per problem found.' });
export type Open311Error = z.infer<typeof Open311Error>;

/** Limits of the specification: 4,000 characters of description; a list spans at most 90 days and 1,000 requests. */
export const open311Limits = { descriptionChars: 4000, windowDays: 90, maxResults: 1000, maxIds: 100 } as const;

const Coordinate = (min: number, max: number) => z.coerce.number().min(min).max(max);

/** `POST /open311/v2/requests.{format}` as its form fields, after the form is read (every value a string). */
export const Open311RequestForm = z
  .object({
    api_key: z.string().optional(),
    jurisdiction_id: z.string().optional(),
    service_code: z.string({ error: 'service_code is required' }).min(1, 'service_code is required').max(64),
    lat: Coordinate(-90, 90).optional(),
    long: Coordinate(-180, 180).optional(),
    address_string: z.string().trim().min(1).max(500).optional(),
    address_id: z.string().trim().min(1).max(64).optional(),
    email: z.email().max(254).optional(),
    device_id: z.string().max(200).optional(),
    account_id: z.string().max(200).optional(),
    first_name: z.string().trim().min(1).max(50).optional(),
    last_name: z.string().trim().min(1).max(50).optional(),
    phone: z.string().regex(/^(\+?86)?[0-9][0-9-]{6,15}$/, 'phone must be digits, optionally +86 and dashes').optional(),
    description: z.string({ error: 'description is required' }).trim().min(1, 'description is required').max(open311Limits.descriptionChars),
    media_url: z.url().max(2000).optional(),
    attribute: z
      .object({
        kind: z.enum(requestKinds).optional(),
        title: z.string().trim().min(1).max(200).optional(),
        channel: z.enum(channels).optional(),
        external_id: z.string().min(1).max(128).optional(),
      })
      // Clients send attributes of their own (FixMyStreet: its report id, easting…); they are not ours to refuse.
      .catchall(z.unknown())
      .default({}),
  })
  .refine((f) => (f.lat === undefined) === (f.long === undefined), { message: 'lat and long are sent together', path: ['lat'] })
  .refine((f) => f.lat !== undefined || f.address_string !== undefined || f.address_id !== undefined, {
    message: 'a location is required: lat and long, address_string or address_id',
    path: ['address_string'],
  })
  .meta({ id: 'Open311RequestForm', description: 'The form fields of a new request (application/x-www-form-urlencoded).' });
export type Open311RequestForm = z.infer<typeof Open311RequestForm>;

/** `GET /open311/v2/requests.{format}`: the specification's filters, each list comma-separated. */
export const Open311RequestQuery = z
  .object({
    api_key: z.string().optional(),
    jurisdiction_id: z.string().optional(),
    service_request_id: z.string().optional().meta({ description: 'Case numbers, comma-separated (at most 100); overrides every other filter.' }),
    service_code: z.string().optional().meta({ description: 'Service codes, comma-separated.' }),
    start_date: z.string().optional().meta({ description: 'Earliest requested_datetime (ISO 8601 with a time zone).', example: '2026-11-01T00:00:00+08:00' }),
    end_date: z.string().optional().meta({ description: 'Latest requested_datetime; with start_date, at most 90 days apart.' }),
    status: z.string().optional().meta({ description: '`open`, `closed` or both, comma-separated.' }),
  })
  .meta({ id: 'Open311RequestQuery' });
export type Open311RequestQuery = z.infer<typeof Open311RequestQuery>;
