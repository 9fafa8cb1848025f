import { z } from 'zod';
import { formatted } from '../formatted.ts';

/** A content digest as shiplog writes it everywhere: `sha256:` and 64 lowercase hex digits. */
export const sha256Digest = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, 'must be sha256:<64 lowercase hex digits>');

/** A package URL (purl), e.g. `pkg:npm/%40acme/app@1.2.3`. */
export const purl = z
  .string()
  .regex(/^pkg:[A-Za-z][A-Za-z0-9.+-]*\/\S+$/, 'must be a package URL (pkg:type/name@version)');

/**
 * How shiplog names an artifact: by digest (the bytes), by purl (the name), or both. At least one
 * is required; producers should send the digest whenever they know it.
 */
export const artifactRef = z
  .strictObject({ digest: sha256Digest.optional(), purl: purl.optional() })
  .refine((a) => a.digest !== undefined || a.purl !== undefined, {
    message: 'an artifact needs a digest, a purl or both',
  })
  .meta({ anyOf: [{ required: ['digest'] }, { required: ['purl'] }] });
export type ArtifactRef = z.infer<typeof artifactRef>;

/** An artifact named by its digest (and optionally its purl): what build-once-promote-the-same-bytes needs. */
export const digestedArtifactRef = z.strictObject({ digest: sha256Digest, purl: purl.optional() });
export type DigestedArtifactRef = z.infer<typeof digestedArtifactRef>;

/** The same shape CDEvents uses for `environment`, `service` and `change` references. */
export const entityRef = z.strictObject({
  id: z.string().min(1),
  source: formatted(z.string().min(1), 'uri-reference').optional(),
});
export type EntityRef = z.infer<typeof entityRef>;

/** A problem or reason with a stable code, e.g. `{ code: 'COVERAGE_BELOW_MIN', message: '…' }`. */
export const reason = z.strictObject({ code: z.string().min(1), message: z.string().min(1) });
export type Reason = z.infer<typeof reason>;

/** A URI reference to a report, bundle or document. */
export const location = formatted(z.string().min(1), 'uri-reference');
