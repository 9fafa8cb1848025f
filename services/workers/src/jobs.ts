import { releasePackage } from '@shiplog/release';
import { z } from 'zod';

/** The work queues of a release (DESIGN.md: build → SBOM → sign/attest → release gate). */
export const WorkerQueue = {
  Build: 'build',
  Sbom: 'sbom',
  Sign: 'sign',
  Gate: 'gate',
} as const;
export type WorkerQueue = (typeof WorkerQueue)[keyof typeof WorkerQueue];

const jobId = z.string().regex(/^[A-Za-z0-9._:@-]+$/, 'must be letters, digits and . _ : @ -');
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/);

/** What every job names: itself, its release and when it was asked for (the time its events carry). */
const jobBase = {
  jobId,
  release: z.string().min(1),
  version: z.string().min(1),
  requestedAt: z.iso.datetime({ offset: true }),
};

/** Build one package of a manifest: its recipe, run from `manifestDir`. */
export const buildJob = z.strictObject({
  ...jobBase,
  manifestDir: z.string().min(1),
  package: releasePackage,
});
export type BuildJob = z.infer<typeof buildJob>;

/** One built file, as the build recorded it. */
export const builtArtifact = z.strictObject({
  package: z.string().min(1),
  ecosystem: releasePackage.shape.ecosystem,
  fileName: z.string().min(1),
  digest,
  sha512: z.string().regex(/^sha512:[0-9a-f]{128}$/),
  purl: z.string().min(1),
  /** The `artifact.packaged` event id. */
  packagedEventId: z.string().min(1),
});
export type BuiltArtifact = z.infer<typeof builtArtifact>;

export const sbomJob = z.strictObject({ ...jobBase, artifact: builtArtifact });
export type SbomJob = z.infer<typeof sbomJob>;

/** Sign one artifact; `recipe` is what the provenance says was run. */
export const signJob = z.strictObject({
  ...jobBase,
  artifact: builtArtifact,
  recipe: releasePackage.shape.build,
  builder: z.string().min(1),
  startedOn: z.iso.datetime({ offset: true }),
  finishedOn: z.iso.datetime({ offset: true }),
});
export type SignJob = z.infer<typeof signJob>;

/** Decide the release gate for a manifest's artifacts as the ledger knows them. */
export const gateJob = z.strictObject({ ...jobBase, manifestPath: z.string().min(1) });
export type GateJob = z.infer<typeof gateJob>;

/**
 * Publish one package of a release: its built files (as the ledger recorded them) to its registry.
 * The release runner (`runRelease`) handles these itself: it is the process holding the registry
 * credentials, and it needs each outcome at once to keep the waves in lockstep.
 * npm versions go out under `stagingTag`; the release moves `latest` once everything is out.
 */
export const publishJob = z.strictObject({
  ...jobBase,
  package: releasePackage,
  artifacts: z.array(builtArtifact).min(1),
  stagingTag: z.string().min(1).default('shiplog-staging'),
  /** Everything but the upload: digests checked, the registry asked what it holds. */
  dryRun: z.boolean().default(false),
});
export type PublishJob = z.infer<typeof publishJob>;
