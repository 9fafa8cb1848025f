import { z } from 'zod';

// Mirrors schemas/links/embedded*.json: the endpoint objects there do not forbid extra properties.
const contextRef = z.looseObject({ contextId: z.string().min(1) });
const tags = z.record(z.string(), z.unknown());

/** An embedded `END` link: closes a chain, optionally naming the event it follows. */
export const embeddedLinkEnd = z.strictObject({
  linkType: z.literal('END'),
  from: contextRef.optional(),
  tags: tags.optional(),
});

/** An embedded `PATH` link: the event this one follows (`from`). */
export const embeddedLinkPath = z.strictObject({
  linkType: z.literal('PATH'),
  from: contextRef,
  tags: tags.optional(),
});

/** An embedded `RELATION` link, e.g. `linkKind: 'TRIGGER'` with the `target` event. */
export const embeddedLinkRelation = z.strictObject({
  linkType: z.literal('RELATION'),
  linkKind: z.string().min(1),
  target: z.looseObject({ contextId: z.string().min(1).optional() }),
  tags: tags.optional(),
});

/** `context.links`: embedded links to other events of the same chain. */
export const embeddedLinks = z.array(z.union([embeddedLinkEnd, embeddedLinkPath, embeddedLinkRelation]));

export type EmbeddedLink = z.infer<typeof embeddedLinks>[number];
