// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.ticket.closed.0.2.0`: the subject content schema. */
export const ticketClosedContent = z.strictObject({
  summary: z.string().optional(),
  ticketType: z
    .union([z.enum(['bug', 'enhancement', 'incident', 'task', 'question']), z.string()])
    .optional(),
  group: z.string().optional(),
  creator: z.string().min(1).optional(),
  assignees: z.array(z.string()).optional(),
  priority: z.union([z.enum(['low', 'medium', 'high']), z.string()]).optional(),
  labels: z.array(z.string()).optional(),
  milestone: z.string().optional(),
  uri: formatted(z.string().min(1), 'uri-reference'),
  resolution: z.union([z.enum(['completed', 'withdrawn', 'duplicate']), z.string().min(1)]),
  updatedBy: z.string().optional(),
});
/** `dev.cdevents.ticket.closed.0.2.0` */
export const ticketClosedEvent = cdEventSchema(
  z.literal('dev.cdevents.ticket.closed.0.2.0'),
  ticketClosedContent,
  {
    subjectFields: {
      source: formatted(z.string().min(1), 'uri-reference').optional(),
      type: z.enum(['ticket']).optional(),
    },
  },
);
export type TicketClosedEvent = z.infer<typeof ticketClosedEvent>;

/** `dev.cdevents.ticket.created.0.2.0`: the subject content schema. */
export const ticketCreatedContent = z.strictObject({
  summary: z.string(),
  ticketType: z
    .union([z.enum(['bug', 'enhancement', 'incident', 'task', 'question']), z.string()])
    .optional(),
  group: z.string().optional(),
  creator: z.string().min(1),
  assignees: z.array(z.string()).optional(),
  priority: z.union([z.enum(['low', 'medium', 'high']), z.string()]).optional(),
  labels: z.array(z.string()).optional(),
  milestone: z.string().optional(),
  uri: formatted(z.string().min(1), 'uri-reference'),
});
/** `dev.cdevents.ticket.created.0.2.0` */
export const ticketCreatedEvent = cdEventSchema(
  z.literal('dev.cdevents.ticket.created.0.2.0'),
  ticketCreatedContent,
);
export type TicketCreatedEvent = z.infer<typeof ticketCreatedEvent>;

/** `dev.cdevents.ticket.updated.0.2.0`: the subject content schema. */
export const ticketUpdatedContent = z.strictObject({
  summary: z.string().optional(),
  ticketType: z
    .union([z.enum(['bug', 'enhancement', 'incident', 'task', 'question']), z.string()])
    .optional(),
  group: z.string().optional(),
  creator: z.string().min(1).optional(),
  assignees: z.array(z.string()).optional(),
  priority: z.union([z.enum(['low', 'medium', 'high']), z.string()]).optional(),
  labels: z.array(z.string()).optional(),
  milestone: z.string().optional(),
  updatedBy: z.string().optional(),
  uri: formatted(z.string().min(1), 'uri-reference'),
});
/** `dev.cdevents.ticket.updated.0.2.0` */
export const ticketUpdatedEvent = cdEventSchema(
  z.literal('dev.cdevents.ticket.updated.0.2.0'),
  ticketUpdatedContent,
);
export type TicketUpdatedEvent = z.infer<typeof ticketUpdatedEvent>;
