// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.testcaserun.finished.0.3.0`: the subject content schema. */
export const testCaseRunFinishedContent = z.strictObject({
  outcome: z.enum(['success', 'failure', 'cancel', 'error']),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  reason: z.string().optional(),
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  testSuiteRun: z.strictObject({ id: z.string().min(1), source: z.string().optional() }).optional(),
  testCase: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      type: z
        .enum(['performance', 'functional', 'unit', 'security', 'compliance', 'integration', 'e2e', 'other'])
        .optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
});
/** `dev.cdevents.testcaserun.finished.0.3.0` */
export const testCaseRunFinishedEvent = cdEventSchema(
  z.literal('dev.cdevents.testcaserun.finished.0.3.0'),
  testCaseRunFinishedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestCaseRunFinishedEvent = z.infer<typeof testCaseRunFinishedEvent>;

/** `dev.cdevents.testcaserun.queued.0.3.0`: the subject content schema. */
export const testCaseRunQueuedContent = z.strictObject({
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
  testSuiteRun: z.strictObject({ id: z.string().min(1), source: z.string().optional() }).optional(),
  testCase: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      type: z
        .enum(['performance', 'functional', 'unit', 'security', 'compliance', 'integration', 'e2e', 'other'])
        .optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
});
/** `dev.cdevents.testcaserun.queued.0.3.0` */
export const testCaseRunQueuedEvent = cdEventSchema(
  z.literal('dev.cdevents.testcaserun.queued.0.3.0'),
  testCaseRunQueuedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestCaseRunQueuedEvent = z.infer<typeof testCaseRunQueuedEvent>;

/** `dev.cdevents.testcaserun.skipped.0.2.0`: the subject content schema. */
export const testCaseRunSkippedContent = z.strictObject({
  reason: z.string().optional(),
  environment: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
  testSuiteRun: z.strictObject({ id: z.string().min(1), source: z.string().optional() }).optional(),
  testCase: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      type: z
        .enum(['performance', 'functional', 'unit', 'security', 'compliance', 'integration', 'e2e', 'other'])
        .optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
});
/** `dev.cdevents.testcaserun.skipped.0.2.0` */
export const testCaseRunSkippedEvent = cdEventSchema(
  z.literal('dev.cdevents.testcaserun.skipped.0.2.0'),
  testCaseRunSkippedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestCaseRunSkippedEvent = z.infer<typeof testCaseRunSkippedEvent>;

/** `dev.cdevents.testcaserun.started.0.3.0`: the subject content schema. */
export const testCaseRunStartedContent = z.strictObject({
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
  testSuiteRun: z.strictObject({ id: z.string().min(1), source: z.string().optional() }).optional(),
  testCase: z
    .strictObject({
      id: z.string().min(1),
      version: z.string().optional(),
      name: z.string().optional(),
      type: z
        .enum(['performance', 'functional', 'unit', 'security', 'compliance', 'integration', 'e2e', 'other'])
        .optional(),
      uri: formatted(z.string(), 'uri').optional(),
    })
    .optional(),
});
/** `dev.cdevents.testcaserun.started.0.3.0` */
export const testCaseRunStartedEvent = cdEventSchema(
  z.literal('dev.cdevents.testcaserun.started.0.3.0'),
  testCaseRunStartedContent,
  { contextSource: z.string().min(1), subjectFields: { source: z.string().optional() } },
);
export type TestCaseRunStartedEvent = z.infer<typeof testCaseRunStartedEvent>;
