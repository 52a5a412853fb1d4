import { z } from 'zod';

/** CDS Hooks 2.0 request (interop A4). Unknown members are ignored, as the spec requires. */
const id = z.string().min(1).max(256);
const resourceObject = z.looseObject({ resourceType: z.string().min(1).max(64) });

const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
/**
 * A prefetched resource; a Bundle's entry and link must be lists of objects, or the chart would
 * read as empty.
 */
const prefetchResource = resourceObject.refine(
  (r) => {
    if (r.resourceType !== 'Bundle') return true;
    const { entry, link } = r as { entry?: unknown; link?: unknown };
    return (
      (entry === undefined || (Array.isArray(entry) && entry.every(isObject))) &&
      (link === undefined || (Array.isArray(link) && link.every(isObject)))
    );
  },
  { message: 'a Bundle needs entry and link to be lists of objects' },
);

export const fhirAuthorizationSchema = z.looseObject({
  access_token: z.string().min(1).max(16_384),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().nonnegative(),
  scope: z.string().max(8_192),
  subject: z.string().min(1).max(512),
  patient: id.optional(),
});

const draftOrders = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z
    .array(z.looseObject({ resource: resourceObject.optional() }))
    .max(500)
    .optional(),
});

export const orderContextSchema = z.looseObject({
  userId: id,
  patientId: id,
  encounterId: id.optional(),
  selections: z.array(id).max(500).optional(),
  draftOrders,
});
/**
 * order-select names the orders it is about (CDS Hooks §order-select: `selections` is required).
 */
export const orderSelectContextSchema = orderContextSchema.refine(
  (c) => c.selections !== undefined,
  {
    message: 'order-select needs selections',
    path: ['selections'],
  },
);
export const patientViewContextSchema = z.looseObject({
  userId: id,
  patientId: id,
  encounterId: id.optional(),
});

export const cdsRequestSchema = z
  .looseObject({
    hook: z.string().min(1).max(64),
    hookInstance: id,
    fhirServer: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional(),
    fhirAuthorization: fhirAuthorizationSchema.optional(),
    context: z.looseObject({}),
    prefetch: z.record(z.string().max(128), z.union([prefetchResource, z.null()])).optional(),
  })
  .refine((r) => !r.fhirAuthorization || r.fhirServer, {
    message: 'fhirServer is required when fhirAuthorization is present',
    path: ['fhirServer'],
  });

export type CdsRequest = z.infer<typeof cdsRequestSchema>;
export type OrderContext = z.infer<typeof orderContextSchema>;
export type PatientViewContext = z.infer<typeof patientViewContextSchema>;

const coding = z.looseObject({
  system: z.string().min(1).max(1024),
  code: z.string().min(1).max(256),
  display: z.string().max(1024).optional(),
});

export const feedbackSchema = z.looseObject({
  feedback: z
    .array(
      z
        .looseObject({
          card: id,
          outcome: z.enum(['accepted', 'overridden']),
          acceptedSuggestions: z.array(z.looseObject({ id })).max(50).optional(),
          overrideReason: z
            .looseObject({
              reason: coding.optional(),
              userComment: z.string().max(2000).optional(),
            })
            .optional(),
          outcomeTimestamp: z.iso.datetime({ offset: true }),
        })
        .refine((f) => f.outcome !== 'accepted' || (f.acceptedSuggestions?.length ?? 0) > 0, {
          message: 'acceptedSuggestions is required when outcome is accepted',
          path: ['acceptedSuggestions'],
        }),
    )
    .min(1)
    .max(100),
});
export type FeedbackRequest = z.infer<typeof feedbackSchema>;

/** A readable one-line message from a schema failure (paths, never values). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
    .join('; ');
}
