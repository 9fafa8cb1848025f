// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.service.deployed.0.3.0`: the subject content schema. */
export const serviceDeployedContent = z.strictObject({
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  artifactId: z.string().min(1),
});
/** `dev.cdevents.service.deployed.0.3.0` */
export const serviceDeployedEvent = cdEventSchema(
  z.literal('dev.cdevents.service.deployed.0.3.0'),
  serviceDeployedContent,
);
export type ServiceDeployedEvent = z.infer<typeof serviceDeployedEvent>;

/** `dev.cdevents.service.published.0.3.0`: the subject content schema. */
export const servicePublishedContent = z.strictObject({
  environment: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.service.published.0.3.0` */
export const servicePublishedEvent = cdEventSchema(
  z.literal('dev.cdevents.service.published.0.3.0'),
  servicePublishedContent,
);
export type ServicePublishedEvent = z.infer<typeof servicePublishedEvent>;

/** `dev.cdevents.service.removed.0.3.0`: the subject content schema. */
export const serviceRemovedContent = z.strictObject({
  environment: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.service.removed.0.3.0` */
export const serviceRemovedEvent = cdEventSchema(
  z.literal('dev.cdevents.service.removed.0.3.0'),
  serviceRemovedContent,
);
export type ServiceRemovedEvent = z.infer<typeof serviceRemovedEvent>;

/** `dev.cdevents.service.rolledback.0.3.0`: the subject content schema. */
export const serviceRolledbackContent = z.strictObject({
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  artifactId: z.string().min(1),
});
/** `dev.cdevents.service.rolledback.0.3.0` */
export const serviceRolledbackEvent = cdEventSchema(
  z.literal('dev.cdevents.service.rolledback.0.3.0'),
  serviceRolledbackContent,
);
export type ServiceRolledbackEvent = z.infer<typeof serviceRolledbackEvent>;

/** `dev.cdevents.service.upgraded.0.3.0`: the subject content schema. */
export const serviceUpgradedContent = z.strictObject({
  environment: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  artifactId: z.string().min(1),
});
/** `dev.cdevents.service.upgraded.0.3.0` */
export const serviceUpgradedEvent = cdEventSchema(
  z.literal('dev.cdevents.service.upgraded.0.3.0'),
  serviceUpgradedContent,
);
export type ServiceUpgradedEvent = z.infer<typeof serviceUpgradedEvent>;
