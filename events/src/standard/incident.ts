// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.incident.detected.0.3.0`: the subject content schema. */
export const incidentDetectedContent = z.strictObject({
  description: z.string().optional(),
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  service: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
  artifactId: z.string().min(1).optional(),
});
/** `dev.cdevents.incident.detected.0.3.0` */
export const incidentDetectedEvent = cdEventSchema(
  z.literal('dev.cdevents.incident.detected.0.3.0'),
  incidentDetectedContent,
);
export type IncidentDetectedEvent = z.infer<typeof incidentDetectedEvent>;

/** `dev.cdevents.incident.reported.0.3.0`: the subject content schema. */
export const incidentReportedContent = z.strictObject({
  description: z.string().optional(),
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  ticketURI: formatted(z.string().min(1), 'uri'),
  service: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
  artifactId: z.string().min(1).optional(),
});
/** `dev.cdevents.incident.reported.0.3.0` */
export const incidentReportedEvent = cdEventSchema(
  z.literal('dev.cdevents.incident.reported.0.3.0'),
  incidentReportedContent,
);
export type IncidentReportedEvent = z.infer<typeof incidentReportedEvent>;

/** `dev.cdevents.incident.resolved.0.3.0`: the subject content schema. */
export const incidentResolvedContent = z.strictObject({
  description: z.string().optional(),
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  service: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
  artifactId: z.string().min(1).optional(),
});
/** `dev.cdevents.incident.resolved.0.3.0` */
export const incidentResolvedEvent = cdEventSchema(
  z.literal('dev.cdevents.incident.resolved.0.3.0'),
  incidentResolvedContent,
);
export type IncidentResolvedEvent = z.infer<typeof incidentResolvedEvent>;
