import { releaseIds } from '@shiplog/ledger';
import { provenanceStatement, signStatement, SLSA_PROVENANCE_V1 } from '@shiplog/attest';
import type { ResourceDescriptor, SigningIdentity, StatementSubject } from '@shiplog/attest';
import { attestationRecordedType, createShiplogEvent } from '@shiplog/events';
import { buildEvent } from '@shiplog/sdk';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import { followUpBuild } from './followUpBuild.ts';
import type { SignJob } from './jobs.ts';
import { readRecordedEntry } from './recordedEntry.ts';
import type { RecordedEntry } from './recordedEntry.ts';
import type { RecordedBuild } from './recordedBuild.ts';
import { recordOutcome } from './recordOutcome.ts';
import { refuseJob } from './refuseJob.ts';
import type { RefusedJob } from './refuseJob.ts';
import type { WorkerContext } from './workerContext.ts';
import { readOwnEvent } from './readOwnEvent.ts';

/** The build type our provenance names: a release recipe run by a shiplog build worker. */
export const SHIPLOG_BUILD_TYPE = 'https://shiplog.dev/release-build/v1';
/**
 * The builder our provenance names: stable, so a verifier can pin it (SLSA v1 `builder.id`); which
 * host and process ran the build goes in `runDetails.metadata.invocationId`.
 */
export const SHIPLOG_BUILDER_ID = 'https://shiplog.dev/builders/workers@v1';

/**
 * An OCI artifact's second subject: the manifest the publish worker pushes (the build computed its
 * digest), which `cosign verify-attestation <image>` matches against the image digest.
 */
function manifestSubject(build: RecordedBuild, entry: RecordedEntry): StatementSubject[] {
  if (build.oci === undefined) return [];
  const registry = entry.pkg.registry;
  const host = URL.canParse(registry.url) ? new URL(registry.url).host : registry.url;
  return [
    {
      name: `${host}/${registry.repository ?? entry.pkg.name}`,
      digest: { sha256: build.oci.manifestDigest.slice('sha256:'.length) },
    },
  ];
}

/** The source the run read its manifest from, as SLSA resolved dependencies (`git+<repo>`, gitCommit). */
function sourceDependencies(entry: RecordedEntry): ResourceDescriptor[] | undefined {
  const source = entry.source;
  if (source === undefined) return undefined;
  return [
    {
      uri: `git+${source.repository}`,
      digest: { gitCommit: source.commit },
      ...(source.dirty ? { annotations: { dirty: true } } : {}),
    },
  ];
}

export type SignOutcome =
  { readonly status: 'recorded' | 'duplicate'; readonly bundleDigest?: string } | RefusedJob;

function signerOf(identity: SigningIdentity): { keyHint?: string; identity?: string; issuer?: string } {
  if (identity.kind === 'key') return { keyHint: identity.keyHint };
  // The certificate names the token's subject and issuer; read them from the token's claims.
  const payload = identity.identityToken.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    sub?: string;
    iss?: string;
  };
  return {
    ...(claims.sub === undefined ? {} : { identity: claims.sub }),
    ...(claims.iss === undefined ? {} : { issuer: claims.iss }),
  };
}

/** The build a sign job names and the recorded manifest entry it was built from (same digest). */
async function signedBuild(
  job: SignJob,
  ctx: WorkerContext,
): Promise<{ build: RecordedBuild; entry: RecordedEntry }> {
  const build = await followUpBuild(job, ctx);
  const entry = await readRecordedEntry(ctx.store, { ...build, package: build.artifact.package });
  if (entry.entryDigest !== build.entryDigest) {
    throw new WorkerError(
      WorkerErrorCode.JobDigestMismatch,
      `${job.packagedEventId} was built from ${build.entryDigest}; run ${build.run} recorded ${entry.entryDigest}`,
    );
  }
  return { build, entry };
}

/**
 * Signs an SLSA v1 provenance statement about one built file (subject: its purl with its sha256
 * and sha512), stores the Sigstore bundle by digest and records `attestation.recorded` and
 * `artifact.signed`. Everything signed comes from the ledger: the `artifact.packaged` the job names
 * (recorded by shiplog's build worker) and the recipe of the manifest entry it was built from; a
 * job naming anything else is refused. The stored bytes are hashed again before signing.
 */
export async function handleSignJob(job: SignJob, ctx: WorkerContext): Promise<SignOutcome> {
  const identity = ctx.signing;
  if (identity === undefined)
    throw new WorkerError(WorkerErrorCode.ConfigInvalid, 'this worker has no signing identity');
  const eventId = releaseIds.attestation(job.jobId);
  if ((await readOwnEvent(ctx.store, releaseIds.signed(job.jobId))) !== undefined)
    return { status: 'duplicate' };
  let facts;
  try {
    facts = await signedBuild(job, ctx);
  } catch (err) {
    if (!(err instanceof WorkerError)) throw err;
    return refuseJob(ctx, 'sign', job, err);
  }
  const { build, entry } = facts;
  const { artifact } = build;
  // Reading verifies the stored bytes still hash to the recorded digest.
  await ctx.artifacts.get(artifact.digest);
  const resolvedDependencies = sourceDependencies(entry);
  const statement = provenanceStatement({
    subjects: [
      {
        name: artifact.purl,
        digest: {
          sha256: artifact.digest.slice('sha256:'.length),
          sha512: artifact.sha512.slice('sha512:'.length),
        },
      },
      ...manifestSubject(build, entry),
    ],
    buildType: SHIPLOG_BUILD_TYPE,
    builderId: SHIPLOG_BUILDER_ID,
    externalParameters: {
      release: build.release,
      version: build.version,
      package: artifact.package,
      recipe: entry.pkg.build,
    },
    internalParameters: {
      packagedEventId: artifact.packagedEventId,
      run: build.run,
      entryDigest: build.entryDigest,
    },
    ...(resolvedDependencies === undefined ? {} : { resolvedDependencies }),
    invocationId: `${job.jobId}@${build.runner}`,
    startedOn: new Date(build.startedOn),
    finishedOn: new Date(build.finishedOn),
  });
  const signed = await signStatement(statement, identity);
  const stored = await ctx.artifacts.put(new TextEncoder().encode(signed.json));
  const ref = { digest: artifact.digest, purl: artifact.purl };
  const attestation = createShiplogEvent(attestationRecordedType, {
    id: eventId,
    source: '/shiplog/workers/sign',
    timestamp: ctx.now(),
    subjectId: stored.digest,
    content: {
      artifact: ref,
      bundle: { digest: stored.digest, location: stored.location },
      predicateType: SLSA_PROVENANCE_V1,
      signer: signerOf(identity),
      ...(signed.transparencyLog === undefined ? {} : { transparencyLog: signed.transparencyLog }),
    },
  });
  await recordOutcome(ctx, attestation);
  const signedEvent = buildEvent('dev.cdevents.artifact.signed.0.3.0', {
    id: releaseIds.signed(job.jobId),
    source: '/shiplog/workers/sign',
    timestamp: ctx.now(),
    subjectId: artifact.purl,
    content: { signature: stored.location },
  });
  const answer = await recordOutcome(ctx, signedEvent);
  return { status: answer.status === 'duplicate' ? 'duplicate' : 'recorded', bundleDigest: stored.digest };
}
