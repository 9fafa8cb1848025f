import { releaseIds } from '@shiplog/ledger';
import { createShiplogEvent, sbomGeneratedType } from '@shiplog/events';
import { createSbom, SbomError } from '@shiplog/sbom';
import { WorkerError } from './errors.ts';
import { followUpBuild } from './followUpBuild.ts';
import type { SbomJob } from './jobs.ts';
import { recordOutcome } from './recordOutcome.ts';
import { refuseJob } from './refuseJob.ts';
import type { RefusedJob } from './refuseJob.ts';
import type { WorkerContext } from './workerContext.ts';
import { readOwnEvent } from './readOwnEvent.ts';

/** What an SBOM job ended with. */
export type SbomOutcome =
  | {
      readonly status: 'recorded' | 'duplicate';
      readonly sbomDigest?: string;
      readonly componentCount?: number;
    }
  | { readonly status: 'failed'; readonly code: string; readonly message: string }
  | RefusedJob;

/**
 * Generates the CycloneDX 1.6 SBOM of one built file (the `artifact.packaged` the job names, as
 * shiplog's build worker recorded it; else the job is refused) from its own metadata, validates it
 * against the schema, stores it by digest and records `sbom.generated`. A document that fails
 * validation is never stored or recorded (`SBOM_SCHEMA_INVALID`); nor is one for an artifact whose
 * metadata cannot be read.
 */
export async function handleSbomJob(job: SbomJob, ctx: WorkerContext): Promise<SbomOutcome> {
  const eventId = releaseIds.sbom(job.jobId);
  if ((await readOwnEvent(ctx.store, eventId)) !== undefined) return { status: 'duplicate' };
  let build;
  try {
    build = await followUpBuild(job, ctx);
  } catch (err) {
    if (!(err instanceof WorkerError)) throw err;
    return refuseJob(ctx, 'sbom', job, err);
  }
  const { artifact } = build;
  // Reading verifies the stored bytes still hash to the recorded digest.
  const bytes = await ctx.artifacts.get(artifact.digest);
  let sbom;
  try {
    sbom = await createSbom({
      fileName: artifact.fileName,
      bytes,
      purl: artifact.purl,
      name: artifact.package,
      version: build.packageVersion ?? build.version,
      // The request time, not the clock: the same artifact gives the same document on every run.
      timestamp: new Date(job.requestedAt),
    });
  } catch (err) {
    if (!(err instanceof SbomError)) throw err;
    // Retrying cannot help: the job is kept in the rejected log with its reason, and without an
    // sbom.generated event the release gate says SBOM_MISSING.
    const reason = `sbom ${err.code}: ${err.message}`;
    await ctx.bus.reject(new TextEncoder().encode(JSON.stringify(job)), reason);
    return { status: 'failed', code: err.code, message: err.message };
  }
  const stored = await ctx.artifacts.put(new TextEncoder().encode(sbom.json));
  const event = createShiplogEvent(sbomGeneratedType, {
    id: eventId,
    source: '/shiplog/workers/sbom',
    timestamp: ctx.now(),
    subjectId: stored.digest,
    content: {
      artifact: { digest: artifact.digest, purl: artifact.purl },
      sbom: {
        digest: stored.digest,
        format: 'CycloneDX',
        specVersion: '1.6',
        location: stored.location,
        componentCount: sbom.componentCount,
      },
    },
  });
  const answer = await recordOutcome(ctx, event);
  return {
    status: answer.status === 'duplicate' ? 'duplicate' : 'recorded',
    sbomDigest: stored.digest,
    componentCount: sbom.componentCount,
  };
}
