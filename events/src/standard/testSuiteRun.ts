// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.testsuiterun.finished.0.3.0`: the subject content schema. */
export const testSuiteRunFinishedContent = z.strictObject({
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  testSuite: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
  outcome: z.enum(['success', 'failure', 'cancel', 'error']),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  reason: z.string().optional(),
});
/** `dev.cdevents.testsuiterun.finished.0.3.0` */
export const testSuiteRunFinishedEvent = cdEventSchema(
  z.literal('dev.cdevents.testsuiterun.finished.0.3.0'),
  testSuiteRunFinishedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestSuiteRunFinishedEvent = z.infer<typeof testSuiteRunFinishedEvent>;

/** `dev.cdevents.testsuiterun.queued.0.3.0`: the subject content schema. */
export const testSuiteRunQueuedContent = z.strictObject({
  trigger: z
    .looseObject({
      type: z.enum(['manual', 'pipeline', 'event', 'schedule', 'other']).optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  testSuite: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
});
/** `dev.cdevents.testsuiterun.queued.0.3.0` */
export const testSuiteRunQueuedEvent = cdEventSchema(
  z.literal('dev.cdevents.testsuiterun.queued.0.3.0'),
  testSuiteRunQueuedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestSuiteRunQueuedEvent = z.infer<typeof testSuiteRunQueuedEvent>;

/** `dev.cdevents.testsuiterun.started.0.3.0`: the subject content schema. */
export const testSuiteRunStartedContent = z.strictObject({
  trigger: z
    .looseObject({
      type: z.enum(['manual', 'pipeline', 'event', 'schedule', 'other']).optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  testSuite: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
});
/** `dev.cdevents.testsuiterun.started.0.3.0` */
export const testSuiteRunStartedEvent = cdEventSchema(
  z.literal('dev.cdevents.testsuiterun.started.0.3.0'),
  testSuiteRunStartedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestSuiteRunStartedEvent = z.infer<typeof testSuiteRunStartedEvent>;
