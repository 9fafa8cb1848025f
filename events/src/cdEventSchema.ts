import { z } from 'zod';
import { formatted } from './formatted.ts';
import { embeddedLinks } from './links.ts';

/** `customData`: a JSON object, or a string (base64 when binary). */
export const customData = z.union([z.record(z.string(), z.unknown()), z.string()]);

/** `context.source` and `subject.source` as most CDEvents schemas define them. */
const uriReference = formatted(z.string().min(1), 'uri-reference');

const defaultSubjectFields = { source: uriReference.optional() };

/** Where one event type's schema departs from the common envelope (some 0.5.1 schemas do). */
export interface EnvelopeOptions<S extends z.ZodRawShape> {
  /** The schema of `context.source`; a non-empty URI reference unless given. */
  readonly contextSource?: z.ZodType<string>;
  /** The subject's fields besides `id` and `content`; an optional `source` URI reference unless given. */
  readonly subjectFields?: S;
}

/** The CDEvents 0.5.1 context for events whose `type` matches `type`. */
export function contextSchema<T extends z.ZodType<string>>(
  type: T,
  source: z.ZodType<string> = uriReference,
) {
  return z.strictObject({
    specversion: z.string().min(1),
    id: z.string().min(1),
    source,
    type,
    timestamp: formatted(z.string(), 'date-time'),
    schemaUri: formatted(z.string().min(1), 'uri').optional(),
    chainId: z.string().min(1).optional(),
    links: embeddedLinks.optional(),
  });
}

/** A whole CDEvent: context with the given `type`, a subject with the given `content`, custom data. */
export function cdEventSchema<
  T extends z.ZodType<string>,
  C extends z.ZodType,
  S extends z.ZodRawShape = typeof defaultSubjectFields,
>(type: T, content: C, options: EnvelopeOptions<S> = {}) {
  const subjectFields = (options.subjectFields ?? defaultSubjectFields) as S;
  return z.strictObject({
    context: contextSchema(type, options.contextSource),
    subject: z.strictObject({ id: z.string().min(1), ...subjectFields, content }),
    customData: customData.optional(),
    customDataContentType: z.string().optional(),
  });
}
