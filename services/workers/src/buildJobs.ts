import { releaseIds } from '@shiplog/ledger';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import type { BuildJob } from './jobs.ts';
import { entryDigestOf } from './recordedEntry.ts';

/** The build job id of one package: stable, so enqueuing a release twice stores each job once. */
export function buildJobId(manifest: Pick<ReleaseManifest, 'release' | 'version'>, name: string): string {
  return releaseIds.buildJob(manifest, name);
}

/** The build job of `pkg` in release run `run`: names the recorded entry by digest, carries no recipe. */
export function buildJobOf(
  manifest: ReleaseManifest,
  pkg: ReleasePackage,
  run: number,
  requestedAt: Date,
): BuildJob {
  return {
    jobId: buildJobId(manifest, pkg.name),
    release: manifest.release,
    version: manifest.version,
    requestedAt: requestedAt.toISOString(),
    run,
    package: pkg.name,
    entryDigest: entryDigestOf(pkg),
  };
}

/** The SBOM/sign job id of a built file: `<build job id>.<file index>`, from its packaged event id. */
export function followUpJobId(packagedEventId: string): string | undefined {
  return releaseIds.fileJobOfPackaged(packagedEventId);
}
