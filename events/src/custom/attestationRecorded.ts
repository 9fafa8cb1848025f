import { z } from 'zod';
import { formatted } from '../formatted.ts';
import { digestedArtifactRef, location, sha256Digest } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The full type string `dev.cdeventsx.shiplog-attestation.recorded.0.1.0`. */
export const attestationRecordedType = 'dev.cdeventsx.shiplog-attestation.recorded.0.1.0';

/** Who signed: a keyless identity (with its OIDC issuer) or a key, by hint. */
export const attestationSigner = z
  .strictObject({
    identity: z.string().min(1).optional(),
    issuer: formatted(z.string().min(1), 'uri').optional(),
    keyHint: z.string().min(1).optional(),
  })
  .refine((s) => s.identity !== undefined || s.keyHint !== undefined, {
    message: 'a signer needs an identity or a key hint',
  })
  .meta({ anyOf: [{ required: ['identity'] }, { required: ['keyHint'] }] });

/** Content of `attestation.recorded`: a Sigstore bundle over an in-toto statement about an artifact. */
export const attestationRecordedContent = z.strictObject({
  artifact: digestedArtifactRef,
  bundle: z.strictObject({ digest: sha256Digest, location: location.optional() }),
  predicateType: formatted(z.string().min(1), 'uri'),
  signer: attestationSigner,
  transparencyLog: z
    .strictObject({
      logIndex: z.int().nonnegative(),
      logId: z.string().min(1).optional(),
      integratedTime: z.int().nonnegative().optional(),
    })
    .optional(),
});

/** `dev.cdeventsx.shiplog-attestation.recorded.0.1.0` */
export const attestationRecordedEvent = shiplogEventSchema(
  attestationRecordedType,
  attestationRecordedContent,
);
export type AttestationRecordedEvent = z.infer<typeof attestationRecordedEvent>;
