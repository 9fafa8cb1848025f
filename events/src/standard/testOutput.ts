// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.testoutput.published.0.3.0`: the subject content schema. */
export const testOutputPublishedContent = z.strictObject({
  outputType: z.enum(['report', 'video', 'image', 'log', 'other']),
  format: z.string(),
  uri: formatted(z.string(), 'uri').optional(),
  testCaseRun: z.strictObject({ id: z.string().min(1), source: z.string().optional() }).optional(),
});
/** `dev.cdevents.testoutput.published.0.3.0` */
export const testOutputPublishedEvent = cdEventSchema(
  z.literal('dev.cdevents.testoutput.published.0.3.0'),
  testOutputPublishedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestOutputPublishedEvent = z.infer<typeof testOutputPublishedEvent>;
