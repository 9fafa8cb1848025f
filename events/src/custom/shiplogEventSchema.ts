import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';

/** The `dev.cdeventsx.<tool>-<subject>.<predicate>.<x.y.z>` pattern of `custom/schema.json`. */
export const customTypePattern = /^dev\.cdeventsx\.[a-zA-Z0-9]+-[a-zA-Z]+\.[a-zA-Z]+\.[0-9]\.[0-9]\.[0-9]$/;

/** A shiplog custom event of one literal type with its own content schema. */
export function shiplogEventSchema<T extends string, C extends z.ZodType>(type: T, content: C) {
  return cdEventSchema(z.literal(type), content);
}

/**
 * A custom event of another tool (`dev.cdeventsx.<tool>-…`): checked against CDEvents'
 * `custom/schema.json` only, since its content schema is the tool's business.
 */
export const foreignCustomEvent = cdEventSchema(
  z.string().regex(customTypePattern, 'must match dev.cdeventsx.<tool>-<subject>.<predicate>.<x.y.z>'),
  z.record(z.string(), z.unknown()),
);
export type ForeignCustomEvent = z.infer<typeof foreignCustomEvent>;
