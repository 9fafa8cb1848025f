import { releasePackage } from '@shiplog/release';
import { z } from 'zod';

/** The work queues of a release (DESIGN.md: build → SBOM → sign/attest; the release runner decides the gate). */
export const WorkerQueue = {
  Build: 'build',
  Sbom: 'sbom',
  Sign: 'sign',
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

/**
 * Build one package of a release run. The job carries no command and no path: the worker reads
 * the recipe from the manifest run `run` recorded (`<release>@<version>.run.<run>.started`) and
 * builds it only when that entry's digest is `entryDigest`.
 */
export const buildJob = z.strictObject({
  ...jobBase,
  run: z.number().int().min(1),
  package: z.string().min(1),
  /** `sha256:` of the recorded manifest entry's canonical JSON (`contentDigest`). */
  entryDigest: digest,
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

/**
 * Generate the SBOM of, or sign, one built file: the job names only the `artifact.packaged` event
 * the build worker recorded; the worker reads the rest (digest, package, recipe) from the ledger.
 */
const followUpJob = z.strictObject({ ...jobBase, packagedEventId: z.string().min(1) });
export const sbomJob = followUpJob;
export type SbomJob = z.infer<typeof sbomJob>;
export const signJob = followUpJob;
export type SignJob = z.infer<typeof signJob>;

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
