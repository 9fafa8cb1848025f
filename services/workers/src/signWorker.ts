import { provenanceStatement, signStatement, SLSA_PROVENANCE_V1 } from '@shiplog/attest';
import type { SigningIdentity } from '@shiplog/attest';
import { attestationRecordedType, createShiplogEvent } from '@shiplog/events';
import { buildEvent } from '@shiplog/sdk';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { SignJob } from './jobs.ts';
import { recordOutcome } from './recordOutcome.ts';
import type { WorkerContext } from './workerContext.ts';

/** The build type our provenance names: a release recipe run by a shiplog build worker. */
export const SHIPLOG_BUILD_TYPE = 'https://shiplog.dev/release-build/v1';

export interface SignOutcome {
  readonly status: 'recorded' | 'duplicate';
  readonly bundleDigest?: string;
}

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

/**
 * Signs an SLSA v1 provenance statement about one stored artifact (subject: its purl with its
 * sha256 and sha512), stores the Sigstore bundle by digest and records `attestation.recorded` and
 * `artifact.signed`.
 */
export async function handleSignJob(job: SignJob, ctx: WorkerContext): Promise<SignOutcome> {
  const identity = ctx.signing;
  if (identity === undefined)
    throw new WorkerError(WorkerErrorCode.ConfigInvalid, 'this worker has no signing identity');
  const eventId = `${job.jobId}.attestation`;
  if ((await ctx.store.readEvent(`${job.jobId}.signed`)) !== undefined) return { status: 'duplicate' };
  const { artifact } = job;
  // Reading verifies the stored bytes still hash to the recorded digest.
  await ctx.artifacts.get(artifact.digest);
  const statement = provenanceStatement({
    subjects: [
      {
        name: artifact.purl,
        digest: {
          sha256: artifact.digest.slice('sha256:'.length),
          sha512: artifact.sha512.slice('sha512:'.length),
        },
      },
    ],
    buildType: SHIPLOG_BUILD_TYPE,
    builderId: `https://shiplog.dev/workers/${encodeURIComponent(job.builder)}`,
    externalParameters: {
      release: job.release,
      version: job.version,
      package: artifact.package,
      recipe: job.recipe,
    },
    internalParameters: { packagedEventId: artifact.packagedEventId },
    invocationId: job.jobId,
    startedOn: new Date(job.startedOn),
    finishedOn: new Date(job.finishedOn),
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
  await recordOutcome(ctx.recorder, ctx.store, attestation);
  const signedEvent = buildEvent('dev.cdevents.artifact.signed.0.3.0', {
    id: `${job.jobId}.signed`,
    source: '/shiplog/workers/sign',
    timestamp: ctx.now(),
    subjectId: artifact.purl,
    content: { signature: stored.location },
  });
  const answer = await recordOutcome(ctx.recorder, ctx.store, signedEvent);
  return { status: answer.status === 'duplicate' ? 'duplicate' : 'recorded', bundleDigest: stored.digest };
}
