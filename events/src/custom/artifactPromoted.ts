import { z } from 'zod';
import { digestedArtifactRef } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** Where an artifact lives: an environment (`staging`) or a release channel (`beta`, `latest`). */
export const promotionTarget = z.strictObject({
  kind: z.enum(['environment', 'channel']),
  id: z.string().min(1),
});
export type PromotionTarget = z.infer<typeof promotionTarget>;

/** The full type string `dev.cdeventsx.shiplog-artifact.promoted.0.1.0`. */
export const artifactPromotedType = 'dev.cdeventsx.shiplog-artifact.promoted.0.1.0';

/** Content of `artifact.promoted`: the same bytes (by digest) moved from one place to the next. */
export const artifactPromotedContent = z.strictObject({
  artifact: digestedArtifactRef,
  from: promotionTarget,
  to: promotionTarget,
  reason: z.string().optional(),
});

/** `dev.cdeventsx.shiplog-artifact.promoted.0.1.0` */
export const artifactPromotedEvent = shiplogEventSchema(artifactPromotedType, artifactPromotedContent);
export type ArtifactPromotedEvent = z.infer<typeof artifactPromotedEvent>;
