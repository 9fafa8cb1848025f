import { z } from 'zod';

/*
 * SLSA Provenance v1 as an in-toto Statement v1, written from the specifications (no official JSON
 * schema is published): https://slsa.dev/spec/v1.0/provenance (predicate, "Schema" and "Fields"),
 * https://github.com/in-toto/attestation/blob/main/spec/v1/statement.md and
 * .../resource_descriptor.md. Objects are strict here so a misspelt field fails the test, where the
 * spec tells consumers to ignore unknown fields.
 */

/** A digest set: algorithm → lowercase hex (in-toto DigestSet; `gitCommit` is hex too). */
const digestSet = z.record(z.string().min(1), z.string().regex(/^[0-9a-f]+$/, 'lowercase hex'));
const typeUri = z.url();
const timestamp = z.iso.datetime({ offset: true });

/** ResourceDescriptor: at least one of `uri`, `digest`, `content` (resource_descriptor.md). */
const resourceDescriptor = z
  .strictObject({
    uri: z.string().min(1).optional(),
    digest: digestSet.optional(),
    name: z.string().min(1).optional(),
    downloadLocation: z.string().optional(),
    mediaType: z.string().optional(),
    content: z.string().optional(),
    annotations: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((d) => d.uri !== undefined || d.digest !== undefined || d.content !== undefined, {
    message: 'a ResourceDescriptor needs uri, digest or content',
  });

const builder = z.strictObject({
  id: typeUri,
  version: z.record(z.string(), z.string()).optional(),
  builderDependencies: z.array(resourceDescriptor).optional(),
});

/** The SLSA v1 provenance predicate. */
export const slsaProvenanceV1 = z.strictObject({
  buildDefinition: z.strictObject({
    buildType: typeUri,
    externalParameters: z.record(z.string(), z.unknown()),
    internalParameters: z.record(z.string(), z.unknown()).optional(),
    resolvedDependencies: z.array(resourceDescriptor).optional(),
  }),
  runDetails: z.strictObject({
    builder,
    metadata: z
      .strictObject({
        invocationId: z.string().optional(),
        startedOn: timestamp.optional(),
        finishedOn: timestamp.optional(),
      })
      .optional(),
    byproducts: z.array(resourceDescriptor).optional(),
  }),
});

/** An in-toto Statement v1 whose predicate is SLSA provenance v1. */
export const slsaProvenanceStatement = z.strictObject({
  _type: z.literal('https://in-toto.io/Statement/v1'),
  subject: z
    .array(
      z.strictObject({ name: z.string().min(1), digest: digestSet.refine((d) => Object.keys(d).length > 0) }),
    )
    .min(1),
  predicateType: z.literal('https://slsa.dev/provenance/v1'),
  predicate: slsaProvenanceV1,
});
