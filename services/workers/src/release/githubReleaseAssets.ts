import { readFact } from '@shiplog/ledger';
import { createHash } from 'node:crypto';
import type { BuiltArtifact } from '../jobs.ts';
import { followUpJobId } from '../buildJobs.ts';
import { readOwnEvent } from '../readOwnEvent.ts';
import type { WorkerContext } from '../workerContext.ts';

/** One asset of a GitHub release: its name, bytes and what it is. */
export interface ReleaseAsset {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
}

/** The digest an SBOM or attestation event the workers recorded names (its evidence fact). */
async function recordedDigest(
  ctx: WorkerContext,
  eventId: string,
  field: 'sbom' | 'bundle',
): Promise<string> {
  const record = await readOwnEvent(ctx.store, eventId);
  const fact = record === undefined ? undefined : readFact(record)?.fact;
  const digest =
    fact?.kind !== 'evidence' ? undefined : field === 'sbom' ? fact.sbom?.digest : fact.bundleDigest;
  if (typeof digest !== 'string') throw new Error(`the ledger holds no ${field} ${eventId}`);
  return digest;
}

/**
 * The assets of a release's GitHub Release, read from the ledger and the artifact store: every
 * built file (the tarballs, crates, wheels, wasm), its CycloneDX SBOM (`<file>.cdx.json`) and its
 * signed provenance bundle (`<file>.sigstore.json`), and `SHA256SUMS` over all of them.
 */
export async function githubReleaseAssets(
  ctx: WorkerContext,
  artifacts: ReadonlyMap<string, readonly BuiltArtifact[]>,
): Promise<ReleaseAsset[]> {
  const assets: ReleaseAsset[] = [];
  for (const file of [...artifacts.values()].flat()) {
    const jobId = followUpJobId(file.packagedEventId) ?? file.packagedEventId;
    assets.push(
      {
        name: file.fileName,
        bytes: await ctx.artifacts.get(file.digest),
        contentType: 'application/octet-stream',
      },
      {
        name: `${file.fileName}.cdx.json`,
        bytes: await ctx.artifacts.get(await recordedDigest(ctx, `${jobId}.sbom`, 'sbom')),
        contentType: 'application/vnd.cyclonedx+json',
      },
      {
        name: `${file.fileName}.sigstore.json`,
        bytes: await ctx.artifacts.get(await recordedDigest(ctx, `${jobId}.attestation`, 'bundle')),
        contentType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      },
    );
  }
  const sums = assets
    .map((a) => `${createHash('sha256').update(a.bytes).digest('hex')}  ${a.name}`)
    .sort((a, b) => a.slice(66).localeCompare(b.slice(66)))
    .join('\n');
  assets.push({
    name: 'SHA256SUMS',
    bytes: new TextEncoder().encode(`${sums}\n`),
    contentType: 'text/plain',
  });
  return assets;
}
